using HyperSharp.Ladder;
using HyperSharp.Native;

namespace HyperSharp.Particles;

/// <summary>
/// "Push to C": the C peer's AVX-512 sqrtdiv kernel (peers/c/particles_kernel.c) called through <c>[LibraryImport]</c>
/// on this rung's own arrays, pinned, over OpenMP threads. Bit-identical to the reference, as the c-sqrtdiv peer is.
/// </summary>
public sealed class ParticlesNative : ParticleRung
{
    /// <inheritdoc/>
    public override string Name => "native";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Compiled;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override Availability Availability => NativePeers.Avx512Availability;
    /// <inheritdoc/>
    public override string Technique => "the C peer's AVX-512 sqrtdiv kernel in libhyperpeers.so, one LibraryImport call on pinned arrays, OpenMP threads";

    /// <inheritdoc/>
    protected override ParticleState Compute(ParticleState state, ParticleProblem problem, RunContext context)
    {
        NativePeers.Require(Availability);
        NativeKernels.ParticlesEvolve(state.X, state.Y, problem.W, problem.Steps, problem.Dt, context.MaxThreads);
        return state;
    }
}
