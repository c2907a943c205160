using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// <see cref="DiffusionTiled"/> over every allowed core: the L2-sized bands handed out to the threads, one barrier per
/// chunk of fused steps (not per step: at 640² a step is ~0.1 ms, as long as waking the other core and waiting for
/// it). Where the plan does not tile (1D, rows too long for L2), one block of rows per thread and a barrier per step.
/// Buffers kept between runs (<see cref="BufferedDiffusionRung"/>). Bit-identical to the reference.
/// </summary>
public sealed class DiffusionThreads : BufferedDiffusionRung
{
    public override string Name => "threads";
    public override RungKind Kind => RungKind.Threads;
    public override RungResources Uses => RungResources.Threads;
    public override string Technique => "tiled bands over the threads, one barrier per chunk of fused steps";

    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch,
        TemporalTiles.Workspace tiles) => DiffusionTiled.EvolveTiled(problem, grid, scratch, tiles, context.MaxThreads);
}
