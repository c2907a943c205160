using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// <see cref="DiffusionTiled"/> over every allowed core: the L2-sized bands handed out to the threads, one barrier per
/// chunk of fused steps. Tiled even where the grid fits in L3 (the book's 640²): measured here, one block of rows per
/// thread with a barrier per step does not scale at all there (60.5 ms on 2 threads, 61.7 on 1) — the two cores share
/// the L3's bandwidth, which one core's stencil already uses up — while the bands work from each core's own L2.
/// Where the plan does not tile (1D, rows too long for L2): one block of rows per long-lived thread, a barrier per step.
/// Buffers kept between runs (<see cref="BufferedDiffusionRung"/>). Bit-identical to the reference.
/// </summary>
public sealed class DiffusionThreads : BufferedDiffusionRung
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override string Technique => "tiled bands over the threads, one barrier per chunk of fused steps";

    /// <inheritdoc/>
    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch,
        TemporalTiles.Workspace tiles) => DiffusionTiled.EvolveTiled(problem, grid, scratch, tiles, context.MaxThreads);
}
