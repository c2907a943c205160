using System.Runtime.CompilerServices;
using HyperSharp.Pi;

namespace HyperSharp.Kernels;

/// <summary>
/// Uniform doubles in [−1, 1) that any element can compute alone: element i of seed s is
/// <c>(Mix64(Mix64(s) + (i + 1)·γ) &gt;&gt; 11)·2⁻⁵² − 1</c>, SplitMix64 as <see cref="PiStream"/> draws it. The C and
/// NumPy peers compute the very same values (exactly: every step is exact in float64), so they need no input file.
/// </summary>
public static class UniformStream
{
    /// <summary>The stream's key for <paramref name="seed"/>.</summary>
    public static ulong Key(long seed) => PiStream.Mix64<ulong, double, ScalarWordMath>((ulong)seed);

    /// <summary>Element <paramref name="index"/> of the stream keyed <paramref name="key"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double At(ulong key, long index) =>
        (PiStream.Mix64<ulong, double, ScalarWordMath>(key + ((ulong)index + 1) * PiStream.Gamma) >> 11) * (1.0 / (1L << 52)) - 1.0;

    /// <summary>Fills <paramref name="destination"/> with elements <paramref name="start"/>… of the stream of <paramref name="seed"/>.</summary>
    public static void Fill(Span<double> destination, long seed, long start = 0)
    {
        ulong key = Key(seed);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = At(key, start + i);
    }

    /// <summary>The first <paramref name="count"/> elements of the stream of <paramref name="seed"/>, filled on every core.</summary>
    public static double[] Doubles(long count, long seed)
    {
        var values = new double[count];
        const int Chunk = 1 << 16;
        Parallel.For(0, (count + Chunk - 1) / Chunk, c =>
        {
            long start = c * Chunk;
            Fill(values.AsSpan((int)start, (int)Math.Min(Chunk, count - start)), seed, start);
        });
        return values;
    }
}
