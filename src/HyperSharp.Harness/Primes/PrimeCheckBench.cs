using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Harness.Primes;

/// <summary>Checking primes: each number is one bench size, so the table shows the cost of each on each rung.</summary>
public sealed class PrimeCheckBench(int checkEvery = PrimeCheckSpec.DefaultCheckEvery) : ISystemBench
{
    public ILadder Ladder => Catalog.PrimeCheck;
    public string SizeName => "largest";
    public IReadOnlyList<long> DefaultSizes { get; } = PrimeCheckSpec.Book.Numbers.Select(n => (long)n).ToArray();

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.PrimeCheck.Find(rung);
        Catalog.PrimeCheck.Validate(new PrimeCheckSpec([.. Sizes(settings).Select(n => (ulong)n)], checkEvery));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        foreach (long number in Sizes(settings))
        {
            foreach (BenchItem item in RungItems.For(Ladder, settings, number,
                         ["--numbers", RungItems.Invariant(number), "--check-every", RungItems.Invariant(checkEvery)]))
                yield return item;
            if (settings.Peers)
                yield return new BenchItem("peers", IsPeer: true, number, 1, [], "no C or Python peers for primecheck yet");
        }
    }

    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults) => peer;

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;
}
