using System.Collections.Concurrent;
using System.Diagnostics;
using BitFaster.Caching.Lru;
using HyperSharp.Memo;
using Microsoft.Extensions.Caching.Memory;

namespace HyperSharp.Memoization;

/// <summary>
/// <c>hyper memo bench</c>: the cost of one memoized call, hit and miss, of <c>Memo.Lru</c> against the caches it
/// could be built on (BitFaster's <c>ConcurrentLru</c> called directly, <c>ConcurrentDictionary</c>,
/// <c>Microsoft.Extensions.Caching.Memory</c>), on 1 and 2 threads; and of the disk memo, hit and miss, for an 8-byte
/// result and a 1 MB array. Nanoseconds per call per thread, the best of a few rounds.
/// </summary>
public static class CacheMicroBench
{
    /// <summary>One row: a cache, a thread count, and its cost per call.</summary>
    public sealed record Row(string Cache, int Threads, double HitNanoseconds, double MissNanoseconds)
    {
        /// <summary>The hit's cost less the harness's (the <see cref="NoCache"/> row at the same thread count), as
        /// BenchmarkDotNet takes off its measured overhead; set by <see cref="InMemory"/>.</summary>
        public double? NetHitNanoseconds { get; init; }
    }

    /// <summary>Keys a hit loop cycles over (all resident), and the capacity of the bounded caches.</summary>
    public const int Keys = 1_000;

    private static long Compute(int key) => key * 2L + 1;

    /// <summary>The row of no cache at all: the harness's own cost per call, which <see cref="Row.NetHitNanoseconds"/> takes off.</summary>
    public const string NoCache = "no cache (loop + call)";

    /// <summary>Each in-memory cache at each thread count; <paramref name="calls"/> calls per thread per round.</summary>
    public static IReadOnlyList<Row> InMemory(int calls, IReadOnlyList<int> threads, int rounds = 5)
    {
        var makers = new (string Name, Func<Func<int, long>> Make)[]
        {
            // The loop and the delegate call alone, every call computing: what each cache's cost includes besides the cache.
            (NoCache, () => Compute),
            ("Memo.Lru", () => Memo.Memo.Lru<int, long>(Compute, Keys).Invoke),
            ("Memo.Unbounded", () => Memo.Memo.Unbounded<int, long>(Compute).Invoke),
            ("BitFaster ConcurrentLru", () =>
            {
                var lru = new ConcurrentLru<int, long>(Keys);
                return k => lru.GetOrAdd(k, Compute);
            }),
            ("ConcurrentDictionary", () =>
            {
                var d = new ConcurrentDictionary<int, long>();
                Func<int, long> f = Compute;
                return k => d.GetOrAdd(k, f);
            }),
            ("MemoryCache", () =>
            {
                var cache = new MemoryCache(new MemoryCacheOptions());
                return k => cache.GetOrCreate(k, e => Compute((int)e.Key));
            }),
        };
        // A first pass, discarded, so that the shared loop and every cache's hit path run optimised code in the
        // measured pass (the first cache measured was otherwise several times slower, in tier-0 code).
        Measure(makers, Math.Max(1000, calls / 4), threads, 1);
        List<Row> rows = Measure(makers, calls, threads, rounds);
        return rows.Select(r => r.Cache == NoCache ? r
            : r with { NetHitNanoseconds = Math.Max(0, r.HitNanoseconds - rows.First(b => b.Cache == NoCache && b.Threads == r.Threads).HitNanoseconds) })
            .ToArray();
    }

    private static List<Row> Measure((string Name, Func<Func<int, long>> Make)[] makers, int calls, IReadOnlyList<int> threads, int rounds)
    {
        var rows = new List<Row>();
        foreach ((string name, Func<Func<int, long>> make) in makers)
        {
            foreach (int t in threads)
            {
                double hit = Best(rounds, () =>
                {
                    Func<int, long> get = make();
                    for (int k = 0; k < Keys; k++)
                        get(k);
                    return Parallel(t, calls, (thread, i) => get((i + thread * 7) % Keys));
                });
                // Misses: every call a key not seen before (the bounded caches evict as they go).
                double miss = Best(rounds, () =>
                {
                    Func<int, long> get = make();
                    return Parallel(t, calls / 10, (thread, i) => get(thread * (calls / 10) + i + Keys));
                });
                rows.Add(new Row(name, t, hit, miss));
            }
        }
        return rows;
    }

    /// <summary>The disk memo in <paramref name="directory"/>: hit and miss of an 8-byte result and of a 1 MB double array, one thread.</summary>
    public static IReadOnlyList<Row> Disk(string directory, int calls, int rounds = 3)
    {
        DiskMemo disk = Memo.Memo.Disk(directory);
        DiskMemoFunc<int, long> small = disk.Cache<int, long>(Compute, name: "bench/small");
        double[] mb = Enumerable.Range(0, 1 << 17).Select(i => (double)i).ToArray();
        DiskMemoFunc<int, double[]> large = disk.Cache<int, double[]>(k => mb, name: "bench/1MB");
        var rows = new List<Row>();
        foreach ((string name, Action<int> call, int n) in new (string, Action<int>, int)[]
                 {
                     ("DiskMemo (8 B result)", k => small.Invoke(k), calls),
                     ("DiskMemo (1 MB double[])", k => large.Invoke(k), Math.Max(1, calls / 10)),
                 })
        {
            int next = 0;
            double miss = Best(rounds, () => Parallel(1, n, (_, _) => call(1_000_000 + next++)));
            call(0);
            double hit = Best(rounds, () => Parallel(1, n, (_, _) => call(0)));
            rows.Add(new Row(name, 1, hit, miss));
        }
        disk.Clear();
        return rows;
    }

    private static double Best(int rounds, Func<double> round)
    {
        // One untimed round, then a pause for tiered compilation to install the optimised code of the loop.
        round();
        Thread.Sleep(100);
        double best = double.PositiveInfinity;
        for (int r = 0; r < rounds; r++)
            best = Math.Min(best, round());
        return best;
    }

    /// <summary>Nanoseconds per call per thread, <paramref name="calls"/> calls on each of <paramref name="threads"/> threads started together.</summary>
    private static double Parallel(int threads, int calls, Action<int, int> call)
    {
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; i < calls; i++)
                call(t, i);
            start.SignalAndWait();
        })).ToArray();
        foreach (Thread w in workers)
            w.Start();
        start.SignalAndWait();
        long t0 = Stopwatch.GetTimestamp();
        start.SignalAndWait();
        double seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        foreach (Thread w in workers)
            w.Join();
        return seconds * 1e9 / calls;
    }
}
