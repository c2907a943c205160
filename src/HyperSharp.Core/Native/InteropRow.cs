using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>One call per row: a few hundred crossings, each amortised over a row of points.</summary>
public sealed class InteropRow : InteropRung
{
    /// <inheritdoc/>
    public override string Name => "native-row";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Compiled;
    /// <inheritdoc/>
    public override Availability Availability => NativePeers.Availability;
    /// <inheritdoc/>
    public override string Technique => "one LibraryImport call per row (a slice of the pinned image)";

    /// <inheritdoc/>
    public override long Calls(JuliaProblem problem) => problem.Rows;

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        NativePeers.Require(Availability);
        int columns = problem.Columns;
        for (int row = 0; row < problem.Rows; row++)
            NativeKernels.JuliaScalarRows(problem.Xs, problem.Ys.AsSpan(row, 1), problem.MaxIter, image.Counts.AsSpan(row * columns, columns));
        return image;
    }
}
