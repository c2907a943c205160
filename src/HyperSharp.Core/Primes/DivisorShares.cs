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
        numbers.Select(n => NeedsSearch(n) ? Verdict(n, search(n)) : PrimeCheckReference.Check(n)).ToArray();

    /// <summary>
    /// <see cref="Verdicts"/> with an asynchronous <paramref name="search"/> (a job on a cluster): one number at a
    /// time, in order.
    /// </summary>
    public static async Task<PrimeVerdict[]> VerdictsAsync(IReadOnlyList<ulong> numbers, Func<ulong, Task<long>> search)
    {
        var verdicts = new PrimeVerdict[numbers.Count];
        for (int i = 0; i < verdicts.Length; i++)
        {
            ulong n = numbers[i];
            verdicts[i] = NeedsSearch(n) ? Verdict(n, await search(n).ConfigureAwait(false)) : PrimeCheckReference.Check(n);
        }
        return verdicts;
    }

    /// <summary>Odd numbers from 5: their divisors are searched; 0–4 and even numbers are decided directly.</summary>
    private static bool NeedsSearch(ulong n) => n >= 4 && n % 2 != 0;

    private static PrimeVerdict Verdict(ulong n, long factor) => factor == 0 ? PrimeVerdict.Prime(n) : PrimeVerdict.Composite(n, (ulong)factor);

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
        var shared = new SharedLong(ref flag);
        Search(n, from, to, checkEvery, ref shared);
    }

    /// <summary>
    /// Searches [from, to] in slices of <paramref name="checkEvery"/> divisors, looking at <paramref name="flag"/>
    /// before each and stopping once it is set; sets it to the factor it finds. Returns that factor, or 0 when this
    /// search found none (it ran out, or another worker's factor stopped it).
    /// </summary>
    public static ulong Search<TFlag>(ulong n, ulong from, ulong to, int checkEvery, ref TFlag flag)
        where TFlag : IEarlyExitFlag, allows ref struct
    {
        ulong slice = 2 * (ulong)checkEvery;
        for (ulong lo = from; lo <= to && !flag.IsSet; lo += slice)
        {
            ulong factor = TrialDivision.SmallestFactor(n, lo, Math.Min(to, lo + slice - 2));
            if (factor != 0)
            {
                flag.Set((long)factor);
                return factor;
            }
        }
        return 0;
    }

    /// <summary>The worker arguments of <c>hyper __worker primecheck</c> for each share of n's divisors, then <paramref name="mechanism"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> WorkerArguments(ulong n, int workers, int checkEvery, params string[] mechanism) =>
        Enumerable.Range(0, workers).Select(w =>
        {
            (ulong from, ulong to) = Share(n, w, workers);
            return (IReadOnlyList<string>)
            [
                "--number", Invariant(n), "--from", Invariant(from), "--to", Invariant(to),
                "--check-every", Invariant((ulong)checkEvery), .. mechanism,
            ];
        }).ToList();

    /// <summary>Rejects a share a worker was given that no parent would give.</summary>
    public static void CheckWorkerShare(ulong from, int checkEvery)
    {
        if (checkEvery < 1 || from < 3 || from % 2 == 0)
            throw new Ladder.SpecException("a primecheck worker needs an odd --from ≥ 3 and --check-every ≥ 1");
    }

    /// <summary>The first nonzero factor the workers printed (each prints the factor it found, or 0), or 0.</summary>
    public static long FirstFactor(IEnumerable<string> lines) =>
        lines.Select(l => long.TryParse(l, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long f) ? f
            : throw new InvalidOperationException($"a primecheck worker answered '{l}', not a factor")).FirstOrDefault(f => f != 0);

    private static string Invariant(ulong value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What the workers of one number look at between slices, and raise when they find a factor.</summary>
public interface IEarlyExitFlag
{
    /// <summary>Whether some worker has found a factor (the others then stop).</summary>
    bool IsSet { get; }

    /// <summary>Records <paramref name="factor"/> if no factor is recorded yet.</summary>
    void Set(long factor);
}

/// <summary>A <c>long</c> shared in memory (by threads, or by processes through a mapped page): 0 until a factor is found.</summary>
public ref struct SharedLong : IEarlyExitFlag
{
    private readonly ref long _value;

    /// <summary>A flag over the variable <paramref name="value"/> itself (held by reference, not copied).</summary>
    public SharedLong(ref long value) => _value = ref value;

    /// <inheritdoc/>
    public readonly bool IsSet => Volatile.Read(ref _value) != 0;

    /// <summary>Records <paramref name="factor"/> if no factor is recorded yet (atomic compare-and-swap; the first factor wins).</summary>
    public readonly void Set(long factor) => Interlocked.CompareExchange(ref _value, factor, 0);
}

/// <summary>No flag at all (the book's baseline): each worker stops only at a factor of its own.</summary>
public struct NoFlag : IEarlyExitFlag
{
    /// <summary>Never: no worker learns of another's factor.</summary>
    public readonly bool IsSet => false;

    /// <summary>Does nothing.</summary>
    public readonly void Set(long factor)
    {
    }
}
