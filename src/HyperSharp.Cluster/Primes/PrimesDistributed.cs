using System.Globalization;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Primes;

namespace HyperSharp.Cluster.Primes;

/// <summary>
/// The book's job queue over a cluster: [0, N) cut into partitions (tasks keyed by partition id, handed out by the
/// driver a few per silo at a time, retried on failure), each counting its numbers a chunk at a time on the thread
/// pool with the threads rung's trial division (<see cref="PrimesThreads.CountChunk"/>); the counts summed by
/// ReduceByKey, once per partition.
/// </summary>
public sealed class PrimesDistributed : ClusterRung<PrimeCountSpec, long>
{
    /// <summary>The mapper's name on every silo.</summary>
    internal const string Mapper = "primes";

    /// <summary>The fewest numbers a silo hands the thread pool at a time (a smaller --chunk is raised to it).</summary>
    internal const int MinChunk = 4096;

    /// <inheritdoc/>
    public override string Technique => "Orleans grains: a queue of number ranges keyed by partition id, trial division in chunks on each silo's thread pool, counts reduced";

    /// <inheritdoc/>
    protected override async ValueTask<long> ComputeAsync(ClusterJob cluster, PrimeCountSpec problem, CancellationToken cancellation) =>
        await RunAsync(cluster, problem, null, cancellation);

    /// <summary>The primes below <see cref="PrimeCountSpec.Below"/>, counted on <paramref name="cluster"/>.</summary>
    public static async Task<long> RunAsync(ClusterJob cluster, PrimeCountSpec spec, JobOptions? options, CancellationToken cancellation = default) =>
        (await RunJobAsync(cluster, spec, options, cancellation)).Count;

    /// <summary>The count and the job that made it (its stats: retries, time to recover, numbers mapped).</summary>
    internal static async Task<(long Count, JobResult Job)> RunJobAsync(ClusterJob cluster, PrimeCountSpec spec, JobOptions? options, CancellationToken cancellation = default)
    {
        long chunk = Math.Max(spec.Chunk, MinChunk);
        // Eight partitions per task slot: the last ranges (larger numbers) cost more, and a short queue would end on one silo.
        int partitions = (int)Math.Clamp((spec.Below + chunk - 1) / chunk, 1, 8L * cluster.Concurrency);
        JobResult r = await Dataset.Range(0, spec.Below, partitions).Map(Mapper).ReduceByKey()
            .CollectAsync(cluster.Grains, cluster.Options(options) with { ChunkSize = chunk }, cancellation);
        return (r.Table.Total, r); // one key, "primes": its count is the table's total
    }

    /// <summary>The numbers [start, end) to their count of primes under one key.</summary>
    internal sealed class CountMapper : IKeyedMapper
    {
        public void MapRange(long start, long end, string? argument, WordTable output) =>
            output.Add("primes"u8, PrimesThreads.CountChunk(start, end));
    }
}

/// <summary>
/// Is each number prime, on a cluster: one search job per number, its odd divisors 3, 5, …, ≤ √n cut into partitions
/// searched with trial division (<see cref="TrialDivision.SmallestFactor"/>) in chunks of <see cref="ChunkDivisors"/>
/// on each silo's thread pool. The early-exit flag is a grain (<see cref="IJobFlagGrain"/>): the first task to find a
/// factor raises it, every other task looks at it between chunks and stops, and the driver starts no more partitions.
/// </summary>
public sealed class PrimeCheckDistributed : ClusterRung<PrimeCheckSpec, PrimeVerdict[]>
{
    /// <summary>The mapper's name on every silo.</summary>
    internal const string Mapper = "divisors";

    /// <summary>
    /// Divisors between two looks at the flag grain (a message each): 2^20, milliseconds of work. The spec's
    /// check_every is the in-memory flags' interval; a grain call per few thousand divisors would cost more than the
    /// divisions.
    /// </summary>
    internal const long ChunkDivisors = 1 << 20;

    /// <inheritdoc/>
    public override string Technique => $"Orleans grains: each number's divisors in partitions, trial division in chunks of {ChunkDivisors} divisors, an early-exit flag grain looked at between chunks";

    /// <inheritdoc/>
    protected override async ValueTask<PrimeVerdict[]> ComputeAsync(ClusterJob cluster, PrimeCheckSpec problem, CancellationToken cancellation) =>
        await DivisorShares.VerdictsAsync(problem.Numbers, n => SearchAsync(cluster, n, null, cancellation));

    /// <summary>A proper factor of the odd number <paramref name="n"/> (≥ 5) found on <paramref name="cluster"/>, or 0 when it is prime.</summary>
    public static async Task<long> SearchAsync(ClusterJob cluster, ulong n, JobOptions? options, CancellationToken cancellation = default) =>
        (await SearchJobAsync(cluster, n, options, cancellation)).Factor;

    /// <summary>The search and the job that ran it (its stats say how much of the range was searched).</summary>
    internal static async Task<(long Factor, JobResult Job)> SearchJobAsync(ClusterJob cluster, ulong n, JobOptions? options, CancellationToken cancellation = default)
    {
        if (n < 5 || n % 2 == 0)
            throw new ArgumentOutOfRangeException(nameof(n), "the divisor search is for odd numbers from 5");
        ulong last = TrialDivision.IntegerSqrt(n);
        long odds = last < 3 ? 0 : (long)((last - 3) / 2 + 1); // divisor 3 + 2i for i in [0, odds)
        int partitions = (int)Math.Clamp((odds + ChunkDivisors - 1) / ChunkDivisors, 1, 4L * cluster.Concurrency);
        JobResult r = await Dataset.Range(0, odds, partitions).FlatMap(Mapper, n.ToString(CultureInfo.InvariantCulture)).ReduceByKey()
            .CollectAsync(cluster.Grains, cluster.Options(options) with { ChunkSize = ChunkDivisors, StopWhenFound = true }, cancellation);
        // Each key is a factor some task found: any is proper; the smallest is reported.
        WordCounts found = r.Table.ToCounts();
        long factor = found.Words.Length == 0 ? 0 : found.Words.Min(w => long.Parse(w, NumberStyles.None, CultureInfo.InvariantCulture));
        return (factor, r);
    }

    /// <summary>Divisor indices [start, end) (divisor 3 + 2i) of the number the argument names, to the factor found there as a key.</summary>
    internal sealed class DivisorMapper : IKeyedMapper
    {
        public void MapRange(long start, long end, string? argument, WordTable output)
        {
            if (!ulong.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out ulong n))
                throw new ArgumentException($"the divisors mapper takes the number (got '{argument}')");
            ulong factor = TrialDivision.SmallestFactor(n, 3 + 2 * (ulong)start, 1 + 2 * (ulong)end);
            if (factor != 0)
                output.Add(System.Text.Encoding.ASCII.GetBytes(factor.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
