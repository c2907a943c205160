using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// The cache lesson on one core: <see cref="DiffusionSimd"/>'s step, but advanced several steps at a time on bands of
/// rows that stay in L2 (<see cref="TemporalTiles"/>), so a grid larger than L2 is read from memory once per chunk of
/// steps instead of once per step. Grids whose rows are too long for the cache, and 1D lines, run untiled.
/// Bit-identical to the reference.
/// </summary>
public sealed class DiffusionTiled : BufferedDiffusionRung
{
    /// <inheritdoc/>
    public override string Name => "tiled";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => $"temporal blocking: L2-sized bands of rows advanced up to {TemporalTiles.MaxFusedSteps} steps at a time, simd inside, 1 thread";

    /// <inheritdoc/>
    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch,
        TemporalTiles.Workspace tiles) => EvolveTiled(problem, grid, scratch, tiles, workers: 1);

    /// <summary>The tiled evolution over <paramref name="workers"/> threads, or the plain one where the plan does not tile.</summary>
    internal static double[] EvolveTiled(DiffusionProblem problem, double[] grid, double[] scratch, TemporalTiles.Workspace tiles, int workers)
    {
        // Three quarters of L2 for the two band buffers: the rest for the grid rows being copied in and out.
        TemporalTiles.Plan plan = TemporalTiles.For(problem.Size, problem.Dims, problem.Steps, workers, CacheSizes.L2Bytes * 3 / 4);
        return plan.Tiled
            ? TemporalTiles.Evolve(grid, scratch, problem.Size, problem.K, problem.Steps, workers, SimdWidths.Best, plan, tiles)
            : DiffusionKernel.Evolve(grid, scratch, problem.Size, problem.Dims, problem.K, problem.Steps, workers, SimdWidths.Best);
    }
}
