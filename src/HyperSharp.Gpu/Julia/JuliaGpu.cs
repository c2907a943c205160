using HyperSharp.Julia;
using HyperSharp.Ladder;
using ILGPU;
using ILGPU.Runtime;
using CountKernel = System.Action<ILGPU.Index1D, ILGPU.ArrayView<double>, ILGPU.ArrayView<double>, ILGPU.ArrayView<int>, int>;

namespace HyperSharp.Gpu.Julia;

/// <summary>
/// One GPU thread per point running the very <see cref="JuliaOrbit.Escape"/> of the scalar rung (a GPU's warps
/// mask diverging lanes themselves). Copying the coordinates in and the counts out is part of the timed run.
/// </summary>
public sealed class JuliaGpu : GpuRung<JuliaProblem, JuliaImage>
{
    /// <summary>Points sampled for the mean escape count of the estimate: enough for two digits, cheap on the CPU.</summary>
    private const int EscapeSamples = 4096;

    /// <summary>
    /// Everything typed by ILGPU, in a class of its own: made on the first launch (or when <see cref="Kernels"/> is
    /// read), so that listing the rung, as every command does, loads no ILGPU.
    /// </summary>
    private static class OnDevice
    {
        /// <summary>One launch, one thread per point; the escape loop's trips depend on the point, so the estimate samples them.</summary>
        internal static readonly GpuKernel<JuliaProblem, CountKernel> Declared =
            new(Count, p => new GpuLaunch(1, p.Pixels, [MeanEscape(p)],
                $"loop trips: the mean escape count of {Math.Min(EscapeSamples, p.Pixels)} evenly spaced points (data-dependent); a warp runs as long as its slowest point"));

        internal static readonly Lazy<CountKernel> Launch = Kernel(Declared, static (a, k) => a.LoadAutoGroupedStreamKernel(k));
    }

    public override IReadOnlyList<GpuKernel<JuliaProblem>> Kernels => [OnDevice.Declared];

    public override string Technique => "ILGPU kernel, one thread per point, the scalar rung's escape loop";

    /// <summary>The orbit has no a·b + c a GPU compiler could fuse (see <see cref="JuliaOrbit.Advance"/>): exact.</summary>
    public override double Tolerance => 0;

    protected override JuliaImage Compute(JuliaProblem problem, RunContext context)
    {
        using MemoryBuffer1D<double, Stride1D.Dense> xs = Accelerator.Allocate1D(problem.Xs);
        using MemoryBuffer1D<double, Stride1D.Dense> ys = Accelerator.Allocate1D(problem.Ys);
        using MemoryBuffer1D<int, Stride1D.Dense> counts = Accelerator.Allocate1D<int>(problem.Pixels);
        OnDevice.Launch.Value((int)problem.Pixels, xs.View, ys.View, counts.View, problem.MaxIter);
        return new JuliaImage(problem.Columns, problem.Rows, counts.GetAsArray1D());
    }

    /// <summary>The mean of <see cref="JuliaOrbit.Escape"/> over up to <see cref="EscapeSamples"/> evenly spaced points.</summary>
    private static double MeanEscape(JuliaProblem problem)
    {
        long n = Math.Min(EscapeSamples, problem.Pixels);
        double sum = 0;
        for (long k = 0; k < n; k++)
        {
            long i = k * problem.Pixels / n;
            sum += JuliaOrbit.Escape(problem.Xs[i % problem.Columns], problem.Ys[i / problem.Columns], problem.MaxIter);
        }
        return n == 0 ? 0 : sum / n;
    }

    /// <summary>Point i of the row-major image: row i / columns, column i % columns.</summary>
    private static void Count(Index1D i, ArrayView<double> xs, ArrayView<double> ys, ArrayView<int> counts, int maxIter)
    {
        if (i >= counts.Length)
            return;
        int columns = (int)xs.Length;
        counts[i] = JuliaOrbit.Escape(xs[i % columns], ys[i / columns], maxIter);
    }
}
