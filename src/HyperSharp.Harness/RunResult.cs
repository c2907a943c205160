using System.Text.Json;
using System.Text.Json.Serialization;
using HyperSharp.Ladder;

namespace HyperSharp.Harness;

/// <summary>
/// One measured run of one rung (or peer) on one spec: the schema <c>hyper run --json</c> prints, peers print, and
/// bench and report files hold. Field names are snake_case in JSON. Version 2 added <c>resources</c>,
/// <c>fingerprint</c>, <c>latency</c>, <c>phases</c>, <c>unstable</c>, text spec values and the verification's
/// <c>method</c>; version 3 added <c>run_seconds</c>, <c>median_interval</c>, <c>outliers</c>, <c>gc_counts</c> and
/// <c>gc_pause_seconds</c>. Files of versions 1 and 2 still load (their spec values may be numbers, the new fields absent).
/// </summary>
public sealed record RunResult
{
    public const string SchemaId = "hypersharp/result@3";

    /// <summary>How far above the fastest run the median may be before a row is flagged unstable.</summary>
    public const double UnstableRatio = 1.15;

    public string Schema { get; init; } = SchemaId;
    public required string System { get; init; }
    public required string Rung { get; init; }
    /// <summary>The rung's technique kind in lower case, or <c>peer</c>.</summary>
    public string? Kind { get; init; }
    /// <summary><c>hypersharp</c>, or the peer's language (<c>c</c>, <c>python</c>, <c>pypy</c>).</summary>
    public string? Implementation { get; init; }
    public Dictionary<string, SpecValue>? Spec { get; init; }
    /// <summary>CPU threads it used (1 for a serial rung or a processes rung's parent).</summary>
    public int Threads { get; init; }
    /// <summary>What it used of each resource it declares: threads, processes, concurrency, nodes.</summary>
    public Dictionary<string, int>? Resources { get; init; }
    public int Repeats { get; init; }
    /// <summary>Median of the timed repeats.</summary>
    public double Seconds { get; init; }
    public double MinSeconds { get; init; }
    public double MaxSeconds { get; init; }
    /// <summary>The seconds of each timed run, in the order they ran (what <c>hyper compare</c> tests for significance).</summary>
    public List<double>? RunSeconds { get; init; }
    /// <summary>The 99 % confidence interval of <see cref="Seconds"/>; absent under 2 runs.</summary>
    public MedianInterval? MedianInterval { get; init; }
    /// <summary>How many of the timed runs are outliers (Tukey's fences); absent under 4 runs.</summary>
    public OutlierInfo? Outliers { get; init; }
    /// <summary>The median is more than <see cref="UnstableRatio"/> × the minimum: the runs disagree, find out why.</summary>
    public bool? Unstable { get; init; }
    public double Work { get; init; }
    public double Throughput { get; init; }
    public string? Unit { get; init; }
    public double Checksum { get; init; }
    /// <summary>SHA-256 of the whole answer in canonical bytes (hex), where the system defines one.</summary>
    public string? Fingerprint { get; init; }
    /// <summary>The rung's own figures beside its answer (the bytes its structure holds), where the system reports any.</summary>
    public Dictionary<string, double>? Figures { get; init; }
    /// <summary>Per-operation latency percentiles, for rungs that perform many operations.</summary>
    public LatencySummary? Latency { get; init; }
    /// <summary>Named phases of a run (build, query), each timed.</summary>
    public List<PhaseResult>? Phases { get; init; }
    public bool? Verified { get; init; }
    public VerificationInfo? Verification { get; init; }
    /// <summary>Managed bytes allocated by one timed run (the largest of the repeats).</summary>
    public long? AllocatedBytes { get; init; }
    /// <summary>Peak resident memory of the process that ran it, before verification.</summary>
    public long? PeakWorkingSetBytes { get; init; }
    /// <summary>Garbage collections during the timed runs, by generation (gen0, gen1, gen2; a gen1 collection also counts in gen0).</summary>
    public GcCounts? GcCounts { get; init; }
    /// <summary>Time the runtime paused the timed runs' threads for garbage collection, in all.</summary>
    public double? GcPauseSeconds { get; init; }
    public string? Device { get; init; }

    /// <summary>Where the run stands against the machine's limit (set by the bench for systems that declare a cost).</summary>
    public LimitInfo? Limit { get; init; }
    public string? Version { get; init; }
    /// <summary>Why it did not run or failed (a peer not installed, a child that crashed); the other fields are then empty.</summary>
    public string? Error { get; init; }

    /// <summary>Left out on purpose by the bench (too slow at this size, no GPU): <see cref="Error"/> says why; not a failure.</summary>
    public bool? Skipped { get; init; }

    /// <summary>Processes whose timings this row pools (<c>hyper bench --rounds</c>); null for one.</summary>
    public int? Rounds { get; init; }

    /// <summary>
    /// One row from the same bench item run in several processes, one a round: the timings pooled (every timed run of
    /// every round, or each round's median where a peer reports no runs), so median, min, max, interval and outliers
    /// span the rounds. Verified only if every round was (else the first failing round's check); a round that failed
    /// makes the row that failure. Phases: the median of the rounds' medians, the least minimum, the largest maximum.
    /// Figures, latency and memory are the first round's.
    /// </summary>
    public static RunResult Pooled(IReadOnlyList<RunResult> rounds)
    {
        ArgumentOutOfRangeException.ThrowIfZero(rounds.Count);
        if (rounds.Count == 1)
            return rounds[0];
        if (rounds.FirstOrDefault(r => r.Error is not null) is { } failed)
            return failed with { Rounds = rounds.Count };
        RunResult first = rounds[0];
        bool runs = rounds.All(r => r.RunSeconds is { Count: > 0 });
        List<double> samples = runs ? [.. rounds.SelectMany(r => r.RunSeconds!)] : [.. rounds.Select(r => r.Seconds)];
        Statistics stats = Statistics.Of(samples);
        RunResult checkedRound = rounds.FirstOrDefault(r => r.Verified == false) ?? first;
        List<PhaseResult>? phases = first.Phases?.Select(p =>
        {
            PhaseResult[] same = [.. rounds.SelectMany(r => r.Phases ?? []).Where(q => q.Name == p.Name)];
            return new PhaseResult(p.Name, Statistics.Of([.. same.Select(q => q.Seconds)]).Median, same.Min(q => q.MinSeconds), same.Max(q => q.MaxSeconds));
        }).ToList();
        return first with
        {
            Repeats = stats.Count,
            Seconds = stats.Median,
            MinSeconds = stats.Min,
            MaxSeconds = stats.Max,
            RunSeconds = runs ? samples : null,
            MedianInterval = RobustStatistics.MedianInterval(samples),
            Outliers = RobustStatistics.Outliers(samples),
            Unstable = stats.Median > UnstableRatio * stats.Min ? true : null,
            // Throughput is work over the median: the same work, the pooled median.
            Throughput = first.Seconds > 0 ? first.Throughput * first.Seconds / stats.Median : first.Throughput,
            Verified = checkedRound.Verified,
            Verification = checkedRound.Verification,
            Phases = phases,
            Rounds = rounds.Count,
        };
    }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static RunResult FromJson(string json) =>
        JsonSerializer.Deserialize<RunResult>(json, JsonOptions) ?? throw new JsonException("empty result");
}

/// <summary>How the answer was checked: against what, on which spec, with what error, and by which method
/// (<c>reference</c>, <c>exact</c>, <c>statistical</c>, <c>fingerprint</c>, or <c>none</c> for the reference itself).</summary>
public sealed record VerificationInfo(string Against, Dictionary<string, SpecValue>? Spec, double Error, double Tolerance, string Measure, string? Note = null)
{
    public string? Method { get; init; }
}

/// <summary>Collections by generation over a span of a run, as <see cref="GC.CollectionCount"/> counts them.</summary>
public sealed record GcCounts(int Gen0, int Gen1, int Gen2)
{
    /// <summary>The collections since <c>before</c>: the counts now minus those then.</summary>
    public static GcCounts Since(GcCounts before) =>
        new(GC.CollectionCount(0) - before.Gen0, GC.CollectionCount(1) - before.Gen1, GC.CollectionCount(2) - before.Gen2);

    /// <summary>The counts since the process started.</summary>
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
}

/// <summary>One named phase of a run: median, min and max over the timed repeats, in seconds.</summary>
public sealed record PhaseResult(string Name, double Seconds, double MinSeconds, double MaxSeconds);

/// <summary>
/// A run against the machine's limit at its thread count (a roofline point): which bound binds (<c>memory</c>:
/// STREAM-like bandwidth, <c>compute</c>: FMA peak), the throughput that bound allows, and the run's fraction of it.
/// A memory-bound run above 1 works from cache, not memory.
/// </summary>
public sealed record LimitInfo(string Bound, double Fraction, double Attainable, double BytesPerSecond, double FlopsPerSecond)
{
    /// <summary>Whose limit: null for this machine's CPU (measured), else the GPU's published peaks (its name).</summary>
    public string? Device { get; init; }

    /// <summary>The cost of a unit of the row's work, for its own spec (its expression, its element type).</summary>
    public HyperSharp.Ladder.WorkCost? Cost { get; init; }
}
