using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary><see cref="ParticlesSimd"/> over every allowed core. Bit-identical to the reference.</summary>
public sealed class ParticlesThreads : ParticleRung
{
    public override string Name => "threads";
    public override RungResources Uses => RungResources.Threads;
    public override RungKind Kind => RungKind.Threads;
    public override string Technique => "simd over all cores: one fixed chunk per thread, no per-step barrier";

    protected override ParticleState Compute(ParticleState state, ParticleProblem problem, RunContext context) =>
        ParticleChunks.Evolve<ExactStep>(state, problem, context.MaxThreads);
}
