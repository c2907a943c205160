using System.Runtime.CompilerServices;
using HyperSharp.Kernels;

namespace HyperSharp.Julia;

/// <summary>
/// One iteration of z = z² + c, written once for every width: the scalar and GPU rungs call it with
/// <see cref="ScalarMath"/>, the SIMD and threaded rungs with vector lanes.
/// </summary>
public static class JuliaOrbit
{
    /// <summary>
    /// Tests |z| &lt; 2 as |z|² &lt; 4, then advances z to z² + c; returns the test's lane mask. The three products
    /// serve both. z² + c is rounded as Python's complex <c>z * z + c</c> (and System.Numerics.Complex) round it:
    /// re = (x·x − y·y) + c.re, im = (x·y + y·x) + c.im, no fused multiply-add, so every width and the reference
    /// follow the very same orbit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Advance<T, TMath>(ref T x, ref T y, T cReal, T cImag)
        where T : struct
        where TMath : struct, ILaneMath<T>
    {
        T xx = TMath.Multiply(x, x), yy = TMath.Multiply(y, y), xy = TMath.Multiply(x, y);
        T inside = TMath.LessThan(TMath.Add(xx, yy), TMath.Broadcast(4.0));
        x = TMath.Add(TMath.Add(xx, TMath.Negate(yy)), cReal);
        y = TMath.Add(TMath.Add(xy, xy), cImag);
        return inside;
    }

    /// <summary>Iterations of one point before |z| ≥ 2, at most <paramref name="maxIter"/>: the book's while loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Escape(double x, double y, int maxIter)
    {
        int n = 0;
        while (n < maxIter && ScalarMath.Any(Advance<double, ScalarMath>(ref x, ref y, JuliaProblem.CReal, JuliaProblem.CImag)))
            n++;
        return n;
    }
}
