using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using HyperSharp.Kernels;

namespace HyperSharp.Julia;

/// <summary>
/// Counts the iterations of one row of points with masked lanes: every lane iterates until all lanes of its group
/// have escaped (or maxiter), and a lane's count grows only while its mask is set. One register's
/// multiply → add → compare chain is latency-bound, so <see cref="Interleave"/> independent registers are kept in
/// flight.
/// </summary>
public static class JuliaKernel
{
    /// <summary>
    /// Registers advanced together. Neighbouring points escape at similar counts, so a wider group wastes few lane
    /// iterations while hiding the ≈ 3-operation dependency chain of one iteration.
    /// </summary>
    public const int Interleave = 4;

    public static int Lanes(SimdWidth width) => width == SimdWidth.Scalar ? 1 : (int)width / 64;

    /// <summary>Counts for the points (xs[i], y) into <paramref name="counts"/>, at <paramref name="width"/>.</summary>
    public static void Row(ReadOnlySpan<double> xs, double y, int maxIter, Span<int> counts, SimdWidth width)
    {
        if (counts.Length != xs.Length)
            throw new ArgumentException("counts and xs must have the same length.");
        int done = width switch
        {
            SimdWidth.W512 => Blocks<Vector512<double>, Vector512Math>(xs, y, maxIter, counts),
            SimdWidth.W256 => Blocks<Vector256<double>, Vector256Math>(xs, y, maxIter, counts),
            SimdWidth.W128 => Blocks<Vector128<double>, Vector128Math>(xs, y, maxIter, counts),
            _ => 0,
        };
        // The remainder (fewer than one register) runs a point at a time, with the same iteration.
        Blocks<double, ScalarMath>(xs[done..], y, maxIter, counts[done..]);
    }

    /// <summary>Processes whole registers; returns how many points it handled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static int Blocks<T, TMath>(ReadOnlySpan<double> xs, double yRow, int maxIter, Span<int> counts)
        where T : struct
        where TMath : struct, ILaneMath<T>
    {
        ref double x = ref MemoryMarshal.GetReference(xs);
        int n = xs.Length, lanes = TMath.Lanes, i = 0;
        T cr = TMath.Broadcast(JuliaProblem.CReal), ci = TMath.Broadcast(JuliaProblem.CImag);
        T one = TMath.Broadcast(1.0), zero = TMath.Broadcast(0.0), all = TMath.LessThan(zero, one);

        for (; i <= n - Interleave * lanes; i += Interleave * lanes)
        {
            T x0 = TMath.Load(ref Unsafe.Add(ref x, i)), y0 = TMath.Broadcast(yRow), a0 = all, n0 = zero;
            T x1 = TMath.Load(ref Unsafe.Add(ref x, i + lanes)), y1 = y0, a1 = all, n1 = zero;
            T x2 = TMath.Load(ref Unsafe.Add(ref x, i + 2 * lanes)), y2 = y0, a2 = all, n2 = zero;
            T x3 = TMath.Load(ref Unsafe.Add(ref x, i + 3 * lanes)), y3 = y0, a3 = all, n3 = zero;
            for (int k = 0; k < maxIter; k++)
            {
                a0 = TMath.And(a0, JuliaOrbit.Advance<T, TMath>(ref x0, ref y0, cr, ci));
                a1 = TMath.And(a1, JuliaOrbit.Advance<T, TMath>(ref x1, ref y1, cr, ci));
                a2 = TMath.And(a2, JuliaOrbit.Advance<T, TMath>(ref x2, ref y2, cr, ci));
                a3 = TMath.And(a3, JuliaOrbit.Advance<T, TMath>(ref x3, ref y3, cr, ci));
                if (!TMath.Any(TMath.Or(TMath.Or(a0, a1), TMath.Or(a2, a3))))
                    break;
                // Escaped lanes keep iterating (their z is never read again) but stop counting.
                n0 = TMath.Add(n0, TMath.And(a0, one));
                n1 = TMath.Add(n1, TMath.And(a1, one));
                n2 = TMath.Add(n2, TMath.And(a2, one));
                n3 = TMath.Add(n3, TMath.And(a3, one));
            }
            StoreCounts<T, TMath>(n0, counts.Slice(i, lanes));
            StoreCounts<T, TMath>(n1, counts.Slice(i + lanes, lanes));
            StoreCounts<T, TMath>(n2, counts.Slice(i + 2 * lanes, lanes));
            StoreCounts<T, TMath>(n3, counts.Slice(i + 3 * lanes, lanes));
        }

        // Fewer than Interleave registers left: one at a time.
        for (; i <= n - lanes; i += lanes)
        {
            T xi = TMath.Load(ref Unsafe.Add(ref x, i)), yi = TMath.Broadcast(yRow), ai = all, ni = zero;
            for (int k = 0; k < maxIter; k++)
            {
                ai = TMath.And(ai, JuliaOrbit.Advance<T, TMath>(ref xi, ref yi, cr, ci));
                if (!TMath.Any(ai))
                    break;
                ni = TMath.Add(ni, TMath.And(ai, one));
            }
            StoreCounts<T, TMath>(ni, counts.Slice(i, lanes));
        }
        return i;
    }

    /// <summary>Counts are kept as doubles in the lanes (exact up to 2⁵³); converted once per register.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [SkipLocalsInit]
    private static void StoreCounts<T, TMath>(T counts, Span<int> destination)
        where T : struct
        where TMath : struct, ILaneMath<T>
    {
        Span<double> lanes = stackalloc double[8]; // the widest register: 512 bits
        TMath.Store(counts, ref MemoryMarshal.GetReference(lanes));
        for (int l = 0; l < destination.Length; l++)
            destination[l] = (int)lanes[l];
    }
}
