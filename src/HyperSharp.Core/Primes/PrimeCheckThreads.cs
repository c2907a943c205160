using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// One number at a time, its divisor range split over the cores. The first worker to find a factor raises a shared
/// flag; the others look at it every <see cref="PrimeCheckSpec.CheckEvery"/> divisors and stop. Checking more often
/// exits sooner on composites but costs a shared read per slice on primes (the book's experiment).
/// </summary>
public sealed class PrimeCheckThreads : Rung<PrimeCheckSpec, PrimeVerdict[]>
{
    public override string Name => "threads";
    public override RungKind Kind => RungKind.Threads;
    public override bool IsParallel => true;
    public override string Technique => "divisor range split over cores, early-exit flag shared by the workers";

    public override PrimeVerdict[] Run(PrimeCheckSpec problem, RunContext context) =>
        problem.Numbers.Select(n => Check(n, context.MaxThreads, problem.CheckEvery)).ToArray();

    private static PrimeVerdict Check(ulong n, int workers, int checkEvery)
    {
        if (n < 4 || n % 2 == 0)
            return PrimeCheckReference.Check(n);
        ulong last = TrialDivision.IntegerSqrt(n);
        ulong odds = last < 3 ? 0 : (last - 3) / 2 + 1; // odd divisors 3, 5, …, ≤ √n
        if (odds == 0)
            return PrimeVerdict.Prime(n);

        ulong perWorker = (odds + (ulong)workers - 1) / (ulong)workers;
        long found = 0; // the smallest factor any worker found; 0 while none
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            ulong from = 3 + 2 * perWorker * (ulong)w;
            ulong to = Math.Min(last, from + 2 * (perWorker - 1));
            for (ulong lo = from; lo <= to && Volatile.Read(ref found) == 0; lo += 2 * (ulong)checkEvery)
            {
                ulong hi = Math.Min(to, lo + 2 * ((ulong)checkEvery - 1));
                ulong f = TrialDivision.SmallestFactor(n, lo, hi);
                if (f != 0)
                {
                    Interlocked.CompareExchange(ref found, (long)f, 0);
                    return;
                }
            }
        });
        return found == 0 ? PrimeVerdict.Prime(n) : PrimeVerdict.Composite(n, (ulong)found);
    }
}
