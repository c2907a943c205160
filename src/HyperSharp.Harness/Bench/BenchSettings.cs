using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>What the user chose for a bench; what is not given takes the system's declared defaults.</summary>
/// <param name="Rungs">Rung names to run; empty: every rung that runs here.</param>
/// <param name="Values">Spec parameters given, by name: a list for an axis (each value a row) or a swept parameter
/// (the first for every rung, the rest for the rungs that sweep it), one value for any other.</param>
/// <param name="Threads">Counts for parallel rungs and peers (threads, or processes for a processes rung); empty: 1 and all cores.</param>
/// <param name="Peers">Also run the C and Python peers found in <paramref name="PeersDirectory"/>.</param>
/// <param name="Report">Use the declared report values (sizes chosen to finish in minutes) where nothing is given.</param>
/// <param name="NoCache">Verify against a freshly computed reference answer, not one memoized on disk (each rung's <c>hyper run --no-cache</c>).</param>
public sealed record BenchSettings(
    IReadOnlyList<string> Rungs,
    IReadOnlyDictionary<string, IReadOnlyList<SpecValue>> Values,
    IReadOnlyList<int> Threads,
    bool Peers,
    string? PeersDirectory = null,
    TimeSpan? Timeout = null,
    bool Report = false,
    bool NoCache = false)
{
    public IReadOnlyList<int> ThreadCounts =>
        Threads.Count > 0 ? Threads : new[] { 1, Environment.ProcessorCount }.Distinct().ToArray();

    /// <summary>Operations in flight for the rungs and peers that use concurrency (async I/O); empty: <see cref="DefaultConcurrency"/>.</summary>
    public IReadOnlyList<int> Concurrency { get; init; } = [];

    /// <summary>The books' crawl: 100 requests in flight.</summary>
    public static IReadOnlyList<int> DefaultConcurrency { get; } = [100];

    /// <summary>The counts of <see cref="Concurrency"/>, or the default.</summary>
    public IReadOnlyList<int> ConcurrencyCounts => Concurrency.Count > 0 ? Concurrency : DefaultConcurrency;

    /// <summary>Silos the distributed rungs embed in their process, a row each (<c>--nodes 1,3</c>); empty: <see cref="DefaultNodes"/>.</summary>
    public IReadOnlyList<int> Nodes { get; init; } = [];

    /// <summary>One silo, as <c>hyper run</c>.</summary>
    public static IReadOnlyList<int> DefaultNodes { get; } = [1];

    /// <summary>The counts of <see cref="Nodes"/>, or the default.</summary>
    public IReadOnlyList<int> NodeCounts => Nodes.Count > 0 ? Nodes : DefaultNodes;

    /// <summary>
    /// Times the whole plan runs, item after item (<c>--rounds</c>); each row pools its rounds' timings
    /// (<see cref="RunResult.Pooled"/>). More than one interleaves the rows in time, so a machine whose speed drifts
    /// over minutes slows every row alike instead of the rows that ran during the drift.
    /// </summary>
    public int Rounds { get; init; } = 1;

    public TimeSpan ChildTimeout => Timeout ?? TimeSpan.FromMinutes(10);

    /// <summary>No rungs named, no values, default threads: the defaults of everything.</summary>
    public static BenchSettings Defaults(bool peers = false, string? peersDirectory = null, bool report = false) =>
        new([], new Dictionary<string, IReadOnlyList<SpecValue>>(), [], peers, peersDirectory, Report: report);
}

/// <summary>One measurement to make: a rung (through <c>hyper run</c>) or a peer, on one spec and resource count.</summary>
/// <param name="Spec">The spec's values (as in results), for the table when the item does not run.</param>
/// <param name="Skip">Why it is not run (too slow at this size, not installed); null when it runs.</param>
public sealed record BenchItem(string Label, bool IsPeer, IReadOnlyDictionary<string, SpecValue> Spec, int Threads,
    IReadOnlyList<string> Command, string? Skip = null)
{
    /// <summary>
    /// Run only so that the peers on its spec have an exact answer to be checked against (no exact rung was chosen
    /// there): its result verifies peers and is not a row of the bench.
    /// </summary>
    public bool IsCheck { get; init; }

    /// <summary>For a peer: the work of its spec in the ladder's terms, which its throughput is recomputed from.</summary>
    public double Work { get; init; }

    /// <summary>For a peer that runs: the program, whose declaration (exact or not) decides how its answer is checked.</summary>
    public PeerProgram? Program { get; init; }

    /// <summary>For a peer: the file it writes its whole answer to (<c>--answer</c>), where the ladder reads answers.</summary>
    public string? AnswerPath { get; init; }

    /// <summary>For a distributed rung: the silos it embeds (<see cref="BenchSettings.Nodes"/>); 0 for any other item.</summary>
    public int Nodes { get; init; }

    /// <summary>What a row that did not run used, as a result that ran says it (<see cref="RunResult.Resources"/>): its nodes; null without.</summary>
    public Dictionary<string, int>? Resources => Nodes > 0 ? new() { ["threads"] = Threads, ["nodes"] = Nodes } : null;

    /// <summary>For logs: the axis values and the count.</summary>
    public string Where(IEnumerable<string> axes) =>
        $"{Label} @ {string.Join(", ", axes.Select(a => $"{a} {Spec.GetValueOrDefault(a).Display()}"))}, " +
        (Nodes > 0 ? $"{Nodes} node{(Nodes == 1 ? "" : "s")}" : $"{Threads} thread{(Threads == 1 ? "" : "s")}");
}
