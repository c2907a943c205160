using HyperSharp.Ladder;

namespace HyperSharp.Julia;

/// <summary>
/// No complex type: x and y in two doubles, |z|² &lt; 4 instead of a hypot, the grid read straight from the
/// problem's coordinate arrays. One point at a time, one thread.
/// </summary>
public sealed class JuliaScalar : JuliaRung
{
    /// <inheritdoc/>
    public override string Name => "scalar";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "two doubles instead of Complex, |z|² < 4 instead of abs, no lists; 1 point at a time";

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        Render(problem, image.Counts);
        return image;
    }

    /// <summary>Every point's count, row by row, one point at a time (also the interop ladder's managed baseline).</summary>
    internal static void Render(JuliaProblem problem, int[] counts)
    {
        int columns = problem.Columns;
        for (int row = 0; row < problem.Rows; row++)
        {
            double y = problem.Ys[row];
            for (int column = 0; column < columns; column++)
                counts[row * columns + column] = JuliaOrbit.Escape(problem.Xs[column], y, problem.MaxIter);
        }
    }
}
