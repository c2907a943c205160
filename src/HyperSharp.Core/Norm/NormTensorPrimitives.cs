using System.Numerics.Tensors;
using HyperSharp.Ladder;

namespace HyperSharp.Norm;

/// <summary>The library call: <c>TensorPrimitives.SumOfSquares</c> (NumPy's <c>np.dot(v, v)</c> in .NET).</summary>
public sealed class NormTensorPrimitives : SyncRung<NormProblem, NormResult>
{
    /// <inheritdoc/>
    public override string Name => "tensorprimitives";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique => "System.Numerics.Tensors' TensorPrimitives.SumOfSquares, 1 thread";
    /// <summary>Another summation order: within the bound of <see cref="NormResult.ErrorAgainst"/>.</summary>
    public override double Tolerance => NormLadder.OrderTolerance;

    /// <inheritdoc/>
    protected override NormResult Compute(NormProblem problem, RunContext context) =>
        new(TensorPrimitives.SumOfSquares<double>(problem.Values), problem.Values.LongLength);
}
