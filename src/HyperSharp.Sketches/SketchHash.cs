using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace HyperSharp.Sketches;

/// <summary>
/// The 64-bit hash every sketch of this library takes: XxHash3 with seed 0, so a value hashes the same here as in
/// any other engine that uses XXH3-64 (Python's <c>xxhash.xxh3_64</c>, ClickHouse, …).
/// </summary>
public static class SketchHash
{
    // XXH3's default secret, read as the keys of its short-input paths (seed 0): bytes 0..3 xor 4..7 (1 to 3 bytes),
    // 8..15 xor 16..23 (4 to 8 bytes), 24..31 xor 32..39 and 40..47 xor 48..55 (9 to 16 bytes).
    private const uint Bitflip1 = 0x396CFEB8U ^ 0xBE4BA423U;
    private const ulong Bitflip8 = 0x1CAD21F72C81017CUL ^ 0xDB979083E96DD4DEUL;
    private const ulong Bitflip16Lo = 0x1F67B3B7A4A44072UL ^ 0x78E5C0CC4EE679CBUL;
    private const ulong Bitflip16Hi = 0x2172FFCC7DD05A82UL ^ 0x8E2443F7744608B8UL;
    private const ulong PrimeMx1 = 0x165667919E3779F9UL;
    private const ulong PrimeMx2 = 0x9FB21C651E98DF25UL;
    private const ulong Prime64_2 = 0xC2B2AE3D27D4EB4FUL;
    private const ulong Prime64_3 = 0x165667B19E3779F9UL;

    /// <summary>
    /// The XxHash3 (seed 0) of <paramref name="bytes"/>. Inputs of 1 to 16 bytes (words, keys, short lines) take
    /// XXH3's short paths inline, without the library call's dispatch: the same value, about twice as fast.
    /// </summary>
    /// <param name="bytes">The item's bytes.</param>
    /// <returns>The 64-bit hash.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        int length = bytes.Length;
        if ((uint)(length - 1) >= 16 || !BitConverter.IsLittleEndian)
            return XxHash3.HashToUInt64(bytes);
        ref byte p = ref MemoryMarshal.GetReference(bytes);
        if (length > 8)
        {
            ulong lo = Unsafe.ReadUnaligned<ulong>(ref p) ^ Bitflip16Lo;
            ulong hi = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref p, length - 8)) ^ Bitflip16Hi;
            ulong high = Math.BigMul(lo, hi, out ulong low);
            ulong acc = (ulong)length + BinaryPrimitives.ReverseEndianness(lo) + hi + (high ^ low);
            acc ^= acc >> 37;
            acc *= PrimeMx1;
            return acc ^ (acc >> 32);
        }
        if (length >= 4)
        {
            ulong first = Unsafe.ReadUnaligned<uint>(ref p);
            ulong last = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref p, length - 4));
            return Rrmxmx((last + (first << 32)) ^ Bitflip8, length);
        }
        uint combined = ((uint)p << 16) | ((uint)Unsafe.Add(ref p, length >> 1) << 24)
            | Unsafe.Add(ref p, length - 1) | ((uint)length << 8);
        ulong h = combined ^ Bitflip1;
        h ^= h >> 33;
        h *= Prime64_2;
        h ^= h >> 29;
        h *= Prime64_3;
        return h ^ (h >> 32);
    }

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
    public static ulong Of(ulong value) => Rrmxmx(BitOperations.RotateLeft(value, 32) ^ Bitflip8, 8);

    /// <summary>XXH3's finalizer of its 4-to-8-byte path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Rrmxmx(ulong h, int length)
    {
        h ^= BitOperations.RotateLeft(h, 49) ^ BitOperations.RotateLeft(h, 24);
        h *= PrimeMx2;
        h ^= (h >> 35) + (ulong)length;
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
