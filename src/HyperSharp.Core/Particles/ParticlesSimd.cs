using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>
/// One core, widest vectors: <see cref="ParticleKernel"/> with <see cref="ExactStep"/>, 512-bit where the machine
/// has AVX-512, else 256/128/scalar. Bit-identical to the reference.
/// </summary>
public sealed class ParticlesSimd : ParticleRung
{
    /// <inheritdoc/>
    public override string Name => "simd";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique =>
        $"{SimdWidths.Lanes(SimdWidths.Best) * 64}-bit vectors, {ParticleKernel.Interleave} in flight, all steps per block, 1 thread";

    /// <inheritdoc/>
    protected override ParticleState Compute(ParticleState state, ParticleProblem problem, RunContext context)
    {
        ParticleKernel.Evolve<ExactStep>(state.X, state.Y, problem.AngularSteps(), problem.Steps, SimdWidths.Best);
        return state;
    }
}
