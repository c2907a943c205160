using System.Globalization;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Kernels;
using HyperSharp.Pi;

namespace HyperSharp.Cluster.Pi;

/// <summary>
/// Monte Carlo π as a job on Orleans silos: the counter stream's blocks (<see cref="PiStream"/>) cut into partitions,
/// each an idempotent task keyed by its partition id that counts its blocks with the kernel the threads rung uses
/// (<see cref="PiKernel.CountBlocks"/>), a chunk of blocks at a time on the thread pool; the hits summed by
/// ReduceByKey. Hits are tied to blocks, so they are the counter stream's exactly, whatever the node count.
/// </summary>
public sealed class PiDistributed : ClusterRung<PiProblem, PiResult>
{
    /// <summary>The mapper's name on every silo.</summary>
    internal const string Mapper = "pi";

    /// <summary>Blocks a silo hands the thread pool at a time: 2^23 samples, milliseconds of SIMD work.</summary>
    internal const long ChunkBlocks = 128;

    /// <inheritdoc/>
    public override string Technique => $"Orleans grains: the counter stream's blocks of {PiStream.BlockSize} samples in partitions keyed by id, counted by the simd kernel in chunks of {ChunkBlocks} blocks, hits reduced";

    /// <inheritdoc/>
    protected override async ValueTask<PiResult> ComputeAsync(ClusterJob cluster, PiProblem problem, CancellationToken cancellation)
    {
        long hits = await RunAsync(cluster, problem.Samples, problem.Seed, null, cancellation);
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.CounterStream);
    }

    /// <summary>The counter stream's hits of <paramref name="samples"/> points from <paramref name="seed"/>, counted on <paramref name="cluster"/>.</summary>
    public static async Task<long> RunAsync(ClusterJob cluster, long samples, long seed, JobOptions? options, CancellationToken cancellation = default) =>
        (await RunJobAsync(cluster, samples, seed, options, cancellation)).Hits;

    /// <summary>The hits and the job that counted them (its stats: retries, time to recover, blocks mapped).</summary>
    internal static async Task<(long Hits, JobResult Job)> RunJobAsync(ClusterJob cluster, long samples, long seed, JobOptions? options, CancellationToken cancellation = default)
    {
        long blocks = PiStream.BlockCount(samples);
        int partitions = (int)Math.Clamp(blocks, 1, 4L * cluster.Concurrency);
        JobResult r = await Dataset.Range(0, blocks, partitions).Map(Mapper, Argument(samples, seed)).ReduceByKey()
            .CollectAsync(cluster.Grains, cluster.Options(options) with { ChunkSize = ChunkBlocks }, cancellation);
        return (r.Table.Total, r); // one key, "hits": its count is the table's total
    }

    /// <summary>The mapper's argument: "SAMPLES SEED".</summary>
    internal static string Argument(long samples, long seed) => string.Create(CultureInfo.InvariantCulture, $"{samples} {seed}");

    /// <summary>Blocks [start, end) of the run the argument names, to their hits under one key.</summary>
    internal sealed class BlockMapper : IKeyedMapper
    {
        public void MapRange(long start, long end, string? argument, WordTable output)
        {
            string[] parts = (argument ?? "").Split(' ');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long samples)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long seed))
                throw new ArgumentException($"the pi mapper takes 'SAMPLES SEED' (got '{argument}')");
            output.Add("hits"u8, PiKernel.CountBlocks(seed, samples, start, end, SimdWidths.Best));
        }
    }
}
