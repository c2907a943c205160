using System.Collections.Concurrent;
using System.Diagnostics;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Ladder;

namespace HyperSharp.Cluster.Dataflow;

/// <summary>
/// A keyed dataset on the cluster, Spark RDD or Dask bag in spirit but small: partitions of an input, a registered
/// mapper (<see cref="FlatMap"/> or <see cref="Map"/>), <see cref="ReduceByKey"/> (a sum, combined in each partition
/// before the shuffle, never a groupBy that holds every group) and <see cref="CollectAsync"/>.
/// </summary>
public sealed class Dataset
{
    private readonly PartitionSource[] _partitions;
    private readonly string? _mapper;
    private readonly string? _argument;
    private readonly bool _reduced;

    private Dataset(PartitionSource[] partitions, string? mapper, string? argument, bool reduced)
    {
        _partitions = partitions;
        _mapper = mapper;
        _argument = argument;
        _reduced = reduced;
    }

    /// <summary>Partitions of the input.</summary>
    public int Partitions => _partitions.Length;

    /// <summary>Text files cut into byte ranges of about <paramref name="partitionBytes"/> at line boundaries.</summary>
    public static Dataset Text(IReadOnlyList<string> files, long partitionBytes)
    {
        long total = files.Sum(f => new FileInfo(f).Length);
        int count = (int)Math.Clamp((total + partitionBytes - 1) / Math.Max(1, partitionBytes), 1, 1 << 20);
        PartitionSource[] parts = [.. TextPartitions.Split(files, count).Select(p => new PartitionSource { Id = p.Id, Path = p.Path, Start = p.Start, End = p.End })];
        return new Dataset(parts, null, null, false);
    }

    /// <summary>The numbers [<paramref name="start"/>, <paramref name="end"/>) cut into <paramref name="partitions"/> ranges.</summary>
    public static Dataset Range(long start, long end, int partitions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        long n = Math.Max(0, end - start), share = Math.Max(1, (n + partitions - 1) / partitions);
        var parts = new List<PartitionSource>();
        for (long s = start; s < end; s += share)
            parts.Add(new PartitionSource { Id = parts.Count, Start = s, End = Math.Min(end, s + share) });
        return new Dataset([.. parts], null, null, false);
    }

    /// <summary>Each record to any number of keys with values, by the mapper registered as <paramref name="mapper"/>.</summary>
    public Dataset FlatMap(string mapper, string? argument = null)
    {
        _ = Mappers.Get(mapper);
        return new Dataset(_partitions, mapper, argument, false);
    }

    /// <summary>Each record to one key with a value (a FlatMap whose mapper emits one pair per record).</summary>
    public Dataset Map(string mapper, string? argument = null) => FlatMap(mapper, argument);

    /// <summary>Values of a key summed: in each partition first (the combiner), then across partitions by the reducers.</summary>
    public Dataset ReduceByKey() =>
        _mapper is null ? throw new InvalidOperationException("ReduceByKey needs a Map or FlatMap first") : new Dataset(_partitions, _mapper, _argument, true);

    /// <summary>Runs the job on the cluster behind <paramref name="grains"/>; every key with its reduced value.</summary>
    public Task<JobResult> CollectAsync(IGrainFactory grains, JobOptions options, CancellationToken cancellation = default)
    {
        if (!_reduced || _mapper is null)
            throw new InvalidOperationException("Collect runs a FlatMap(…).ReduceByKey() plan");
        return JobRunner.RunAsync(grains, _partitions, _mapper, _argument, options, cancellation);
    }
}

/// <summary>How a job runs.</summary>
public sealed record JobOptions
{
    /// <summary>Reducers (buckets of the shuffle); usually the silos.</summary>
    public int Reducers { get; init; } = 1;

    /// <summary>Tasks in flight at once (map or reduce).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Tries per task before the job fails (Spark's <c>spark.task.maxFailures</c> is 4).</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>Bytes or numbers a silo hands the thread pool at a time.</summary>
    public long ChunkSize { get; init; } = TextPartitions.DefaultChunkBytes;

    /// <summary>
    /// A search, not a count: once any task emits a key, the job's flag (<see cref="IJobFlagGrain"/>) is raised, every
    /// task looks at it between chunks and stops, and partitions not yet started are skipped. The answer then holds the
    /// keys found so far (at least one when any partition has one), not every key.
    /// </summary>
    public bool StopWhenFound { get; init; }

    /// <summary>Called with (tasks done, tasks in all) as tasks finish.</summary>
    public Action<int, int>? Progress { get; init; }

    /// <summary>Called with each retried task's failure (for logs).</summary>
    public Action<string>? OnRetry { get; init; }

    /// <summary>Where the job's phases are also timed (a rung's <see cref="RunContext.Phases"/>): map+combine, shuffle+reduce, collect.</summary>
    public PhaseClock? Phases { get; init; }

    /// <summary>
    /// The silo the driver runs in (an embedded cluster's first silo), so that what it sends to or gets from that silo
    /// is not counted as crossing between nodes; null for a client outside the cluster, where every hop crosses.
    /// </summary>
    public string? DriverSilo { get; init; }
}

/// <summary>A job's answer and what it cost.</summary>
public sealed record JobResult(WordTable Table, JobStats Stats);

/// <summary>
/// What a job measured (clocks and byte counts, nothing estimated): time per phase, bytes shuffled and how many of
/// them crossed between nodes, retries, the silos that did the work. Bytes are the payloads the tasks exchange (the
/// encoded tables), not Orleans' framing; a retried task's lost tries are not counted.
/// </summary>
/// <param name="Partitions">Map tasks.</param>
/// <param name="Reducers">Reduce tasks.</param>
/// <param name="MapSeconds">Map phase (partitions read, mapped and combined, their buckets returned to the driver), wall time in the driver.</param>
/// <param name="ReduceSeconds">Shuffle and reduce phase (each bucket of every partition sent to its reducer, merged, its table returned), wall time in the driver.</param>
/// <param name="CollectSeconds">Reducers' answers joined in the driver.</param>
/// <param name="ShuffledBytes">Bytes of map output (the combined buckets), each sent to its reducer through the driver.</param>
/// <param name="CollectedBytes">Bytes of reducer output sent to the driver.</param>
/// <param name="Retries">Tasks tried again after a failure.</param>
/// <param name="RecoverSeconds">From the first failure to the end of the phase it hit (0 without failures).</param>
/// <param name="Silos">Map tasks per silo that ran them.</param>
public sealed record JobStats(int Partitions, int Reducers, double MapSeconds, double ReduceSeconds, double CollectSeconds,
    long ShuffledBytes, long CollectedBytes, int Retries, double RecoverSeconds, IReadOnlyDictionary<string, int> Silos)
{
    /// <summary>Seconds the map tasks spent in their grains (reading, mapping, combining, splitting into buckets), summed over partitions.</summary>
    public double MapTaskSeconds { get; init; }

    /// <summary>Seconds the reduce tasks spent merging in their grains, summed over reducers.</summary>
    public double ReduceTaskSeconds { get; init; }

    /// <summary>The longest reduce task's merge, in its grain.</summary>
    public double ReduceTaskMaxSeconds { get; init; }

    /// <summary>
    /// Bytes that went between nodes (silo processes or machines): map output from a silo other than the driver's,
    /// reducer input to one and reducer output from one (<see cref="JobOptions.DriverSilo"/>). With an outside
    /// client every shuffled byte crosses twice: 2 × <see cref="ShuffledBytes"/> + <see cref="CollectedBytes"/>.
    /// </summary>
    public long CrossNodeBytes { get; init; }

    /// <summary>Input bytes (text) or numbers (ranges) the kept map outputs read: less than the input when a search stopped early.</summary>
    public long MappedInput { get; init; }
}

/// <summary>The driver: tasks handed out with bounded concurrency, retried on failure, results keyed by task id.</summary>
internal static class JobRunner
{
    public static async Task<JobResult> RunAsync(IGrainFactory grains, PartitionSource[] partitions, string mapper, string? argument,
        JobOptions options, CancellationToken cancellation)
    {
        string job = Guid.NewGuid().ToString("N");
        int reducers = Math.Max(1, options.Reducers);
        int total = partitions.Length + reducers, done = 0;
        var retries = new Counter();
        var silos = new ConcurrentDictionary<string, int>();

        long start = Stopwatch.GetTimestamp();
        PhaseClock.Scope phase = options.Phases?.Begin("map+combine") ?? default;
        // Keyed by partition: a partition whose task ran twice (a retry after a lost answer) is kept once.
        var outputs = new ConcurrentDictionary<int, MapOutput>();
        int found = 0;
        await ForEachAsync(partitions, options, retries, async (p, attempt) =>
        {
            // A search that has found something starts no more partitions.
            if (!options.StopWhenFound || Volatile.Read(ref found) == 0)
            {
                MapOutput o = await grains.GetGrain<ITaskGrain>($"{job}/map/{p.Id}/{attempt}").Map(new MapTask
                {
                    Job = job, Source = p, Mapper = mapper, Argument = argument, Buckets = reducers, ChunkSize = options.ChunkSize,
                    StopWhenFound = options.StopWhenFound,
                });
                if (outputs.TryAdd(o.Partition, o))
                    silos.AddOrUpdate(o.Silo, 1, (_, n) => n + 1);
                if (o.Found)
                    Volatile.Write(ref found, 1);
            }
            options.Progress?.Invoke(Interlocked.Increment(ref done), total);
        }, cancellation);
        double mapSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        phase.Dispose();
        double recover = retries.RecoverSeconds();

        start = Stopwatch.GetTimestamp();
        phase = options.Phases?.Begin("shuffle+reduce") ?? default;
        MapOutput[] ordered = [.. outputs.Values.OrderBy(o => o.Partition)];
        long shuffled = ordered.Sum(o => o.Buckets.Sum(b => (long)b.Length));
        var reduced = new ConcurrentDictionary<int, ReduceOutput>();
        var reduceRetries = new Counter();
        await ForEachAsync(Enumerable.Range(0, reducers).ToArray(), options, reduceRetries, async (bucket, attempt) =>
        {
            ReduceOutput r = await grains.GetGrain<ITaskGrain>($"{job}/reduce/{bucket}/{attempt}").Reduce(new ReduceTask
            {
                Job = job, Bucket = bucket, Partitions = [.. ordered.Select(o => o.Partition)], Inputs = [.. ordered.Select(o => o.Buckets[bucket])],
            });
            reduced.TryAdd(r.Bucket, r);
            options.Progress?.Invoke(Interlocked.Increment(ref done), total);
        }, cancellation);
        double reduceSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        phase.Dispose();
        recover += reduceRetries.RecoverSeconds();

        start = Stopwatch.GetTimestamp();
        phase = options.Phases?.Begin("collect") ?? default;
        var table = new WordTable();
        long collected = 0;
        foreach (ReduceOutput r in reduced.Values.OrderBy(r => r.Bucket))
        {
            table.AddEncoded(r.Table);
            collected += r.Table.Length;
        }
        double collectSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        phase.Dispose();
        var stats = new JobStats(partitions.Length, reducers, mapSeconds, reduceSeconds, collectSeconds, shuffled, collected,
            retries.Count + reduceRetries.Count, recover, new Dictionary<string, int>(silos))
        {
            MapTaskSeconds = ordered.Sum(o => o.Seconds),
            ReduceTaskSeconds = reduced.Values.Sum(r => r.Seconds),
            ReduceTaskMaxSeconds = reduced.Values.Select(r => r.Seconds).DefaultIfEmpty(0).Max(),
            CrossNodeBytes = CrossNodeBytes(ordered, [.. reduced.Values], options.DriverSilo),
            MappedInput = ordered.Sum(o => o.Input),
        };
        return new JobResult(table, stats);
    }

    /// <summary>The payload bytes of the job's hops whose two ends are different nodes (see <see cref="JobStats.CrossNodeBytes"/>).</summary>
    internal static long CrossNodeBytes(IReadOnlyList<MapOutput> maps, IReadOnlyList<ReduceOutput> reduces, string? driver)
    {
        long bytes = 0;
        foreach (MapOutput o in maps)
        {
            if (o.Silo != driver)
                bytes += o.Buckets.Sum(b => (long)b.Length);
        }
        foreach (ReduceOutput r in reduces)
        {
            if (r.Silo != driver)
                bytes += maps.Sum(o => (long)o.Buckets[r.Bucket].Length) + r.Table.Length;
        }
        return bytes;
    }

    /// <summary>Retries, and when the first failure came (for the time to recover).</summary>
    private sealed class Counter
    {
        private int _count;
        private long _first;

        public int Count => _count;

        public void Failed()
        {
            Interlocked.CompareExchange(ref _first, Stopwatch.GetTimestamp(), 0);
            Interlocked.Increment(ref _count);
        }

        public double RecoverSeconds() => _first == 0 ? 0 : Stopwatch.GetElapsedTime(_first).TotalSeconds;
    }

    /// <summary>
    /// Runs <paramref name="run"/> on every item, at most <see cref="JobOptions.Concurrency"/> at once; a failed try is
    /// tried again (attempt number in the grain key, so the retry gets a fresh activation wherever placement puts it)
    /// until <see cref="JobOptions.MaxAttempts"/>; errors no retry can fix (a missing file) fail the job at once.
    /// </summary>
    private static async Task ForEachAsync<T>(T[] items, JobOptions options, Counter retries, Func<T, int, Task> run, CancellationToken cancellation)
    {
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellation },
            async (item, ct) =>
            {
                for (int attempt = 0; ; attempt++)
                {
                    try
                    {
                        await run(item, attempt).WaitAsync(ct);
                        return;
                    }
                    catch (Exception e) when (!ct.IsCancellationRequested && IsTransient(e) && attempt + 1 < options.MaxAttempts)
                    {
                        retries.Failed();
                        options.OnRetry?.Invoke($"{item} (try {attempt + 1}): {e.GetType().Name}: {FirstLine(e.Message)}");
                        await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << attempt)), ct);
                    }
                }
            });
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    /// <summary>Whether another try may succeed: not for bad input (missing file, unknown mapper).</summary>
    internal static bool IsTransient(Exception e) =>
        e is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or ArgumentException or NotSupportedException or InvalidDataException or OperationCanceledException);
}
