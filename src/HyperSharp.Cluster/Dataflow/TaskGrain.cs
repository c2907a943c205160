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
        var table = new WordTable();
        PartitionSource source = task.Source;
        long input = 0;
        if (source.Path is { } path)
        {
            using TextPartitions.ChunkReader reader = TextPartitions.Open(new TextPartition(source.Id, path, source.Start, source.End),
                (int)Math.Clamp(task.ChunkSize, 1 << 12, 1 << 28));
            // Each chunk is its own thread-pool work item (a fraction of a second), so the silo's scheduler stays free
            // for messages, membership probes and other grains between them.
            for (int n; (n = await Task.Run(() => NextChunk(reader, mapper, task.Argument, table))) >= 0;)
                input += n;
        }
        else
        {
            long chunk = Math.Max(1, task.ChunkSize);
            for (long s = source.Start; s < source.End; s += chunk)
            {
                long e = Math.Min(source.End, s + chunk);
                await Task.Run(() => mapper.MapRange(s, e, task.Argument, table));
                input += e - s;
            }
        }
        byte[][] buckets = await Task.Run(() => Enumerable.Range(0, task.Buckets).Select(b => WordTable.Encode(table, b, task.Buckets)).ToArray());
        return new MapOutput { Partition = source.Id, Buckets = buckets, Silo = SiloName, Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds, Input = input };
    }

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
            var merged = new WordTable();
            var seen = new HashSet<int>();
            for (int i = 0; i < task.Inputs.Length; i++)
            {
                // A partition's output is merged once, however many times it was sent.
                if (seen.Add(task.Partitions[i]))
                    merged.AddEncoded(task.Inputs[i]);
            }
            return WordTable.Serialize(merged);
        });
        return new ReduceOutput { Bucket = task.Bucket, Table = table, Silo = SiloName, Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds };
    }
}
