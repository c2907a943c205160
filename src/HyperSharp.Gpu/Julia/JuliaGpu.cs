using HyperSharp.Julia;
using HyperSharp.Ladder;
using ILGPU;
using ILGPU.Runtime;

namespace HyperSharp.Gpu.Julia;

/// <summary>
/// One GPU thread per point running the very <see cref="JuliaOrbit.Escape"/> of the scalar rung (a GPU's warps
/// mask diverging lanes themselves). Copying the coordinates in and the counts out is part of the timed run.
/// </summary>
public sealed class JuliaGpu : GpuRung<JuliaProblem, JuliaImage>
{
    private readonly Lazy<Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, int>> _kernel =
        Kernel(a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<int>, int>(Count));

    public override string Technique => "ILGPU kernel, one thread per point, the scalar rung's escape loop";

    /// <summary>The orbit has no a·b + c a GPU compiler could fuse (see <see cref="JuliaOrbit.Advance"/>): exact.</summary>
    public override double Tolerance => 0;

    protected override JuliaImage Compute(JuliaProblem problem, RunContext context)
    {
        using MemoryBuffer1D<double, Stride1D.Dense> xs = Accelerator.Allocate1D(problem.Xs);
        using MemoryBuffer1D<double, Stride1D.Dense> ys = Accelerator.Allocate1D(problem.Ys);
        using MemoryBuffer1D<int, Stride1D.Dense> counts = Accelerator.Allocate1D<int>(problem.Pixels);
        _kernel.Value((int)problem.Pixels, xs.View, ys.View, counts.View, problem.MaxIter);
        return new JuliaImage(problem.Columns, problem.Rows, counts.GetAsArray1D());
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
