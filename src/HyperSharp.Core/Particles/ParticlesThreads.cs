using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary><see cref="ParticlesSimd"/> over every allowed core. Bit-identical to the reference.</summary>
public sealed class ParticlesThreads : Rung<ParticleProblem, ParticleState>
{
    public override string Name => "threads";
    public override bool IsParallel => true;
    public override RungKind Kind => RungKind.Threads;
    public override string Technique => "simd over all cores: one fixed chunk per thread, no per-step barrier";

    public override ParticleState Run(ParticleProblem problem, RunContext context) =>
        ParticleChunks.Evolve<ExactStep>(problem, context.MaxThreads);
}
