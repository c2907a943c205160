using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>
/// One call per point, as a ctypes loop calls a C function per element: the crossing's price paid for every point.
/// With <c>suppressGCTransition</c> the call skips the switch to preemptive GC mode and back ([SuppressGCTransition]),
/// the part of a .NET interop call that is not the call itself.
/// </summary>
public sealed class InteropPoint(bool suppressGCTransition) : InteropRung
{
    /// <inheritdoc/>
    public override string Name => suppressGCTransition ? "native-point-nogc" : "native-point";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Compiled;
    /// <inheritdoc/>
    public override Availability Availability => NativePeers.Availability;
    /// <inheritdoc/>
    public override string Technique => suppressGCTransition
        ? "one LibraryImport call per point with [SuppressGCTransition]: no GC-mode switch"
        : "one LibraryImport call per point (blittable: no marshalling, but a GC-mode switch each way)";

    /// <inheritdoc/>
    public override long Calls(JuliaProblem problem) => problem.Pixels;

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        NativePeers.Require(Availability);
        int columns = problem.Columns, maxIter = problem.MaxIter;
        double[] xs = problem.Xs;
        int[] counts = image.Counts;
        for (int row = 0; row < problem.Rows; row++)
        {
            double y = problem.Ys[row];
            if (suppressGCTransition)
            {
                for (int column = 0; column < columns; column++)
                    counts[row * columns + column] = NativeKernels.JuliaPointNoTransition(xs[column], y, maxIter);
            }
            else
            {
                for (int column = 0; column < columns; column++)
                    counts[row * columns + column] = NativeKernels.JuliaPoint(xs[column], y, maxIter);
            }
        }
        return image;
    }
}
