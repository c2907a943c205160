using HyperSharp.Ladder;

namespace HyperSharp.Norm;

/// <summary>The same loop over a <c>double[]</c> (the book's <c>array</c> module): no list indirection, one sum in index order.</summary>
public sealed class NormArray : SyncRung<NormProblem, NormResult>
{
    /// <inheritdoc/>
    public override string Name => "array";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "double[], for loop, one accumulator (bit-identical to the reference)";

    /// <inheritdoc/>
    protected override NormResult Compute(NormProblem problem, RunContext context)
    {
        double[] values = problem.Values;
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
            sum += values[i] * values[i];
        return new NormResult(sum, values.LongLength);
    }
}
