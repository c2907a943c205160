using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// Counting primes: every rung through <c>hyper run primes</c> at each N, with the first chunk size; the queued rungs
/// (threads, processes) again at every further chunk size, to show what the chunk size costs (the book's lesson).
/// </summary>
public sealed class PrimesBench(IReadOnlyList<int> chunks) : ISystemBench
{
    public PrimesBench() : this([PrimeCountSpec.DefaultChunk]) { }

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

    public ILadder Ladder => Catalog.Primes;
    public string SizeName => "below";
    public IReadOnlyList<long> DefaultSizes { get; } = [1_000_000, 10_000_000];

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.Primes.Find(rung);
        foreach (long below in Sizes(settings))
            foreach (int chunk in chunks)
                Catalog.Primes.Validate(new PrimeCountSpec(below, chunk));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;
        foreach (long below in Sizes(settings))
        {
            string[] Args(int chunk) => ["--below", RungItems.Invariant(below), "--chunk", RungItems.Invariant(chunk)];
            foreach (BenchItem item in RungItems.For(Ladder, settings, below, Args(chunks[0])))
                yield return item;
            foreach (int chunk in chunks.Skip(1))
            {
                foreach (BenchItem item in RungItems.For(Ladder, settings, below, Args(chunk)).Where(i => s_queued.Contains(i.Label)))
                    yield return item;
            }
            if (settings.Peers)
            {
                foreach (BenchItem item in Peer.Items(s_peers, peers, settings, below, below, "numbers", Args(chunks[0])))
                    yield return item;
            }
        }
    }

    /// <summary>A peer's count must equal a verified rung's count for the same N, exactly.</summary>
    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults) =>
        VerifyExact(peer, rungResults, "|Δcount|");

    /// <summary>Exact checksum equality with a verified rung's result on the same spec.</summary>
    internal static RunResult VerifyExact(RunResult peer, IReadOnlyList<RunResult> rungResults, string measure)
    {
        RunResult? ours = rungResults.FirstOrDefault(r => r.Error is null && r.Verified == true && BenchTable.SameSpec(r, peer));
        if (ours is null)
            return peer with { Verified = null };
        double error = Math.Abs(peer.Checksum - ours.Checksum);
        return peer with
        {
            Verified = error == 0,
            Verification = new VerificationInfo(ours.Rung, ours.Spec, error, 0, measure),
        };
    }

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;
}
