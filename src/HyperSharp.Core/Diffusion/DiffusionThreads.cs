using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// <see cref="DiffusionSimd"/> over every allowed core: each step split into one block of rows per thread, then a
/// barrier, because the next step reads the boundary rows other threads wrote. In 1D (one row) it runs on one thread.
/// Buffers kept between runs (<see cref="BufferedDiffusionRung"/>).
/// Bit-identical to the reference.
/// </summary>
public sealed class DiffusionThreads : BufferedDiffusionRung
{
    public override string Name => "threads";
    public override RungKind Kind => RungKind.Threads;
    public override RungResources Uses => RungResources.Threads;
    public override string Technique => "simd rows in one block per thread, one barrier per step";

    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch) => DiffusionKernel.Evolve(
            grid, scratch, problem.Size, problem.Dims, problem.K, problem.Steps, context.MaxThreads, SimdWidths.Best);
}
