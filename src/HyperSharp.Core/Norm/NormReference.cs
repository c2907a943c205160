using HyperSharp.Ladder;

namespace HyperSharp.Norm;

/// <summary>
/// Rung 0, the book's pure Python: a list of numbers and a loop adding each square in turn. The list is made before
/// the clock starts (the book's vector exists before it is measured). Every other rung is checked against it.
/// </summary>
public sealed class NormReference : StagedRung<NormProblem, List<double>, NormResult>
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "List<double>, foreach, sum += v * v (the book's list loop)";

    /// <summary>Untimed: the vector as a list.</summary>
    protected override List<double> Stage(NormProblem problem, RunContext context) => [.. problem.Values];

    /// <summary>Timed: one pass, one sum, in index order.</summary>
    protected override NormResult Compute(List<double> values, NormProblem problem, RunContext context)
    {
        double sum = 0;
        foreach (double v in values)
            sum += v * v;
        return new NormResult(sum, values.Count);
    }
}
