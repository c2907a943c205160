using System.Runtime.CompilerServices;
using HyperSharp.Kernels;

namespace HyperSharp.Pi;

/// <summary>
/// The counter-based random stream shared by every rung but the two System.Random ones (and by the C peer), so that
/// they all count the very same points.
/// <para>
/// Samples are cut into fixed blocks of <see cref="BlockSize"/>; block b has its own SplitMix64 stream whose state
/// starts at <see cref="BlockKey"/>(seed, b), and sample k of the block is the 64-bit word
/// <c>Mix64(key + (k + 1)·γ)</c> — computable from (seed, b, k) alone, so any thread, process or GPU thread can take
/// any block and the hits do not depend on who counted what.
/// </para>
/// <para>
/// The word's top 26 bits make x, the next 26 bits make y: doubles in [0, 1) on a 2⁻²⁶ grid. Then x², y² and x² + y²
/// are exact (at most 53 significant bits), so the test x² + y² ≤ 1 gives the same answer with or without fused
/// multiply-add, on any CPU width, in C and on a GPU. The grid's bias on π is about 10⁻⁷, far below σ for any
/// sample count that runs in reasonable time (σ ≈ 1.6·10⁻⁴ at 10⁸ samples).
/// </para>
/// </summary>
public static class PiStream
{
    /// <summary>Samples per block: 2^16, small enough that 10⁶ samples already make 16 blocks to share out.</summary>
    public const int BlockShift = 16;
    /// <summary>Samples per block, 2^<see cref="BlockShift"/>.</summary>
    public const long BlockSize = 1L << BlockShift;

    /// <summary>SplitMix64's increment, 2^64 / φ.</summary>
    public const ulong Gamma = 0x9E37_79B9_7F4A_7C15UL;

    /// <summary>Where the 26 bits of a coordinate sit in a double's 52-bit fraction.</summary>
    internal const ulong CoordinateMask = 0x000F_FFFF_FC00_0000UL;

    /// <summary>Blocks that hold <paramref name="samples"/> samples (the last one may be partial).</summary>
    public static long BlockCount(long samples) => (samples + BlockSize - 1) >> BlockShift;

    /// <summary>Samples in block <paramref name="block"/> of a run of <paramref name="samples"/>.</summary>
    public static long BlockLength(long block, long samples) => Math.Min(BlockSize, samples - (block << BlockShift));

    /// <summary>SplitMix64's finaliser (Stafford's variant 13): a bijection of 64-bit words that mixes every bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TWord Mix64<TWord, TReal, TW>(TWord z)
        where TWord : struct where TReal : struct where TW : IWordMath<TWord, TReal>
    {
        z = TW.Multiply(TW.Xor(z, TW.ShiftRight(z, 30)), TW.Broadcast(0xBF58_476D_1CE4_E5B9UL));
        z = TW.Multiply(TW.Xor(z, TW.ShiftRight(z, 27)), TW.Broadcast(0x94D0_49BB_1331_11EBUL));
        return TW.Xor(z, TW.ShiftRight(z, 31));
    }

    /// <summary>The initial state of block <paramref name="block"/>'s stream: SplitMix64 output number b from the seed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong BlockKey(long seed, long block) =>
        Mix64<ulong, double, ScalarWordMath>(Mix64<ulong, double, ScalarWordMath>((ulong)seed) + ((ulong)block + 1) * Gamma);

    /// <summary>
    /// The test for one register of samples: how many of the points (one per lane, from the random word
    /// <paramref name="counter"/> mixes to) fall in the quarter disc x² + y² ≤ 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hits<TWord, TReal, TW, TM>(TWord counter)
        where TWord : struct where TReal : struct where TW : IWordMath<TWord, TReal> where TM : ILaneMath<TReal>
    {
        TWord u = Mix64<TWord, TReal, TW>(counter);
        TWord mask = TW.Broadcast(CoordinateMask);
        TReal x = TW.Fraction(TW.And(TW.ShiftRight(u, 12), mask));
        TReal y = TW.Fraction(TW.And(TW.ShiftLeft(u, 14), mask));
        TReal r2 = TM.Add(TM.Multiply(x, x), TM.Multiply(y, y));
        return TW.CountLessOrEqual(r2, TM.Broadcast(1.0));
    }

    /// <summary>The point of sample <paramref name="index"/> of the stream keyed <paramref name="key"/>, for tests and tools.</summary>
    public static (double X, double Y) Point(ulong key, long index)
    {
        ulong u = Mix64<ulong, double, ScalarWordMath>(key + ((ulong)index + 1) * Gamma);
        return (ScalarWordMath.Fraction((u >> 12) & CoordinateMask), ScalarWordMath.Fraction((u << 14) & CoordinateMask));
    }
}
