using System.Buffers;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace HyperSharp.Sketches;

/// <summary>
/// The 64-bit hash every sketch of this library takes: XxHash3 with seed 0, so a value hashes the same here as in
/// any other engine that uses XXH3-64 (Python's <c>xxhash.xxh3_64</c>, ClickHouse, …).
/// </summary>
public static class SketchHash
{
    // XXH3's default secret, bytes 8..15 xor bytes 16..23: the key of its 4-to-8-byte path.
    private const ulong Bitflip8 = 0x1CAD21F72C81017CUL ^ 0xDB979083E96DD4DEUL;
    private const ulong PrimeMx2 = 0x9FB21C651E98DF25UL;

    /// <summary>The XxHash3 (seed 0) of <paramref name="bytes"/>.</summary>
    /// <param name="bytes">The item's bytes.</param>
    /// <returns>The 64-bit hash.</returns>
    public static ulong Of(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes);

    /// <summary>The XxHash3 (seed 0) of the UTF-8 bytes of <paramref name="text"/>.</summary>
    /// <param name="text">The item.</param>
    /// <returns>The 64-bit hash.</returns>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (max <= 512)
        {
            Span<byte> small = stackalloc byte[512];
            return Of(small[..Encoding.UTF8.GetBytes(text, small)]);
        }
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            return Of(rented.AsSpan(0, Encoding.UTF8.GetBytes(text, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// The XxHash3 (seed 0) of the 8 little-endian bytes of <paramref name="value"/>, computed inline (XXH3's
    /// 4-to-8-byte path): equal to <c>XxHash3.HashToUInt64</c> of those bytes, without the call.
    /// </summary>
    /// <param name="value">The item.</param>
    /// <returns>The 64-bit hash.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ulong value)
    {
        ulong h = BitOperations.RotateLeft(value, 32) ^ Bitflip8;
        h ^= BitOperations.RotateLeft(h, 49) ^ BitOperations.RotateLeft(h, 24);
        h *= PrimeMx2;
        h ^= (h >> 35) + 8;
        h *= PrimeMx2;
        return h ^ (h >> 28);
    }

    /// <summary>Writes the hash of every value of <paramref name="values"/> to <paramref name="hashes"/>.</summary>
    /// <param name="values">The items.</param>
    /// <param name="hashes">As long as <paramref name="values"/> at least.</param>
    public static void OfAll(ReadOnlySpan<ulong> values, Span<ulong> hashes)
    {
        if (hashes.Length < values.Length)
            throw new ArgumentException("the hash span is shorter than the values", nameof(hashes));
        for (int i = 0; i < values.Length; i++)
            hashes[i] = Of(values[i]);
    }

    /// <summary>A second, independent-looking 64-bit value derived from a hash (SplitMix64's finalizer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Remix(ulong h)
    {
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        return h ^ (h >> 31);
    }
}
