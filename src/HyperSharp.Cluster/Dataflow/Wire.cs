namespace HyperSharp.Cluster.Dataflow;

// What travels between the driver and the silos. Immutable: a silo-local call passes them without a copy.

/// <summary>One partition of a job's input: a byte range of a text file (records: its lines) or a range of numbers.</summary>
[GenerateSerializer, Immutable, Alias("hs.partition")]
public sealed class PartitionSource
{
    /// <summary>The partition's number in its job: its result is keyed by it.</summary>
    [Id(0)] public int Id { get; init; }
    /// <summary>The text file (null for a range of numbers); every node must read it by this path.</summary>
    [Id(1)] public string? Path { get; init; }
    /// <summary>First byte (text) or number (range).</summary>
    [Id(2)] public long Start { get; init; }
    /// <summary>One past the last.</summary>
    [Id(3)] public long End { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Path is null ? $"partition {Id} [{Start}, {End})" : $"partition {Id} ({System.IO.Path.GetFileName(Path)} bytes {Start}–{End})";
}

/// <summary>The narrow part of a plan every partition runs: its mapper (by name) and how its output is shuffled.</summary>
[GenerateSerializer, Immutable, Alias("hs.maptask")]
public sealed class MapTask
{
    /// <summary>The job, unique per run (grain keys include it).</summary>
    [Id(0)] public required string Job { get; init; }
    /// <summary>The input.</summary>
    [Id(1)] public required PartitionSource Source { get; init; }
    /// <summary>The registered mapper (<see cref="Mappers"/>) and its argument.</summary>
    [Id(2)] public required string Mapper { get; init; }
    /// <summary>The mapper's argument (its meaning is the mapper's).</summary>
    [Id(3)] public string? Argument { get; init; }
    /// <summary>Reducers the combined output is split between (by key hash).</summary>
    [Id(4)] public int Buckets { get; init; } = 1;
    /// <summary>Bytes (text) or numbers (range) handed to the thread pool at a time.</summary>
    [Id(5)] public long ChunkSize { get; init; }
    /// <summary>A search (<see cref="JobOptions.StopWhenFound"/>): stop between chunks once the job's flag is raised; raise it on a key.</summary>
    [Id(6)] public bool StopWhenFound { get; init; }
}

/// <summary>A partition's combined output, split into the reducers' buckets.</summary>
[GenerateSerializer, Immutable, Alias("hs.mapoutput")]
public sealed class MapOutput
{
    /// <summary>The partition it is the output of.</summary>
    [Id(0)] public int Partition { get; init; }
    /// <summary>Per bucket: keys and combined values (<see cref="WordCount.WordTable.Encode"/>).</summary>
    [Id(1)] public required byte[][] Buckets { get; init; }
    /// <summary>The silo that ran it.</summary>
    [Id(2)] public required string Silo { get; init; }
    /// <summary>Seconds of map work.</summary>
    [Id(3)] public double Seconds { get; init; }
    /// <summary>Input bytes (text) or numbers (range) read.</summary>
    [Id(4)] public long Input { get; init; }
    /// <summary>A search's partition emitted a key (and raised the job's flag).</summary>
    [Id(5)] public bool Found { get; init; }
}

/// <summary>One reducer's share: the same bucket of every partition's output, keyed by partition.</summary>
[GenerateSerializer, Immutable, Alias("hs.reducetask")]
public sealed class ReduceTask
{
    /// <summary>The job.</summary>
    [Id(0)] public required string Job { get; init; }
    /// <summary>The bucket.</summary>
    [Id(1)] public int Bucket { get; init; }
    /// <summary>Partition ids, one per input, in the order of <see cref="Inputs"/>: each counted once.</summary>
    [Id(2)] public required int[] Partitions { get; init; }
    /// <summary>The encoded bucket of each partition.</summary>
    [Id(3)] public required byte[][] Inputs { get; init; }
}

/// <summary>A reducer's answer: its keys and values, encoded.</summary>
[GenerateSerializer, Immutable, Alias("hs.reduceoutput")]
public sealed class ReduceOutput
{
    /// <summary>The bucket.</summary>
    [Id(0)] public int Bucket { get; init; }
    /// <summary>Keys and reduced values.</summary>
    [Id(1)] public required byte[] Table { get; init; }
    /// <summary>The silo that ran it.</summary>
    [Id(2)] public required string Silo { get; init; }
    /// <summary>Seconds of merging (and encoding the merged table), in the grain.</summary>
    [Id(3)] public double Seconds { get; init; }
}
