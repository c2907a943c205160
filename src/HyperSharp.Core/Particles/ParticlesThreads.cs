using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary><see cref="ParticlesSimd"/> over every allowed core. Bit-identical to the reference.</summary>
public sealed class ParticlesThreads : ParticleRung
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override string Technique => "simd over all cores: one fixed chunk per thread, no per-step barrier";

    /// <inheritdoc/>
    protected override ParticleState Compute(ParticleState state, ParticleProblem problem, RunContext context) =>
        ParticleChunks.Evolve<ExactStep>(state, problem, context.MaxThreads);
}
