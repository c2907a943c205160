using System.Diagnostics;
using System.Runtime.CompilerServices;
using HyperSharp.Kernels;

namespace HyperSharp.Harness;

/// <summary>
/// The machine's FP64 compute peak, measured: every thread runs chains of fused multiply-adds in the widest registers
/// (512-bit where the core has them), enough independent chains to hide the FMA latency, no memory traffic. An FMA
/// counts as 2 flops. Best of the repeats, as <see cref="MemoryBandwidth"/>.
/// </summary>
public static class ComputePeak
{
    /// <summary>Independent accumulators: latency (4 cycles) × FMA ports (2) plus margin.</summary>
    private const int ChainCount = 12;

    public static double MeasureFlopsPerSecond(int threads, long iterations = 20_000_000, int repeats = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        double best = double.MaxValue;
        int lanes = 0;
        for (int r = 0; r < repeats + 1; r++) // the first round warms the JIT and the cores' clocks
        {
            long start = Stopwatch.GetTimestamp();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
            {
                var kernel = new FmaKernel(iterations);
                lanes = SimdDispatch.Run<FmaKernel, int>(SimdWidths.Best, ref kernel);
            });
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (r > 0)
                best = Math.Min(best, seconds);
        }
        return threads * (double)iterations * ChainCount * lanes * 2 / best;
    }

    /// <summary>Runs the chains at one width; returns its lanes.</summary>
    private readonly struct FmaKernel(long iterations) : ISimdKernel<int>
    {
        public int Run<T, TMath>() where T : struct where TMath : struct, ILaneMath<T>
        {
            double sink = Chains<T, TMath>(iterations);
            GC.KeepAlive(sink);   // the result is used, so the loop is not removed
            return TMath.Lanes;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double Chains<T, TMath>(long iterations) where T : struct where TMath : struct, ILaneMath<T>
    {
        // a·x + b with a just under 1 and b tiny: values stay finite however long it runs.
        T a = TMath.Broadcast(0.999_999_9), b = TMath.Broadcast(1e-9);
        T c0 = TMath.Broadcast(1.0), c1 = TMath.Broadcast(1.1), c2 = TMath.Broadcast(1.2), c3 = TMath.Broadcast(1.3),
          c4 = TMath.Broadcast(1.4), c5 = TMath.Broadcast(1.5), c6 = TMath.Broadcast(1.6), c7 = TMath.Broadcast(1.7),
          c8 = TMath.Broadcast(1.8), c9 = TMath.Broadcast(1.9), c10 = TMath.Broadcast(2.0), c11 = TMath.Broadcast(2.1);
        for (long i = 0; i < iterations; i++)
        {
            c0 = TMath.MultiplyAdd(c0, a, b); c1 = TMath.MultiplyAdd(c1, a, b); c2 = TMath.MultiplyAdd(c2, a, b);
            c3 = TMath.MultiplyAdd(c3, a, b); c4 = TMath.MultiplyAdd(c4, a, b); c5 = TMath.MultiplyAdd(c5, a, b);
            c6 = TMath.MultiplyAdd(c6, a, b); c7 = TMath.MultiplyAdd(c7, a, b); c8 = TMath.MultiplyAdd(c8, a, b);
            c9 = TMath.MultiplyAdd(c9, a, b); c10 = TMath.MultiplyAdd(c10, a, b); c11 = TMath.MultiplyAdd(c11, a, b);
        }
        T sum = TMath.Add(TMath.Add(TMath.Add(c0, c1), TMath.Add(c2, c3)), TMath.Add(TMath.Add(c4, c5), TMath.Add(c6, c7)));
        sum = TMath.Add(sum, TMath.Add(TMath.Add(c8, c9), TMath.Add(c10, c11)));
        Span<double> lanes = stackalloc double[TMath.Lanes];
        TMath.Store(sum, ref lanes[0]);
        return lanes[0];
    }
}
