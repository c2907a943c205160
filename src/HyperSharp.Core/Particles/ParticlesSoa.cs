using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>
/// Struct-of-arrays, scalar: x, y and dt·w in three contiguous arrays instead of objects scattered on the heap.
/// The loop order stays the book's (steps outside) so the gain is the data layout alone.
/// </summary>
public sealed class ParticlesSoa : ParticleRung
{
    /// <inheritdoc/>
    public override string Name => "soa";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "struct-of-arrays, dt·w hoisted, scalar loops";

    /// <inheritdoc/>
    protected override ParticleState Compute(ParticleState state, ParticleProblem problem, RunContext context)
    {
        double[] x = state.X, y = state.Y, dtw = problem.AngularSteps();
        for (int step = 0; step < problem.Steps; step++)
        {
            for (int i = 0; i < x.Length; i++)
                ExactStep.Advance<double, ScalarMath>(ref x[i], ref y[i], dtw[i]);
        }
        return state;
    }
}
