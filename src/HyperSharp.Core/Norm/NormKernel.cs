using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HyperSharp.Kernels;

namespace HyperSharp.Norm;

/// <summary>
/// Σ vᵢ² at one register width: <see cref="Accumulators"/> independent accumulators, each a fused multiply-add per
/// register, so that the loop is bound by loads rather than by the FMA's latency; then the lanes and the tail.
/// </summary>
public static class NormKernel
{
    /// <summary>Independent sums in flight: 4 hides the FMA's 4-cycle latency at two loads a cycle.</summary>
    public const int Accumulators = 4;

    /// <summary>Σ vᵢ² of <paramref name="values"/> with <paramref name="width"/>'s registers (scalar: four scalar sums).</summary>
    public static double SumOfSquares(ReadOnlySpan<double> values, SimdWidth width)
    {
        var kernel = new Kernel(values);
        return SimdDispatch.Run<Kernel, double>(width, ref kernel);
    }

    private readonly ref struct Kernel(ReadOnlySpan<double> values) : ISimdKernel<double>
    {
        private readonly ReadOnlySpan<double> _values = values;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Run<T, TMath>() where T : struct where TMath : struct, ILaneMath<T>
        {
            ref double v = ref MemoryMarshal.GetReference(_values);
            int n = _values.Length, lanes = TMath.Lanes, step = Accumulators * lanes, i = 0;
            T a0 = TMath.Broadcast(0), a1 = a0, a2 = a0, a3 = a0;
            for (; i <= n - step; i += step)
            {
                T x0 = TMath.Load(in Unsafe.Add(ref v, i)), x1 = TMath.Load(in Unsafe.Add(ref v, i + lanes));
                T x2 = TMath.Load(in Unsafe.Add(ref v, i + 2 * lanes)), x3 = TMath.Load(in Unsafe.Add(ref v, i + 3 * lanes));
                a0 = TMath.MultiplyAdd(x0, x0, a0);
                a1 = TMath.MultiplyAdd(x1, x1, a1);
                a2 = TMath.MultiplyAdd(x2, x2, a2);
                a3 = TMath.MultiplyAdd(x3, x3, a3);
            }
            for (; i <= n - lanes; i += lanes)
            {
                T x = TMath.Load(in Unsafe.Add(ref v, i));
                a0 = TMath.MultiplyAdd(x, x, a0);
            }
            T total = TMath.Add(TMath.Add(a0, a1), TMath.Add(a2, a3));
            Span<double> spill = stackalloc double[TMath.Lanes];
            TMath.Store(total, ref MemoryMarshal.GetReference(spill));
            double sum = 0;
            foreach (double s in spill)
                sum += s;
            for (; i < n; i++)
                sum = Math.FusedMultiplyAdd(Unsafe.Add(ref v, i), Unsafe.Add(ref v, i), sum);
            return sum;
        }
    }
}
