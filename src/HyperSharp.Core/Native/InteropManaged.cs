using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>The baseline: the same per-point loop as the C kernel, in C# (the JIT inlines it); no boundary crossed.</summary>
public sealed class InteropManaged : InteropRung
{
    public override string Name => "managed";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "the per-point loop in C#, one thread: no call crosses into native code";

    public override long Calls(JuliaProblem problem) => 0;

    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        int columns = problem.Columns;
        for (int row = 0; row < problem.Rows; row++)
        {
            double y = problem.Ys[row];
            for (int column = 0; column < columns; column++)
                image.Counts[row * columns + column] = JuliaOrbit.Escape(problem.Xs[column], y, problem.MaxIter);
        }
        return image;
    }
}
