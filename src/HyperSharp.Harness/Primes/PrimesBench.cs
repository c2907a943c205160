using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// Counting primes: every rung through <c>hyper run primes</c> at each N, with the first chunk size; the queued rungs
/// (threads, processes) again at every further chunk size, to show what the chunk size costs (the book's lesson).
/// Peers must find the same count exactly.
/// </summary>
public sealed class PrimesBench(IReadOnlyList<int> chunks) : SystemBench<PrimeCountSpec, PrimeCountSpec, long>(Catalog.Primes)
{
    /// <summary>The rungs whose speed depends on the chunk size.</summary>
    private static readonly string[] s_queued = ["threads", "processes"];

    private static readonly Peer[] s_peers =
    [
        Peer.C("primes", "trial"),
        Peer.C("primes", "sieve"),
        Peer.Python("primes", "python", "python", maxWork: 2e6),
        Peer.PyPy("primes", "pypy", "python", maxWork: 2e7),
        Peer.Python("primes", "numba", "numba"),
        Peer.Python("primes", "numba-parallel", "numba-parallel", parallel: true),
    ];

    public PrimesBench() : this([PrimeCountSpec.DefaultChunk]) { }

    public override string SizeName => "below";
    public override IReadOnlyList<long> DefaultSizes { get; } = [1_000_000, 10_000_000];
    protected override IReadOnlyList<Peer> Peers => s_peers;

    protected override PrimeCountSpec Spec(long size) => new(size, chunks[0]);

    protected override IReadOnlyList<string> Arguments(long size) => Arguments(size, chunks[0]);

    protected override IEnumerable<BenchItem> RungItemsAt(BenchSettings settings, long size) =>
        base.RungItemsAt(settings, size).Concat(chunks.Skip(1).SelectMany(chunk =>
        {
            Catalog.Primes.Validate(new PrimeCountSpec(size, chunk));
            return RungItems.For(Ladder, settings, size, Arguments(size, chunk)).Where(i => s_queued.Contains(i.Label));
        }));

    private static string[] Arguments(long size, int chunk) =>
        ["--below", RungItems.Invariant(size), "--chunk", RungItems.Invariant(chunk)];
}
