using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// <see cref="DiffusionSimd"/> over every allowed core: each step split into one block of rows per thread, then a
/// barrier, because the next step reads the boundary rows other threads wrote. In 1D (one row) it runs on one thread.
/// Buffers kept between runs (<see cref="DiffusionBuffers"/>).
/// Bit-identical to the reference.
/// </summary>
public sealed class DiffusionThreads : Rung<DiffusionProblem, DiffusionGrid>
{
    private readonly DiffusionBuffers _buffers = new();

    public override string Name => "threads";
    public override RungKind Kind => RungKind.Threads;
    public override bool IsParallel => true;
    public override string Technique => "simd rows in one block per thread, one barrier per step";

    public override DiffusionGrid Run(DiffusionProblem problem, RunContext context) =>
        _buffers.Run(problem, context, static (problem, context, grid, scratch) => DiffusionKernel.Evolve(
            grid, scratch, problem.Size, problem.Dims, problem.K, problem.Steps, context.MaxThreads, SimdWidths.Best));
}
