using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Pi;

/// <summary>
/// <see cref="PiSimd"/> over every allowed core: threads take the next block from a shared counter until none is
/// left. Hits are tied to blocks, not threads, so they do not depend on the thread count or on who took what.
/// </summary>
public sealed class PiThreads : SyncRung<PiProblem, PiResult>
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override string Technique => $"simd on every core, blocks of {PiStream.BlockSize} samples handed out through one atomic counter";

    /// <inheritdoc/>
    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        long next = -1, hits = 0;
        int threads = (int)Math.Clamp(problem.Blocks, 1, context.MaxThreads);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            long mine = 0;
            for (long b = Interlocked.Increment(ref next); b < problem.Blocks; b = Interlocked.Increment(ref next))
                mine += PiKernel.CountBlocks(problem.Seed, problem.Samples, b, b + 1, SimdWidths.Best);
            Interlocked.Add(ref hits, mine);
        });
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.CounterStream);
    }
}
