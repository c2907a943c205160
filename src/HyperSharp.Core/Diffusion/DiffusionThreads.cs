using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// <see cref="DiffusionSimd"/> over every allowed core: each step split into one block of rows per thread, then a
/// barrier, because the next step reads the boundary rows other threads wrote. In 1D (one row) it runs on one thread.
/// Bit-identical to the reference.
/// </summary>
public sealed class DiffusionThreads : Rung<DiffusionProblem, DiffusionGrid>
{
    public override string Name => "threads";
    public override RungKind Kind => RungKind.Threads;
    public override bool IsParallel => true;
    public override string Technique => "simd rows in one block per thread, one barrier per step";

    public override DiffusionGrid Run(DiffusionProblem problem, RunContext context) =>
        new(DiffusionKernel.Evolve((double[])problem.Initial.Clone(), new double[problem.Initial.Length],
            problem.Size, problem.Dims, problem.K, problem.Steps, context.MaxThreads, SimdWidths.Best), problem.Size, problem.Dims);
}
