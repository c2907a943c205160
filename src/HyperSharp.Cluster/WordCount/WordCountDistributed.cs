using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Ladder;

namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// The word count as a job on Orleans silos: <c>Text(files).FlatMap("words").ReduceByKey().Collect()</c> on the
/// data-parallel layer. The rung starts its own embedded cluster of <see cref="RunContext.Nodes"/> silos in this
/// process (untimed, in setup) and stops it after the run; <c>hyper wordcount --on cluster</c> runs the same job on
/// real nodes.
/// </summary>
public sealed class WordCountDistributed : AsyncRung<WordCountProblem, WordCounts>
{
    // Typed as object so that loading this rung (the catalogue does, in every command) loads no Orleans type.
    private object? _cluster;

    /// <inheritdoc/>
    public override string Name => "distributed";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Processes;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Nodes;
    /// <inheritdoc/>
    public override string Technique => "Orleans grains: line-aligned partitions mapped and combined per silo, shuffled by key hash to one reducer per silo, collected";

    /// <inheritdoc/>
    protected override async ValueTask SetupAsync(WordCountProblem problem, RunContext context, CancellationToken cancellation) =>
        _cluster = await LocalCluster.StartAsync(context.Nodes, FailureDetection.Default, cancellation);

    /// <inheritdoc/>
    protected override async ValueTask TeardownAsync(WordCountProblem problem, RunContext context)
    {
        if (_cluster is LocalCluster c)
            await c.DisposeAsync();
        _cluster = null;
    }

    /// <inheritdoc/>
    protected override async ValueTask<WordCounts> ComputeAsync(WordCountProblem problem, RunContext context, CancellationToken cancellation)
    {
        var cluster = (LocalCluster)(_cluster ?? throw new InvalidOperationException("set up first"));
        // The job's phases are the run's (map+combine, shuffle+reduce, collect); its bytes go with the answer (the ladder's figures).
        var options = new JobOptions { Phases = context.Phases, DriverSilo = LocalCluster.DriverSilo };
        JobResult r = await DistributedWordCount.RunAsync(cluster.Grains, problem.Files, context.Nodes, Math.Max(context.MaxThreads, 2 * context.Nodes), options, cancellation);
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
