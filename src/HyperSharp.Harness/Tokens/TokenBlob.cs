using System.Text;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// Tokens as one UTF-8 buffer in byte order, token i being <c>Data[Offsets[i]..Offsets[i + 1]]</c>: two arrays in all,
/// no object per token. Byte order is code-point order, so a prefix's tokens follow one another.
/// </summary>
public sealed class TokenBlob
{
    /// <summary>A blob over <paramref name="data"/> and its <paramref name="offsets"/> (one more than the tokens, from 0, rising, sorted tokens).</summary>
    public TokenBlob(byte[] data, int[] offsets)
    {
        Data = data;
        Offsets = offsets;
    }

    /// <summary>The tokens' UTF-8 bytes, one after another in byte order.</summary>
    public byte[] Data { get; }

    /// <summary>Where each token starts, and the end of the last.</summary>
    public int[] Offsets { get; }

    /// <summary>Tokens stored.</summary>
    public int Count => Offsets.Length - 1;

    /// <summary>Token <paramref name="i"/>'s bytes.</summary>
    public ReadOnlySpan<byte> this[int i] => Data.AsSpan(Offsets[i], Offsets[i + 1] - Offsets[i]);

    /// <summary>The exact bytes of the two arrays.</summary>
    public long StructureBytes => ObjectSizes.Array(Data.Length, 1) + ObjectSizes.Array(Offsets.Length, 4);

    /// <summary>The blob of <paramref name="tokens"/>: encoded once into one buffer, sorted by their bytes, copied in that order.</summary>
    public static TokenBlob Of(IReadOnlyList<string> tokens)
    {
        var starts = new int[tokens.Count + 1];
        long total = 0;
        for (int i = 0; i < tokens.Count; i++)
        {
            starts[i] = checked((int)total);
            total += Encoding.UTF8.GetByteCount(tokens[i]);
        }
        starts[tokens.Count] = checked((int)total);
        var encoded = new byte[total];
        for (int i = 0; i < tokens.Count; i++)
            Encoding.UTF8.GetBytes(tokens[i], encoded.AsSpan(starts[i]));
        int[] order = [.. Enumerable.Range(0, tokens.Count)];
        Array.Sort(order, (a, b) => Span(encoded, starts, a).SequenceCompareTo(Span(encoded, starts, b)));
        var data = new byte[total];
        var offsets = new int[tokens.Count + 1];
        int at = 0;
        for (int i = 0; i < order.Length; i++)
        {
            offsets[i] = at;
            ReadOnlySpan<byte> t = Span(encoded, starts, order[i]);
            t.CopyTo(data.AsSpan(at));
            at += t.Length;
        }
        offsets[^1] = at;
        return new TokenBlob(data, offsets);
    }

    private static ReadOnlySpan<byte> Span(byte[] bytes, int[] starts, int i) => bytes.AsSpan(starts[i], starts[i + 1] - starts[i]);

    /// <summary>The first token not below <paramref name="key"/> (<see cref="Count"/> when none).</summary>
    public int LowerBound(ReadOnlySpan<byte> key) => LowerBound(Data, Offsets, key);

    /// <summary>Whether <paramref name="key"/> is stored.</summary>
    public bool Contains(ReadOnlySpan<byte> key) => Contains(Data, Offsets, key);

    /// <summary>How many tokens start with <paramref name="prefix"/>: a range from its lower bound.</summary>
    public int PrefixCount(ReadOnlySpan<byte> prefix) => PrefixCount(Data, Offsets, prefix);

    // The searches over the two arrays wherever they lie (in memory, or mapped from a store).
    private static ReadOnlySpan<byte> At(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, int i) => data[offsets[i]..offsets[i + 1]];

    internal static int LowerBound(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> key)
    {
        int lo = 0, hi = offsets.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (At(data, offsets, mid).SequenceCompareTo(key) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    internal static bool Contains(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> key)
    {
        int i = LowerBound(data, offsets, key);
        return i < offsets.Length - 1 && At(data, offsets, i).SequenceEqual(key);
    }

    internal static int PrefixCount(ReadOnlySpan<byte> data, ReadOnlySpan<int> offsets, ReadOnlySpan<byte> prefix)
    {
        int from = LowerBound(data, offsets, prefix), lo = from, hi = offsets.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (At(data, offsets, mid).StartsWith(prefix))
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo - from;
    }
}

/// <summary>A query's UTF-8 bytes in a buffer kept from one query to the next (no allocation per query).</summary>
internal sealed class Utf8Key
{
    private byte[] _buffer = new byte[256];

    public ReadOnlySpan<byte> Of(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max > _buffer.Length)
            _buffer = new byte[max];
        return _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer));
    }
}
