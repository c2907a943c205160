using HyperSharp.Kernels;

namespace HyperSharp.Particles;

/// <summary>
/// Runs <see cref="ParticleKernel"/> over all cores: one fixed chunk per thread, each chunk advanced through every
/// step on its own core. Particles never interact, so there is no barrier between steps.
/// </summary>
public static class ParticleChunks
{
    /// <summary>Evolves <paramref name="state"/> (a writable copy of the start) in place and returns it.</summary>
    public static ParticleState Evolve<TStep>(ParticleState state, ParticleProblem problem, int maxThreads)
        where TStep : IParticleStep
    {
        double[] x = state.X, y = state.Y, dtw = problem.AngularSteps();
        int steps = problem.Steps;

        // Chunks are whole blocks so only the last one runs a narrower tail.
        int block = ParticleKernel.BlockSize;
        int blocks = (x.Length + block - 1) / block;
        int chunks = Math.Max(1, Math.Min(maxThreads, blocks));
        int blocksPerChunk = (blocks + chunks - 1) / Math.Max(1, chunks);

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxThreads }, c =>
        {
            int start = Math.Min(x.Length, c * blocksPerChunk * block);
            int end = Math.Min(x.Length, start + blocksPerChunk * block);
            ParticleKernel.Evolve<TStep>(
                x.AsSpan(start, end - start), y.AsSpan(start, end - start), dtw.AsSpan(start, end - start),
                steps, SimdWidths.Best);
        });
        return state;
    }
}
