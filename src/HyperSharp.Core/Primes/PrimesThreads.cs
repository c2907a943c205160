using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// The book's work queue with threads: the range is cut into chunks of <see cref="PrimeCountSpec.Chunk"/> numbers,
/// shuffled (large numbers cost more, so neighbouring chunks should not all land on one worker), and taken by the
/// threads one at a time. Small chunks pay queue overhead per chunk; huge ones leave cores idle at the end.
/// </summary>
public sealed class PrimesThreads : SyncRung<PrimeCountSpec, long>
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override string Technique => "trial division, shuffled chunks of numbers taken from a shared queue by every core";

    /// <summary>Its speed depends on the chunk size: the bench runs it at every chunk size given.</summary>
    public override string? Sweeps => "chunk";

    /// <summary>The most work items the queue holds: one 8-byte start each.</summary>
    public const long MaxChunks = 100_000_000;

    /// <inheritdoc/>
    public override void Check(PrimeCountSpec problem) => CheckChunks(problem);

    /// <summary>Rejects a chunk size that would make more than <see cref="MaxChunks"/> work items.</summary>
    internal static void CheckChunks(PrimeCountSpec problem)
    {
        long chunks = (problem.Below + problem.Chunk - 1) / problem.Chunk;
        if (chunks > MaxChunks)
            throw new SpecException(
                $"chunk {problem.Chunk} cuts below {problem.Below} into {chunks} work items, more than the {MaxChunks:N0} the queue holds: give --chunk {(problem.Below + MaxChunks - 1) / MaxChunks} or more");
    }

    /// <inheritdoc/>
    protected override long Compute(PrimeCountSpec problem, RunContext context)
    {
        long[] starts = Chunks(problem);
        long total = 0;
        Parallel.ForEach(
            starts,
            new ParallelOptions { MaxDegreeOfParallelism = context.MaxThreads },
            () => 0L,
            (start, _, local) => local + CountChunk(start, Math.Min(problem.Below, start + problem.Chunk)),
            local => Interlocked.Add(ref total, local));
        return total;
    }

    /// <summary>Chunk start points in a fixed shuffled order (the same every run: equal work).</summary>
    internal static long[] Chunks(PrimeCountSpec problem)
    {
        long chunks = (problem.Below + problem.Chunk - 1) / problem.Chunk;
        long[] starts = new long[chunks];
        for (long i = 0; i < chunks; i++)
            starts[i] = i * problem.Chunk;
        new Random(12345).Shuffle(starts);
        return starts;
    }

    /// <summary>
    /// The primes in [<paramref name="from"/>, <paramref name="to"/>) by trial division: the work item of every queued
    /// rung (threads, processes, distributed).
    /// </summary>
    public static long CountChunk(long from, long to)
    {
        long count = 0;
        for (long n = Math.Max(2, from); n < to; n++)
        {
            if (TrialDivision.IsPrime((ulong)n))
                count++;
        }
        return count;
    }
}
