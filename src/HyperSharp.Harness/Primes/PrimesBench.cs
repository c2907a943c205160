using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Harness.Primes;

/// <summary>Counting primes: every rung through <c>hyper run primes</c> at each N.</summary>
public sealed class PrimesBench(int chunk = PrimeCountSpec.DefaultChunk) : ISystemBench
{
    public ILadder Ladder => Catalog.Primes;
    public string SizeName => "below";
    public IReadOnlyList<long> DefaultSizes { get; } = [1_000_000, 10_000_000];

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.Primes.Find(rung);
        foreach (long below in Sizes(settings))
            Catalog.Primes.Validate(new PrimeCountSpec(below, chunk));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        foreach (long below in Sizes(settings))
        {
            foreach (BenchItem item in RungItems.For(Ladder, settings, below,
                         ["--below", RungItems.Invariant(below), "--chunk", RungItems.Invariant(chunk)]))
                yield return item;
            if (settings.Peers)
                yield return new BenchItem("peers", IsPeer: true, below, 1, [], "no C or Python peers for primes yet");
        }
    }

    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults) => peer;

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;
}
