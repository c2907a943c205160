using System.Runtime.CompilerServices;
using HyperSharp.Kernels;

namespace HyperSharp.Pi;

/// <summary>Loop shape over <see cref="PiStream"/>: interleaved registers, a scalar tail, at the width <see cref="SimdDispatch"/> picks.</summary>
public static class PiKernel
{
    /// <summary>Hits among samples [first, last) of the run with <paramref name="samples"/> samples, block by block.</summary>
    public static long CountBlocks(long seed, long samples, long firstBlock, long endBlock, SimdWidth width)
    {
        long hits = 0;
        for (long b = firstBlock; b < endBlock; b++)
            hits += CountRange(PiStream.BlockKey(seed, b), 0, PiStream.BlockLength(b, samples), width);
        return hits;
    }

    /// <summary>Hits among samples [start, start + count) of the block stream keyed <paramref name="key"/>.</summary>
    public static long CountRange(ulong key, long start, long count, SimdWidth width)
    {
        var kernel = new RangeKernel(key, start, count);
        return SimdDispatch.RunWords<RangeKernel, long>(width, ref kernel);
    }

    /// <summary><see cref="CountRange{TWord, TReal, TW, TM}"/> with its arguments, for <see cref="SimdDispatch"/>.</summary>
    private readonly struct RangeKernel(ulong key, long start, long count) : ISimdWordKernel<long>
    {
        private readonly ulong _key = key;
        private readonly long _start = start, _count = count;

        public long Run<TWord, TReal, TW, TM>()
            where TWord : struct
            where TReal : struct
            where TW : struct, IWordMath<TWord, TReal>
            where TM : struct, ILaneMath<TReal> =>
            CountRange<TWord, TReal, TW, TM>(_key, _start, _count);
    }

    /// <summary>
    /// Four registers of counters advance together (the mixer is a chain of dependent multiplies: independent chains
    /// hide its latency); each register's hits are a popcount of its compare mask. The tail that fills no group of
    /// four registers runs one lane at a time through the same formula.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long CountRange<TWord, TReal, TW, TM>(ulong key, long start, long count)
        where TWord : struct where TReal : struct where TW : IWordMath<TWord, TReal> where TM : ILaneMath<TReal>
    {
        int lanes = TW.Lanes;
        long group = 4L * lanes;
        long groups = lanes == 1 ? 0 : count / group;
        ulong first = key + ((ulong)start + 1) * PiStream.Gamma;

        TWord lane = TW.Multiply(TW.Sequence(), TW.Broadcast(PiStream.Gamma));
        TWord stride = TW.Broadcast((ulong)lanes * PiStream.Gamma);
        TWord c0 = TW.Add(TW.Broadcast(first), lane);
        TWord c1 = TW.Add(c0, stride);
        TWord c2 = TW.Add(c1, stride);
        TWord c3 = TW.Add(c2, stride);
        TWord step = TW.Broadcast((ulong)group * PiStream.Gamma);
        long hits = 0;
        for (long g = 0; g < groups; g++)
        {
            hits += PiStream.Hits<TWord, TReal, TW, TM>(c0) + PiStream.Hits<TWord, TReal, TW, TM>(c1)
                  + PiStream.Hits<TWord, TReal, TW, TM>(c2) + PiStream.Hits<TWord, TReal, TW, TM>(c3);
            c0 = TW.Add(c0, step);
            c1 = TW.Add(c1, step);
            c2 = TW.Add(c2, step);
            c3 = TW.Add(c3, step);
        }

        ulong counter = first + (ulong)(groups * group) * PiStream.Gamma;
        for (long i = groups * group; i < count; i++, counter += PiStream.Gamma)
            hits += PiStream.Hits<ulong, double, ScalarWordMath, ScalarMath>(counter);
        return hits;
    }
}
