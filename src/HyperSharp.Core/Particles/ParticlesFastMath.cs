using System.Runtime.Intrinsics.X86;
using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>
/// <see cref="ParticlesThreads"/> with <see cref="FastStep"/>: no division or square root in the step. Not
/// bit-identical: within 1e-12 (normwise relative) of the reference after 10,000 steps.
/// </summary>
public sealed class ParticlesFastMath : ParticleRung
{
    /// <summary>Documented and tested error bound against the reference after 10,000 steps.</summary>
    public const double ErrorBound = 1e-12;

    /// <inheritdoc/>
    public override string Name => "fastmath";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override double Tolerance => ErrorBound;

    /// <inheritdoc/>
    public override string Technique => Avx512F.IsSupported
        ? "rsqrt14 estimate + 2 Newton steps instead of sqrt and divisions, all cores"
        : "1/sqrt + multiplications instead of two divisions (no rsqrt14 here), all cores";

    /// <inheritdoc/>
    protected override ParticleState Compute(ParticleState state, ParticleProblem problem, RunContext context) =>
        ParticleChunks.Evolve<FastStep>(state, problem, context.MaxThreads);
}
