using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>
/// A rung that evolves the positions in place: each run starts from a fresh copy of the start, made before the clock
/// starts (as the C peer copies its input before its clock), so the timed region is the evolution alone.
/// </summary>
public abstract class ParticleRung : StagedRung<ParticleProblem, ParticleState, ParticleState>
{
    /// <inheritdoc/>
    protected sealed override ParticleState Stage(ParticleProblem problem, RunContext context) => problem.CopyPositions();
}
