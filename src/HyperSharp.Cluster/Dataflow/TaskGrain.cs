using System.Diagnostics;
using HyperSharp.Cluster.WordCount;
using Orleans.Runtime;

namespace HyperSharp.Cluster.Dataflow;

/// <summary>
/// One task of a job: a partition's map (key <c>JOB/map/PARTITION</c>) or a bucket's reduce (<c>JOB/reduce/BUCKET</c>).
/// Keyed by what it computes, so a retried task reaches the same activation (or, its silo dead, a new one), and the
/// activation keeps its answer: a repeated call returns it without counting again.
/// </summary>
[Alias("hs.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Runs the map of one partition (once per activation).</summary>
    [Alias("map")]
    Task<MapOutput> Map(MapTask task);

    /// <summary>Merges one bucket of every partition, each partition once.</summary>
    [Alias("reduce")]
    Task<ReduceOutput> Reduce(ReduceTask task);
}

/// <summary>
/// The early-exit flag of a search job (key: the job), shared by its tasks on every silo: raised by the first task
/// that finds a key, looked at by the others between chunks. One activation in the cluster holds it; a silo's death
/// loses it, and the retried tasks, finding it lowered, search on (slower, never wrong).
/// </summary>
[Alias("hs.IJobFlagGrain")]
public interface IJobFlagGrain : IGrainWithStringKey
{
    /// <summary>Whether some task of the job has found a key.</summary>
    [Alias("raised")]
    Task<bool> IsRaised();

    /// <summary>Raises the flag (it stays raised).</summary>
    [Alias("raise")]
    Task Raise();
}

/// <summary>The flag: a bool in one activation; the calls are short and interleave.</summary>
internal sealed class JobFlagGrain : Grain, IJobFlagGrain
{
    private bool _raised;

    public Task<bool> IsRaised() => Task.FromResult(_raised);

    public Task Raise()
    {
        _raised = true;
        return Task.CompletedTask;
    }
}

/// <summary>The task grain: CPU work runs on the thread pool in chunks, off the grain scheduler.</summary>
internal sealed class TaskGrain(ILocalSiloDetails silo) : Grain, ITaskGrain
{
    private Task<MapOutput>? _map;
    private Task<ReduceOutput>? _reduce;

    public Task<MapOutput> Map(MapTask task) => _map ??= RunMap(task);

    public Task<ReduceOutput> Reduce(ReduceTask task) => _reduce ??= RunReduce(task);

    private string SiloName => silo.Name;

    private async Task<MapOutput> RunMap(MapTask task)
    {
        long start = Stopwatch.GetTimestamp();
        IKeyedMapper mapper = Mappers.Get(task.Mapper);
        WordTable table = TablePool.Rent();
        try
        {
            return await RunMap(task, mapper, table, start);
        }
        finally
        {
            TablePool.Return(table);
        }
    }

    private async Task<MapOutput> RunMap(MapTask task, IKeyedMapper mapper, WordTable table, long start)
    {
        PartitionSource source = task.Source;
        long input = 0;
        // A search looks at the job's flag before each chunk, and raises it when its own chunk found a key.
        IJobFlagGrain? flag = task.StopWhenFound ? GrainFactory.GetGrain<IJobFlagGrain>(task.Job) : null;
        if (source.Path is { } path)
        {
            using TextPartitions.ChunkReader reader = TextPartitions.Open(new TextPartition(source.Id, path, source.Start, source.End),
                (int)Math.Clamp(task.ChunkSize, 1 << 12, 1 << 28));
            // Each chunk is its own thread-pool work item (a fraction of a second), so the silo's scheduler stays free
            // for messages, membership probes and other grains between them.
            while (!await StopAsync(flag, table))
            {
                int n = await Task.Run(() => NextChunk(reader, mapper, task.Argument, table));
                if (n < 0)
                    break;
                input += n;
            }
        }
        else
        {
            long chunk = Math.Max(1, task.ChunkSize);
            for (long s = source.Start; s < source.End && !await StopAsync(flag, table); s += chunk)
            {
                long e = Math.Min(source.End, s + chunk);
                await Task.Run(() => mapper.MapRange(s, e, task.Argument, table));
                input += e - s;
            }
        }
        bool found = flag is not null && table.Count > 0;
        if (found)
            await flag!.Raise();
        byte[][] buckets = await Task.Run(() => WordTable.EncodeBuckets(table, task.Buckets));
        return new MapOutput { Partition = source.Id, Buckets = buckets, Silo = SiloName, Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds, Input = input, Found = found };
    }

    /// <summary>Whether a search should stop: it found a key itself, or another task raised the job's flag.</summary>
    private static async ValueTask<bool> StopAsync(IJobFlagGrain? flag, WordTable table) =>
        flag is not null && (table.Count > 0 || await flag.IsRaised());

    /// <summary>Maps the next chunk; its bytes, or -1 when the partition is done.</summary>
    private static int NextChunk(TextPartitions.ChunkReader reader, IKeyedMapper mapper, string? argument, WordTable table)
    {
        if (!reader.Next(out ReadOnlySpan<byte> chunk))
            return -1;
        mapper.MapText(chunk, argument, table);
        return chunk.Length;
    }

    private async Task<ReduceOutput> RunReduce(ReduceTask task)
    {
        long start = Stopwatch.GetTimestamp();
        byte[] table = await Task.Run(() =>
        {
            WordTable merged = TablePool.Rent();
            try
            {
                var seen = new HashSet<int>();
                for (int i = 0; i < task.Inputs.Length; i++)
                {
                    // A partition's output is merged once, however many times it was sent.
                    if (seen.Add(task.Partitions[i]))
                        merged.AddEncoded(task.Inputs[i]);
                }
                return WordTable.Serialize(merged);
            }
            finally
            {
                TablePool.Return(merged);
            }
        });
        return new ReduceOutput { Bucket = task.Bucket, Table = table, Silo = SiloName, Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds };
    }
}
