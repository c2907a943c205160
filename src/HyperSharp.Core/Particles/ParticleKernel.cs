using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HyperSharp.Kernels;

namespace HyperSharp.Particles;

/// <summary>
/// Evolves struct-of-arrays particles for many steps with the loops interchanged: a block of particles is loaded
/// into registers, advanced through every step, and stored once. Memory traffic disappears and the loop is bound by
/// the square-root/divide unit, whose latency (≈15–20 cycles) is hidden by keeping <see cref="Interleave"/>
/// independent registers in flight.
/// </summary>
public static class ParticleKernel
{
    /// <summary>
    /// Independent registers advanced together. 8 × (x, y, dt·w) fills 24 of AVX-512's 32 registers and hides both the
    /// divider's latency and the rsqrt/FMA chain's: measured on Zen 4 at 100,000 particles, 1 thread, 4 → 8 took simd
    /// from 1.80 to 1.87 G particle-steps/s and fastmath from 2.77 to 4.15.
    /// </summary>
    public const int Interleave = 8;

    /// <summary>Particles per block at the best width; chunks for threads are multiples of it.</summary>
    public static int BlockSize { get; } = Interleave * SimdWidths.Lanes(SimdWidths.Best);

    /// <summary>Advances every particle <paramref name="steps"/> times, at <paramref name="width"/>.</summary>
    public static void Evolve<TStep>(Span<double> x, Span<double> y, ReadOnlySpan<double> dtw, int steps, SimdWidth width)
        where TStep : IParticleStep
    {
        if (y.Length != x.Length || dtw.Length != x.Length)
            throw new ArgumentException("x, y and dtw must have the same length.");

        var blocks = new BlockKernel<TStep>(x, y, dtw, steps);
        int done = SimdDispatch.Run<BlockKernel<TStep>, int>(width, ref blocks);
        // The remainder (fewer than one register) runs one particle at a time, with the same formula.
        Blocks<double, ScalarMath, TStep>(x[done..], y[done..], dtw[done..], steps);
    }

    /// <summary><see cref="Blocks{T, TMath, TStep}"/> with its arguments, for <see cref="SimdDispatch"/>.</summary>
    private readonly ref struct BlockKernel<TStep>(Span<double> x, Span<double> y, ReadOnlySpan<double> dtw, int steps)
        : ISimdKernel<int>
        where TStep : IParticleStep
    {
        private readonly Span<double> _x = x, _y = y;
        private readonly ReadOnlySpan<double> _dtw = dtw;
        private readonly int _steps = steps;

        public int Run<T, TMath>() where T : struct where TMath : struct, ILaneMath<T> =>
            Blocks<T, TMath, TStep>(_x, _y, _dtw, _steps);
    }

    /// <summary>Processes whole registers; returns how many particles it handled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static int Blocks<T, TMath, TStep>(Span<double> xs, Span<double> ys, ReadOnlySpan<double> dtws, int steps)
        where T : struct
        where TMath : struct, ILaneMath<T>
        where TStep : IParticleStep
    {
        // Refs instead of span indexing: the bounds are checked once by the caller's equal lengths.
        ref double x = ref MemoryMarshal.GetReference(xs);
        ref double y = ref MemoryMarshal.GetReference(ys);
        ref double d = ref MemoryMarshal.GetReference(dtws);
        int n = xs.Length, lanes = TMath.Lanes, i = 0;

        for (; i <= n - Interleave * lanes; i += Interleave * lanes)
        {
            T x0 = TMath.Load(ref Unsafe.Add(ref x, i)), y0 = TMath.Load(ref Unsafe.Add(ref y, i)), d0 = TMath.Load(ref Unsafe.Add(ref d, i));
            T x1 = TMath.Load(ref Unsafe.Add(ref x, i + lanes)), y1 = TMath.Load(ref Unsafe.Add(ref y, i + lanes)), d1 = TMath.Load(ref Unsafe.Add(ref d, i + lanes));
            T x2 = TMath.Load(ref Unsafe.Add(ref x, i + 2 * lanes)), y2 = TMath.Load(ref Unsafe.Add(ref y, i + 2 * lanes)), d2 = TMath.Load(ref Unsafe.Add(ref d, i + 2 * lanes));
            T x3 = TMath.Load(ref Unsafe.Add(ref x, i + 3 * lanes)), y3 = TMath.Load(ref Unsafe.Add(ref y, i + 3 * lanes)), d3 = TMath.Load(ref Unsafe.Add(ref d, i + 3 * lanes));
            T x4 = TMath.Load(ref Unsafe.Add(ref x, i + 4 * lanes)), y4 = TMath.Load(ref Unsafe.Add(ref y, i + 4 * lanes)), d4 = TMath.Load(ref Unsafe.Add(ref d, i + 4 * lanes));
            T x5 = TMath.Load(ref Unsafe.Add(ref x, i + 5 * lanes)), y5 = TMath.Load(ref Unsafe.Add(ref y, i + 5 * lanes)), d5 = TMath.Load(ref Unsafe.Add(ref d, i + 5 * lanes));
            T x6 = TMath.Load(ref Unsafe.Add(ref x, i + 6 * lanes)), y6 = TMath.Load(ref Unsafe.Add(ref y, i + 6 * lanes)), d6 = TMath.Load(ref Unsafe.Add(ref d, i + 6 * lanes));
            T x7 = TMath.Load(ref Unsafe.Add(ref x, i + 7 * lanes)), y7 = TMath.Load(ref Unsafe.Add(ref y, i + 7 * lanes)), d7 = TMath.Load(ref Unsafe.Add(ref d, i + 7 * lanes));
            for (int s = 0; s < steps; s++)
            {
                TStep.Advance<T, TMath>(ref x0, ref y0, d0);
                TStep.Advance<T, TMath>(ref x1, ref y1, d1);
                TStep.Advance<T, TMath>(ref x2, ref y2, d2);
                TStep.Advance<T, TMath>(ref x3, ref y3, d3);
                TStep.Advance<T, TMath>(ref x4, ref y4, d4);
                TStep.Advance<T, TMath>(ref x5, ref y5, d5);
                TStep.Advance<T, TMath>(ref x6, ref y6, d6);
                TStep.Advance<T, TMath>(ref x7, ref y7, d7);
            }
            TMath.Store(x0, ref Unsafe.Add(ref x, i)); TMath.Store(y0, ref Unsafe.Add(ref y, i));
            TMath.Store(x1, ref Unsafe.Add(ref x, i + lanes)); TMath.Store(y1, ref Unsafe.Add(ref y, i + lanes));
            TMath.Store(x2, ref Unsafe.Add(ref x, i + 2 * lanes)); TMath.Store(y2, ref Unsafe.Add(ref y, i + 2 * lanes));
            TMath.Store(x3, ref Unsafe.Add(ref x, i + 3 * lanes)); TMath.Store(y3, ref Unsafe.Add(ref y, i + 3 * lanes));
            TMath.Store(x4, ref Unsafe.Add(ref x, i + 4 * lanes)); TMath.Store(y4, ref Unsafe.Add(ref y, i + 4 * lanes));
            TMath.Store(x5, ref Unsafe.Add(ref x, i + 5 * lanes)); TMath.Store(y5, ref Unsafe.Add(ref y, i + 5 * lanes));
            TMath.Store(x6, ref Unsafe.Add(ref x, i + 6 * lanes)); TMath.Store(y6, ref Unsafe.Add(ref y, i + 6 * lanes));
            TMath.Store(x7, ref Unsafe.Add(ref x, i + 7 * lanes)); TMath.Store(y7, ref Unsafe.Add(ref y, i + 7 * lanes));
        }

        // Fewer than Interleave registers left: one register at a time (latency-bound, but at most 7 of them).
        for (; i <= n - lanes; i += lanes)
        {
            T xi = TMath.Load(ref Unsafe.Add(ref x, i)), yi = TMath.Load(ref Unsafe.Add(ref y, i)), di = TMath.Load(ref Unsafe.Add(ref d, i));
            for (int s = 0; s < steps; s++)
                TStep.Advance<T, TMath>(ref xi, ref yi, di);
            TMath.Store(xi, ref Unsafe.Add(ref x, i));
            TMath.Store(yi, ref Unsafe.Add(ref y, i));
        }
        return i;
    }
}
