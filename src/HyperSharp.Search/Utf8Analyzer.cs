using System.Buffers;
using System.Text;

namespace HyperSharp.Search;

/// <summary>
/// <see cref="Analyzer"/> over UTF-8 bytes instead of UTF-16 text: the same tokens (maximal runs of letters and digits,
/// lower-cased with the invariant culture, cut at <see cref="Analyzer.MaxTokenLength"/> UTF-16 code units), given as
/// their UTF-8 bytes. Bytes that are not valid UTF-8 separate tokens, as the replacement character a decoder puts in
/// their place does for <see cref="Analyzer"/>. Runs of lower-case ASCII are handed out as slices of the input, so
/// the common word costs no copy and no allocation.
/// </summary>
internal static class Utf8Analyzer
{
    /// <summary>Receives each token's UTF-8 bytes (valid only during the call).</summary>
    internal interface ISink
    {
        void Token(ReadOnlySpan<byte> token);
    }

    private const byte Separator = 0, Keep = 1, Upper = 2, NonAscii = 3;

    /// <summary>The class of each byte: ASCII letters and digits, ASCII separators, and every byte of a multi-byte sequence.</summary>
    private static ReadOnlySpan<byte> Classes => s_classes;

    private static readonly byte[] s_classes = MakeClasses();

    private static byte[] MakeClasses()
    {
        var c = new byte[256];
        for (int b = 0; b < 256; b++)
            c[b] = b >= 0x80 ? NonAscii : b is >= 'a' and <= 'z' or >= '0' and <= '9' ? Keep : b is >= 'A' and <= 'Z' ? Upper : Separator;
        return c;
    }

    /// <summary>Whether <paramref name="b"/> always ends a token: an ASCII byte that is neither a letter nor a digit.</summary>
    public static bool IsSeparator(byte b) => s_classes[b] == Separator;

    /// <summary>Calls <paramref name="sink"/> with each token of <paramref name="text"/>, in order.</summary>
    public static void Tokenize<TSink>(ReadOnlySpan<byte> text, ref TSink sink) where TSink : ISink
    {
        ReadOnlySpan<byte> classes = Classes;
        // A token that needs lower-casing or holds non-ASCII letters is built here: at most 255 UTF-16 code units,
        // each at most 3 UTF-8 bytes (a 2-unit surrogate pair is 4 bytes).
        Span<byte> token = stackalloc byte[Analyzer.MaxTokenLength * 3];
        int i = 0, n = text.Length;
        while (i < n)
        {
            byte cls = classes[text[i]];
            if (cls == Separator)
            {
                i++;
                continue;
            }
            int start = i;
            bool upper = false;
            while (cls is Keep or Upper)
            {
                upper |= cls == Upper;
                if (++i == n)
                    break;
                cls = classes[text[i]];
            }
            if (i == n || cls == Separator)
            {
                ReadOnlySpan<byte> run = text[start..Math.Min(i, start + Analyzer.MaxTokenLength)];
                if (!upper)
                {
                    sink.Token(run);
                    continue;
                }
                for (int k = 0; k < run.Length; k++)
                    token[k] = Lower(run[k]);
                sink.Token(token[..run.Length]);
                continue;
            }
            i = Mixed(text, start, i, token, ref sink);
        }
    }

    private static byte Lower(byte b) => b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b;

    /// <summary>
    /// A run of ASCII letters and digits <c>text[start..i]</c> followed by a non-ASCII byte: goes on as
    /// <see cref="Analyzer"/> does, rune by rune, counting UTF-16 units for the cut. Returns where the token ended.
    /// </summary>
    private static int Mixed<TSink>(ReadOnlySpan<byte> text, int start, int i, Span<byte> token, ref TSink sink) where TSink : ISink
    {
        int bytes = 0, units = 0;
        for (int k = start; k < i && units < Analyzer.MaxTokenLength; k++, units++)
            token[bytes++] = Lower(text[k]);
        while (i < text.Length)
        {
            byte b = text[i];
            if (b < 0x80)
            {
                if (s_classes[b] == Separator)
                    break;
                i++;
                if (units < Analyzer.MaxTokenLength)
                {
                    token[bytes++] = Lower(b);
                    units++;
                }
                continue;
            }
            if (Rune.DecodeFromUtf8(text[i..], out Rune rune, out int used) != OperationStatus.Done)
            {
                // Not UTF-8: a separator, as its replacement character is.
                i += Math.Max(1, used);
                break;
            }
            if (!Rune.IsLetterOrDigit(rune))
            {
                i += used;
                break;
            }
            i += used;
            Rune lower = Rune.ToLowerInvariant(rune);
            if (units + lower.Utf16SequenceLength <= Analyzer.MaxTokenLength)
            {
                bytes += lower.EncodeToUtf8(token[bytes..]);
                units += lower.Utf16SequenceLength;
            }
        }
        if (bytes > 0)
            sink.Token(token[..bytes]);
        return i;
    }
}
