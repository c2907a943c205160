using System.Numerics;
using System.Runtime.CompilerServices;

namespace HyperSharp.Frames;

/// <summary>Validity bitmaps: bit i set = row i has a value. A null bitmap means every row has one.</summary>
internal static class Bits
{
    public static int Words(int length) => (length + 63) >> 6;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ulong[] bits, int i) => (bits[i >> 6] & (1UL << i)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(ulong[] bits, int i) => bits[i >> 6] |= 1UL << i;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(ulong[] bits, int i) => bits[i >> 6] &= ~(1UL << i);

    public static ulong[] AllSet(int length)
    {
        var bits = new ulong[Words(length)];
        bits.AsSpan().Fill(ulong.MaxValue);
        if ((length & 63) != 0)
            bits[^1] = (1UL << (length & 63)) - 1;
        return bits;
    }

    public static int CountSet(ulong[] bits, int length)
    {
        int count = 0;
        for (int w = 0; w < bits.Length; w++)
            count += BitOperations.PopCount(bits[w]);
        return Math.Min(count, length);
    }

    /// <summary>The bitmap of rows valid in both (null = all valid).</summary>
    public static ulong[]? And(ulong[]? a, ulong[]? b)
    {
        if (a is null)
            return b is null ? null : (ulong[])b.Clone();
        if (b is null)
            return (ulong[])a.Clone();
        var r = new ulong[a.Length];
        for (int i = 0; i < r.Length; i++)
            r[i] = a[i] & b[i];
        return r;
    }

    /// <summary>Null when every row is valid, so that fast paths skip the checks.</summary>
    public static ulong[]? Normalize(ulong[]? bits, int length) => bits is not null && CountSet(bits, length) == length ? null : bits;

    public static ulong[]? FromFlags(ReadOnlySpan<bool> valid)
    {
        ulong[] bits = new ulong[Words(valid.Length)];
        for (int i = 0; i < valid.Length; i++)
            if (valid[i])
                Set(bits, i);
        return Normalize(bits, valid.Length);
    }

    /// <summary>The validity of rows <paramref name="rows"/> of <paramref name="bits"/> (a row of −1 is null).</summary>
    public static ulong[]? Gather(ulong[]? bits, ReadOnlySpan<int> rows)
    {
        bool anyMissing = false;
        foreach (int r in rows)
            if (r < 0)
            {
                anyMissing = true;
                break;
            }
        if (bits is null && !anyMissing)
            return null;
        var result = new ulong[Words(rows.Length)];
        for (int i = 0; i < rows.Length; i++)
        {
            int r = rows[i];
            if (r >= 0 && (bits is null || Get(bits, r)))
                Set(result, i);
        }
        return Normalize(result, rows.Length);
    }
}
