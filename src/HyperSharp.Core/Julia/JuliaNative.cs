using HyperSharp.Ladder;
using HyperSharp.Native;

namespace HyperSharp.Julia;

/// <summary>
/// "Push to C": the C peer's AVX-512 kernel (peers/c/julia_kernel.c) called through <c>[LibraryImport]</c> once for
/// the whole grid, on the problem's coordinate arrays and this rung's image, pinned; OpenMP hands out the rows. Counts
/// identical to the reference's.
/// </summary>
public sealed class JuliaNative : JuliaRung
{
    /// <inheritdoc/>
    public override string Name => "native";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Compiled;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override Availability Availability => NativePeers.Avx512Availability;
    /// <inheritdoc/>
    public override string Technique => "the C peer's AVX-512 kernel in libhyperpeers.so, one LibraryImport call on pinned arrays, OpenMP dynamic rows";

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        NativePeers.Require(Availability);
        NativeKernels.JuliaRows(problem.Xs, problem.Ys, problem.MaxIter, image.Counts, context.MaxThreads);
        return image;
    }
}
