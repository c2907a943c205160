namespace HyperSharp.Ladder;

/// <summary>
/// What the caller allows a rung to use — threads, processes, operations in flight, cluster nodes, a device — and
/// where it records what the harness measures inside a run (per-operation latency, named phases). Rungs never choose
/// their own problem size.
/// </summary>
public sealed record RunContext
{
    /// <summary>Allows up to <paramref name="maxThreads"/> threads (at least 1) and as many processes.</summary>
    /// <exception cref="SpecException"><paramref name="maxThreads"/> is below 1.</exception>
    public RunContext(int maxThreads)
    {
        MaxThreads = Positive(maxThreads, "threads");
        Processes = maxThreads;
    }

    /// <summary>The most threads any rung may use at once.</summary>
    public int MaxThreads { get; }

    /// <summary>Child processes a processes rung starts (default: as many as threads).</summary>
    public int Processes { get; init => field = Positive(value, "processes"); }

    /// <summary>Operations an async rung keeps in flight at once.</summary>
    public int Concurrency { get; init => field = Positive(value, "concurrency"); } = 1;

    /// <summary>Nodes of a cluster a distributed rung runs on.</summary>
    public int Nodes { get; init => field = Positive(value, "nodes"); } = 1;

    /// <summary>
    /// HOST:PORT of a running cluster's gateway (several, comma-separated) a distributed rung sends its job to; null:
    /// the rung starts <see cref="Nodes"/> silos of its own in this process.
    /// </summary>
    public string? Gateway { get; init; }

    /// <summary>The accelerator a device rung should use, by name; null: the best one found.</summary>
    public string? Device { get; init; }

    /// <summary>
    /// Where a rung that performs many operations records each one's latency (the harness sets it in latency mode;
    /// null otherwise, so rungs write <c>context.Latency?.Record(…)</c>).
    /// </summary>
    public LatencyRecorder? Latency { get; init; }

    /// <summary>Where a rung with named phases (build, query) times each one; null when nobody listens.</summary>
    public PhaseClock? Phases { get; init; }

    /// <summary>All of this machine's logical processors, one of everything else.</summary>
    public static RunContext Default { get; } = new(Environment.ProcessorCount);

    /// <summary>The count of each resource in <paramref name="uses"/>, and threads (1 when not declared).</summary>
    public IReadOnlyDictionary<string, int> CountsOf(RungResources uses)
    {
        var counts = new Dictionary<string, int> { ["threads"] = uses.HasFlag(RungResources.Threads) ? MaxThreads : 1 };
        if (uses.HasFlag(RungResources.Processes))
            counts["processes"] = Processes;
        if (uses.HasFlag(RungResources.Concurrency))
            counts["concurrency"] = Concurrency;
        if (uses.HasFlag(RungResources.Nodes))
            counts["nodes"] = Nodes;
        return counts;
    }

    /// <summary>Times a phase of the run: <c>using (context.Phase("build")) { … }</c>; free when nobody listens.</summary>
    public PhaseClock.Scope Phase(string name) => Phases?.Begin(name) ?? default;

    private static int Positive(int value, string what) =>
        value >= 1 ? value : throw new SpecException($"{what} must be at least 1 (got {value})");
}
