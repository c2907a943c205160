namespace HyperSharp.Primes;

/// <summary>
/// Trial division of one number split between workers (threads or processes): each takes a contiguous share of the
/// odd divisors up to √n and looks at a shared early-exit flag between slices of <c>checkEvery</c> divisors. The flag
/// holds 0 until some worker finds a factor, which it then holds.
/// </summary>
public static class DivisorShares
{
    /// <summary>
    /// The verdict on each number: 0, 1, 2, 3 and even numbers directly, odd ones by <paramref name="search"/>, which
    /// splits the number's odd divisors between workers and returns the factor they found, or 0.
    /// </summary>
    public static PrimeVerdict[] Verdicts(IReadOnlyList<ulong> numbers, Func<ulong, long> search) =>
        numbers.Select(n =>
        {
            if (n < 4 || n % 2 == 0)
                return PrimeCheckReference.Check(n);
            long factor = search(n);
            return factor == 0 ? PrimeVerdict.Prime(n) : PrimeVerdict.Composite(n, (ulong)factor);
        }).ToArray();

    /// <summary>The odd divisors [From, To] of worker <paramref name="worker"/> of <paramref name="workers"/>; empty when From &gt; To.</summary>
    public static (ulong From, ulong To) Share(ulong n, int worker, int workers)
    {
        ulong last = TrialDivision.IntegerSqrt(n);
        ulong odds = last < 3 ? 0 : (last - 3) / 2 + 1; // 3, 5, …, ≤ √n
        ulong perWorker = (odds + (ulong)workers - 1) / (ulong)workers;
        ulong from = 3 + 2 * perWorker * (ulong)worker;
        return (from, Math.Min(last, from + 2 * perWorker - 2));
    }

    /// <summary>
    /// Searches [from, to] in slices, stopping as soon as <paramref name="flag"/> is set; sets it to the factor it finds.
    /// </summary>
    public static void Search(ulong n, ulong from, ulong to, int checkEvery, ref long flag)
    {
        ulong slice = 2 * (ulong)checkEvery;
        for (ulong lo = from; lo <= to && Volatile.Read(ref flag) == 0; lo += slice)
        {
            ulong factor = TrialDivision.SmallestFactor(n, lo, Math.Min(to, lo + slice - 2));
            if (factor != 0)
            {
                Interlocked.CompareExchange(ref flag, (long)factor, 0);
                return;
            }
        }
    }
}
