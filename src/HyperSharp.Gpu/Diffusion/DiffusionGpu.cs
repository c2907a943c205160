using HyperSharp.Diffusion;
using HyperSharp.Ladder;
using ILGPU;
using ILGPU.Runtime;
using StepKernel = System.Action<ILGPU.Index1D, ILGPU.ArrayView<double>, ILGPU.ArrayView<double>, int, int, int, double>;

namespace HyperSharp.Gpu.Diffusion;

/// <summary>
/// One GPU thread per cell and one launch per step, the two grids swapped on the device; the cell update is the very
/// <see cref="DiffusionStep"/> the CPU rungs use. Transfers in and out are part of the timed run.
/// </summary>
public sealed class DiffusionGpu : GpuRung<DiffusionProblem, DiffusionGrid>
{
    /// <summary>
    /// Everything typed by ILGPU, in a class of its own: made on the first launch (or when <see cref="Kernels"/> is
    /// read), so that listing the rung, as every command does, loads no ILGPU.
    /// </summary>
    private static class OnDevice
    {
        /// <summary>One launch per step, one thread per cell, no loop.</summary>
        internal static readonly GpuKernel<DiffusionProblem, StepKernel> Declared =
            new(Step, p => p.Initial.Length == 0 ? new GpuLaunch(0, 0, []) : new GpuLaunch(p.Steps, (long)p.Steps * p.Initial.Length, []));

        internal static readonly Lazy<StepKernel> Launch = Kernel(Declared, static (a, k) => a.LoadAutoGroupedStreamKernel(k));
    }

    public override IReadOnlyList<GpuKernel<DiffusionProblem>> Kernels => [OnDevice.Declared];

    public override string Technique => "ILGPU kernel, one thread per cell, one launch per step, grids swapped on the device";

    /// <summary>GPUs may fuse the multiply and add (FMA), so cells can differ from the reference by a few ulp a step.</summary>
    public override double Tolerance => 1e-12;

    protected override DiffusionGrid Compute(DiffusionProblem problem, RunContext context)
    {
        if (problem.Initial.Length == 0 || problem.Steps == 0)
            return problem.CopyInitial();

        using MemoryBuffer1D<double, Stride1D.Dense> a = Accelerator.Allocate1D(problem.Initial);
        using MemoryBuffer1D<double, Stride1D.Dense> b = Accelerator.Allocate1D<double>(problem.Initial.Length);
        ArrayView1D<double, Stride1D.Dense> grid = a.View, next = b.View;
        for (int s = 0; s < problem.Steps; s++)
        {
            OnDevice.Launch.Value(problem.Initial.Length, grid, next, problem.Size, problem.Rows, problem.Dims, problem.K);
            (grid, next) = (next, grid);
        }
        Accelerator.Synchronize();
        return new DiffusionGrid(grid.GetAsArray1D(), problem.Size, problem.Dims);
    }

    private static void Step(Index1D index, ArrayView<double> grid, ArrayView<double> next, int n, int rows, int dims, double k)
    {
        if (index >= grid.Length)
            return;
        int i = index / n, j = index % n;
        int up = i == 0 ? rows - 1 : i - 1, down = i == rows - 1 ? 0 : i + 1;
        int left = j == 0 ? n - 1 : j - 1, right = j == n - 1 ? 0 : j + 1;
        next[index] = DiffusionStep.Next(dims, grid[up * n + j], grid[down * n + j], grid[i * n + left], grid[i * n + right], grid[index], k);
    }
}
