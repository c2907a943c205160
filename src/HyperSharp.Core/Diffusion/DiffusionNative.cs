using HyperSharp.Ladder;
using HyperSharp.Native;

namespace HyperSharp.Diffusion;

/// <summary>
/// "Push to C": the C peer's kernel (peers/c/diffusion_kernel.c: two buffers, OpenMP rows, one barrier per step)
/// called through <c>[LibraryImport]</c> once per run on this rung's two grids, pinned. Bit-identical to the reference.
/// </summary>
public sealed class DiffusionNative : BufferedDiffusionRung
{
    /// <inheritdoc/>
    public override string Name => "native";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Compiled;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override Availability Availability => NativePeers.Availability;
    /// <inheritdoc/>
    public override string Technique => "the C peer's kernel in libhyperpeers.so, one LibraryImport call on the two pinned grids, OpenMP rows";

    /// <inheritdoc/>
    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch,
        TemporalTiles.Workspace tiles)
    {
        NativePeers.Require(Availability);
        return NativeKernels.DiffusionEvolve(grid, scratch, problem.Size, problem.Dims, problem.Steps, problem.K, context.MaxThreads)
            ? scratch : grid;
    }
}
