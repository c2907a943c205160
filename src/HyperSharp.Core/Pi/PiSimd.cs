using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Pi;

/// <summary>The counter stream on one core, the widest registers this CPU has, four registers in flight.</summary>
public sealed class PiSimd : SyncRung<PiProblem, PiResult>
{
    /// <inheritdoc/>
    public override string Name => "simd";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique => $"SplitMix64 counter stream, {(int)SimdWidths.Best}-bit lanes, hits counted with compare masks";

    /// <inheritdoc/>
    protected override PiResult Compute(PiProblem problem, RunContext context) =>
        new(PiKernel.CountBlocks(problem.Seed, problem.Samples, 0, problem.Blocks, SimdWidths.Best),
            problem.Samples, problem.Seed, PiGenerator.CounterStream);
}
