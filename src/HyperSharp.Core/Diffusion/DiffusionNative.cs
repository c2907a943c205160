using HyperSharp.Ladder;
using HyperSharp.Native;

namespace HyperSharp.Diffusion;

/// <summary>
/// "Push to C": the C peer's kernel (peers/c/diffusion_kernel.c: two buffers, OpenMP rows, one barrier per step)
/// called through <c>[LibraryImport]</c> once per run on this rung's two grids, pinned. Bit-identical to the reference.
/// </summary>
public sealed class DiffusionNative : BufferedDiffusionRung
{
    public override string Name => "native";
    public override RungKind Kind => RungKind.Compiled;
    public override RungResources Uses => RungResources.Threads;
    public override Availability Availability => NativePeers.Availability;
    public override string Technique => "the C peer's kernel in libhyperpeers.so, one LibraryImport call on the two pinned grids, OpenMP rows";

    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch,
        TemporalTiles.Workspace tiles)
    {
        NativePeers.Require(Availability);
        return NativeKernels.DiffusionEvolve(grid, scratch, problem.Size, problem.Dims, problem.Steps, problem.K, context.MaxThreads)
            ? scratch : grid;
    }
}
