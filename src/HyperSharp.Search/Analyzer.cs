using System.Text;

namespace HyperSharp.Search;

/// <summary>
/// The one analyzer of the index and of queries: a token is a maximal run of Unicode letters and digits
/// (<see cref="Rune.IsLetterOrDigit"/>), lower-cased with the invariant culture; everything else separates tokens.
/// "Don't stop-at 3:45, Ærø!" gives <c>don</c>, <c>t</c>, <c>stop</c>, <c>at</c>, <c>3</c>, <c>45</c>, <c>ærø</c>.
/// </summary>
public static class Analyzer
{
    /// <summary>The longest token kept, in UTF-16 code units; longer runs are cut there (the rest is dropped).</summary>
    public const int MaxTokenLength = 255;

    /// <summary>The tokens of <paramref name="text"/>, in order, duplicates kept.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sink = new ListSink { Tokens = [] };
        Tokenize(text, ref sink);
        return sink.Tokens;
    }

    /// <summary>Receives each token; a struct so the loop is specialised and allocates nothing.</summary>
    internal interface ISink
    {
        void Token(ReadOnlySpan<char> token);
    }

    private struct ListSink : ISink
    {
        public List<string> Tokens;

        public readonly void Token(ReadOnlySpan<char> token) => Tokens.Add(token.ToString());
    }

    /// <summary>Calls <paramref name="sink"/> with each lower-cased token of <paramref name="text"/>.</summary>
    internal static void Tokenize<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : ISink
    {
        Span<char> token = stackalloc char[MaxTokenLength];
        int length = 0;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c < 0x80)
            {
                // ASCII, the common case: no rune decoding.
                i++;
                if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
                    Append(token, ref length, c);
                else if (c is >= 'A' and <= 'Z')
                    Append(token, ref length, (char)(c + 32));
                else
                    Flush(token, ref length, ref sink);
                continue;
            }
            if (Rune.DecodeFromUtf16(text[i..], out Rune rune, out int used) != System.Buffers.OperationStatus.Done)
            {
                i += Math.Max(1, used);
                Flush(token, ref length, ref sink);
                continue;
            }
            i += used;
            if (Rune.IsLetterOrDigit(rune))
            {
                Rune lower = Rune.ToLowerInvariant(rune);
                // Beyond the longest token, the rest of the run is dropped.
                if (length + lower.Utf16SequenceLength <= MaxTokenLength)
                    length += lower.EncodeToUtf16(token[length..]);
            }
            else
            {
                Flush(token, ref length, ref sink);
            }
        }
        Flush(token, ref length, ref sink);
    }

    private static void Append(Span<char> token, ref int length, char c)
    {
        if (length < MaxTokenLength)
            token[length++] = c;
    }

    private static void Flush<TSink>(Span<char> token, ref int length, ref TSink sink) where TSink : ISink
    {
        if (length > 0)
            sink.Token(token[..length]);
        length = 0;
    }
}
