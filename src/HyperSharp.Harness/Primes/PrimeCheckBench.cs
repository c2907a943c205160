using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// Checking primes: each number is one bench size, so the table shows the cost of each on each rung; the rungs with a
/// shared early-exit flag run again at every further flag interval (how often to look at the flag: the book's question).
/// </summary>
public sealed class PrimeCheckBench(IReadOnlyList<int> checkEvery) : ISystemBench
{
    /// <summary>The rungs that look at a shared flag.</summary>
    private static readonly string[] s_flagged = ["threads", "processes"];

    public PrimeCheckBench() : this([PrimeCheckSpec.DefaultCheckEvery]) { }

    private static readonly Peer[] s_peers =
    [
        Peer.C("primes", "check"),
        Peer.Python("primes", "python-check", "check", maxWork: 1e8),
        Peer.PyPy("primes", "pypy-check", "check", maxWork: 1e9),
        Peer.Python("primes", "python-check-numba", "check-numba"),
    ];

    public ILadder Ladder => Catalog.PrimeCheck;
    public string SizeName => "largest";
    public IReadOnlyList<long> DefaultSizes { get; } = PrimeCheckSpec.Book.Numbers.Select(n => (long)n).ToArray();

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.PrimeCheck.Find(rung);
        foreach (int every in checkEvery)
            Catalog.PrimeCheck.Validate(new PrimeCheckSpec([.. Sizes(settings).Select(n => (ulong)n)], every));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;
        foreach (long number in Sizes(settings))
        {
            string[] Args(int every) => ["--numbers", RungItems.Invariant(number), "--check-every", RungItems.Invariant(every)];
            foreach (BenchItem item in RungItems.For(Ladder, settings, number, Args(checkEvery[0])))
                yield return item;
            foreach (int every in checkEvery.Skip(1))
            {
                foreach (BenchItem item in RungItems.For(Ladder, settings, number, Args(every)).Where(i => s_flagged.Contains(i.Label)))
                    yield return item;
            }
            if (settings.Peers)
            {
                double work = Catalog.PrimeCheck.Work(new PrimeCheckSpec([(ulong)number]));
                foreach (BenchItem item in Peer.Items(s_peers, peers, settings, number, work, "divisors", Args(checkEvery[0])))
                    yield return item;
            }
        }
    }

    /// <summary>A peer must find the same numbers prime as a verified rung: equal checksums (sums of the primes).</summary>
    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults) =>
        PrimesBench.VerifyExact(peer, rungResults, "|Δ sum of the numbers found prime|");

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;
}
