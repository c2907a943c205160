using HyperSharp.Harness.Bench;
using HyperSharp.Primes;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// Checking primes: each number is one bench size, so the table shows the cost of each on each rung; the rungs with a
/// shared early-exit flag run again at every further flag interval (how often to look at the flag: the book's
/// question). Peers must find the same numbers prime: equal checksums (sums of the primes).
/// </summary>
public sealed class PrimeCheckBench(IReadOnlyList<int> checkEvery)
    : SystemBench<PrimeCheckSpec, PrimeCheckSpec, PrimeVerdict[]>(Catalog.PrimeCheck)
{
    /// <summary>The rungs that look at a shared flag.</summary>
    private static readonly string[] s_flagged = ["threads", "processes"];

    private static readonly Peer[] s_peers =
    [
        Peer.C("primes", "check"),
        Peer.Python("primes", "python-check", "check", maxWork: 1e8),
        Peer.PyPy("primes", "pypy-check", "check", maxWork: 1e9),
        Peer.Python("primes", "python-check-numba", "check-numba"),
    ];

    public PrimeCheckBench() : this([PrimeCheckSpec.DefaultCheckEvery]) { }

    public override string SizeName => "largest";
    public override IReadOnlyList<long> DefaultSizes { get; } = PrimeCheckSpec.Book.Numbers.Select(n => (long)n).ToArray();
    protected override IReadOnlyList<Peer> Peers => s_peers;

    protected override PrimeCheckSpec Spec(long size) => new([(ulong)size], checkEvery[0]);

    protected override IReadOnlyList<string> Arguments(long size) => Arguments(size, checkEvery[0]);

    protected override IEnumerable<BenchItem> RungItemsAt(BenchSettings settings, long size) =>
        base.RungItemsAt(settings, size).Concat(checkEvery.Skip(1).SelectMany(every =>
        {
            Catalog.PrimeCheck.Validate(new PrimeCheckSpec([(ulong)size], every));
            return RungItems.For(Ladder, settings, size, Arguments(size, every)).Where(i => s_flagged.Contains(i.Label));
        }));

    private static string[] Arguments(long number, int every) =>
        ["--numbers", RungItems.Invariant(number), "--check-every", RungItems.Invariant(every)];
}
