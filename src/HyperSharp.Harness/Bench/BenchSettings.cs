namespace HyperSharp.Harness.Bench;

/// <summary>What the user chose for a bench; empty lists mean the system's defaults.</summary>
/// <param name="Rungs">Rung names to run; empty: every rung that runs here.</param>
/// <param name="Sizes">Values of the system's size parameter; empty: its defaults.</param>
/// <param name="Threads">Thread counts for parallel rungs and peers; empty: 1 and all cores.</param>
/// <param name="Peers">Also run the C and Python peers found in <paramref name="PeersDirectory"/>.</param>
public sealed record BenchSettings(
    IReadOnlyList<string> Rungs,
    IReadOnlyList<long> Sizes,
    IReadOnlyList<int> Threads,
    bool Peers,
    string? PeersDirectory = null,
    TimeSpan? Timeout = null)
{
    public IReadOnlyList<int> ThreadCounts =>
        Threads.Count > 0 ? Threads : new[] { 1, Environment.ProcessorCount }.Distinct().ToArray();

    public TimeSpan ChildTimeout => Timeout ?? TimeSpan.FromMinutes(10);
}

/// <summary>One measurement to make: a rung (through <c>hyper run</c>) or a peer, at one size and thread count.</summary>
/// <param name="Skip">Why it is not run (too slow at this size, not installed); null when it runs.</param>
public sealed record BenchItem(string Label, bool IsPeer, long Size, int Threads, IReadOnlyList<string> Command, string? Skip = null);
