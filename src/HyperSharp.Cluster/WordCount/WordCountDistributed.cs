using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;

namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// The word count as a job on Orleans silos: <c>Text(files).FlatMap("words").ReduceByKey().Collect()</c> on the
/// data-parallel layer, on an embedded cluster or a running one (<see cref="ClusterRung{TProblem,TResult}"/>);
/// <c>hyper wordcount --on cluster</c> runs the same job on real nodes.
/// </summary>
public sealed class WordCountDistributed : ClusterRung<WordCountProblem, WordCounts>
{
    /// <inheritdoc/>
    public override string Technique => "Orleans grains: line-aligned partitions mapped and combined per silo, shuffled by key hash to one reducer per silo, collected";

    /// <inheritdoc/>
    protected override async ValueTask<WordCounts> ComputeAsync(ClusterJob cluster, WordCountProblem problem, CancellationToken cancellation)
    {
        // The job's phases are the run's (map+combine, shuffle+reduce, collect); its bytes go with the answer (the ladder's figures).
        JobResult r = await DistributedWordCount.RunAsync(cluster.Grains, problem.Files, cluster.Silos, cluster.Concurrency, cluster.Options(), cancellation);
        WordCounts counts = r.Table.ToCounts();
        counts.Job = r.Stats;
        return counts;
    }
}

/// <summary>The word count's plan on the data-parallel layer, shared by the rung and the command.</summary>
public static class DistributedWordCount
{
    /// <summary>
    /// Counts the words of <paramref name="files"/> (paths every silo can read) on the cluster behind
    /// <paramref name="grains"/>: one reducer per silo, about four partitions per task slot (1–32 MB each).
    /// </summary>
    public static Task<JobResult> RunAsync(IGrainFactory grains, IReadOnlyList<string> files, int silos, int concurrency,
        JobOptions? options, CancellationToken cancellation = default)
    {
        long total = files.Sum(f => new FileInfo(f).Length);
        long partitionBytes = Math.Clamp(total / Math.Max(1, concurrency * 4), 1 << 20, 32 << 20);
        JobOptions o = (options ?? new JobOptions()) with { Reducers = Math.Max(1, silos), Concurrency = Math.Max(1, concurrency) };
        return Dataset.Text(files, partitionBytes).FlatMap("words").ReduceByKey().CollectAsync(grains, o, cancellation);
    }
}
