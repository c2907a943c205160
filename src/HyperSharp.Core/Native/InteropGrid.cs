using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>The whole grid in one call: the boundary's price paid once, so this is the C loop's own speed.</summary>
public sealed class InteropGrid : InteropRung
{
    /// <inheritdoc/>
    public override string Name => "native-grid";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Compiled;
    /// <inheritdoc/>
    public override Availability Availability => NativePeers.Availability;
    /// <inheritdoc/>
    public override string Technique => "one LibraryImport call for the whole grid (pinned arrays), C loops over every point";

    /// <inheritdoc/>
    public override long Calls(JuliaProblem problem) => 1;

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        NativePeers.Require(Availability);
        NativeKernels.JuliaScalarRows(problem.Xs, problem.Ys, problem.MaxIter, image.Counts);
        return image;
    }
}
