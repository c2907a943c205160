using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Norm;

/// <summary>One core, widest registers: <see cref="NormKernel"/> (four accumulators of fused multiply-adds).</summary>
public sealed class NormSimd : SyncRung<NormProblem, NormResult>
{
    /// <inheritdoc/>
    public override string Name => "simd";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique => $"{SimdWidths.Lanes(SimdWidths.Best) * 64}-bit vectors, {NormKernel.Accumulators} FMA accumulators, 1 thread";
    /// <summary>Another summation order: within the bound of <see cref="NormResult.ErrorAgainst"/>.</summary>
    public override double Tolerance => NormLadder.OrderTolerance;

    /// <inheritdoc/>
    protected override NormResult Compute(NormProblem problem, RunContext context) =>
        new(NormKernel.SumOfSquares(problem.Values, SimdWidths.Best), problem.Values.LongLength);
}
