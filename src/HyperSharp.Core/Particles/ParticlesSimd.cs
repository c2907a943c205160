using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>
/// One core, widest vectors: <see cref="ParticleKernel"/> with <see cref="ExactStep"/>, 512-bit where the machine
/// has AVX-512, else 256/128/scalar. Bit-identical to the reference.
/// </summary>
public sealed class ParticlesSimd : Rung<ParticleProblem, ParticleState>
{
    public override string Name => "simd";
    public override RungKind Kind => RungKind.Vectorized;
    public override string Technique =>
        $"{ParticleKernel.Lanes(SimdWidths.Best) * 64}-bit vectors, {ParticleKernel.Interleave} in flight, all steps per block, 1 thread";

    public override ParticleState Run(ParticleProblem problem, RunContext context)
    {
        ParticleState state = problem.CopyPositions();
        ParticleKernel.Evolve<ExactStep>(state.X, state.Y, problem.AngularSteps(), problem.Steps, SimdWidths.Best);
        return state;
    }
}
