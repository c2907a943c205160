using HyperSharp.Ladder;

namespace HyperSharp.Norm;

/// <summary>The comprehension's analogue, <c>Sum(x =&gt; x * x)</c>: a delegate call per element, in index order.</summary>
public sealed class NormLinq : SyncRung<NormProblem, NormResult>
{
    /// <inheritdoc/>
    public override string Name => "linq";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "values.Sum(x => x * x): a delegate per element (the book's comprehension)";

    /// <inheritdoc/>
    protected override NormResult Compute(NormProblem problem, RunContext context) =>
        new(problem.Values.Sum(x => x * x), problem.Values.LongLength);
}
