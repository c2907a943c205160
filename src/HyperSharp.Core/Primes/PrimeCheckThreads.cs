using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// One number at a time, its divisor range split over the cores. The first worker to find a factor raises a shared
/// flag; the others look at it every <see cref="PrimeCheckSpec.CheckEvery"/> divisors and stop. Checking more often
/// exits sooner on composites but costs a shared read per slice on primes (the book's experiment).
/// </summary>
public sealed class PrimeCheckThreads : SyncRung<PrimeCheckSpec, PrimeVerdict[]>
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override string Technique => "divisor range split over cores, early-exit flag shared by the workers";

    /// <summary>Its speed depends on how often it looks at the shared flag: the bench runs it at every interval given.</summary>
    public override string? Sweeps => "check_every";

    /// <inheritdoc/>
    protected override PrimeVerdict[] Compute(PrimeCheckSpec problem, RunContext context) =>
        DivisorShares.Verdicts(problem.Numbers, n => Search(n, context.MaxThreads, problem.CheckEvery));

    private static long Search(ulong n, int workers, int checkEvery)
    {
        var flag = new long[1];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            (ulong from, ulong to) = DivisorShares.Share(n, w, workers);
            DivisorShares.Search(n, from, to, checkEvery, ref flag[0]);
        });
        return flag[0];
    }
}
