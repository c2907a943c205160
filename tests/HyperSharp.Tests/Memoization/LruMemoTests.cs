using HyperSharp.Memo;
using M = HyperSharp.Memo.Memo;

namespace HyperSharp.Tests.Memoization;

/// <summary>The in-memory memo: answers, statistics, eviction, several arguments, many threads.</summary>
public sealed class LruMemoTests
{
    private static MemoFunc<int, long> Fib(int capacity, Action? onCall = null)
    {
        MemoFunc<int, long> fib = null!;
        fib = M.Lru<int, long>(n =>
        {
            onCall?.Invoke();
            return n < 2 ? n : fib.Invoke(n - 1) + fib.Invoke(n - 2);
        }, capacity);
        return fib;
    }

    [Fact]
    public void Fibonacci_90_IsComputedOncePerN_AndCountedAsFunctoolsWould()
    {
        int calls = 0;
        MemoFunc<int, long> fib = Fib(1000, () => calls++);
        Assert.Equal(2_880_067_194_370_816_120, fib.Invoke(90));
        // F(90) misses on 0..90 (91 computations); each F(n ≥ 3) asks F(n−1) (a miss) then F(n−2) (a hit): 88 hits
        // (F(2) asks F(1) and F(0), both new).
        Assert.Equal(91, calls);
        MemoStatistics s = fib.Statistics;
        Assert.Equal(91, s.Misses);
        Assert.Equal(88, s.Hits);
        Assert.Equal(0, s.Evictions);
        Assert.Equal(91, s.Count);
        Assert.Equal(1000, s.Capacity);
        Assert.Equal(2_880_067_194_370_816_120, fib.Invoke(90));
        Assert.Equal(89, fib.Statistics.Hits);
        Assert.Equal(91, calls);
    }

    [Fact]
    public void Clear_EmptiesTheCache_SoTheNextCallComputes()
    {
        int calls = 0;
        MemoFunc<int, long> fib = Fib(100, () => calls++);
        fib.Invoke(10);
        fib.Clear();
        Assert.Equal(0, fib.Statistics.Count);
        calls = 0;
        Assert.Equal(55, fib.Invoke(10));
        Assert.Equal(11, calls);
    }

    [Fact]
    public void Invalidate_OneKey_RecomputesOnlyThatKey()
    {
        int calls = 0;
        MemoFunc<int, int> square = M.Lru<int, int>(x => { calls++; return x * x; }, 10);
        square.Invoke(3);
        square.Invoke(4);
        Assert.True(square.Invalidate(3));
        Assert.False(square.Invalidate(5));
        Assert.Equal(16, square.Invoke(4));
        Assert.Equal(2, calls);
        Assert.Equal(9, square.Invoke(3));
        Assert.Equal(3, calls);
    }

    [Fact]
    public void Bounded_NeverHoldsMoreThanItsCapacity_AndCountsEvictions()
    {
        MemoFunc<int, int> id = M.Lru<int, int>(x => x, 30);
        for (int i = 0; i < 1000; i++)
            Assert.Equal(i, id.Invoke(i));
        MemoStatistics s = id.Statistics;
        Assert.True(s.Count <= 30, s.ToString());
        Assert.Equal(1000, s.Misses);
        Assert.Equal(1000 - s.Count, s.Evictions);
    }

    [Fact]
    public void Eviction_KeepsAnEntryReadAgain_OverAScanOfNewKeys()
    {
        // ConcurrentLru's order: an entry read since it was added moves to the warm queue and outlives the entries
        // that were never read again, which leave through the cold queue (a scan does not flush the working set).
        int calls = 0;
        MemoFunc<int, int> id = M.Lru<int, int>(x => { calls++; return x; }, 30);
        // Until it is first full, ConcurrentLru moves every entry into its warm queue: warm it up first.
        for (int i = 1000; i < 1100; i++)
            id.Invoke(i);
        id.Invoke(-1);
        id.Invoke(-1);
        for (int i = 0; i < 300; i++)
            id.Invoke(i);
        calls = 0;
        id.Invoke(-1);
        Assert.Equal(0, calls); // still cached
        id.Invoke(0);
        Assert.Equal(1, calls); // the scan's first key, never read again, was evicted
    }

    [Fact]
    public void Unbounded_KeepsEverything()
    {
        MemoFunc<int, int> id = M.Unbounded<int, int>(x => x);
        for (int i = 0; i < 5000; i++)
            id.Invoke(i);
        id.Invoke(7);
        MemoStatistics s = id.Statistics;
        Assert.Equal(new MemoStatistics(1, 5000, 0, 5000, null), s);
    }

    [Fact]
    public void SeveralArguments_AreKeyedByTheirTuple()
    {
        int calls = 0;
        var add2 = M.Lru<int, int, int>((a, b) => { calls++; return a * 10 + b; }, 10);
        var add3 = M.Lru<int, string, int, string>((a, b, c) => { calls++; return $"{a}{b}{c}"; }, 10);
        var add4 = M.Lru<int, int, int, int, int>((a, b, c, d) => { calls++; return a + b + c + d; }, 10);
        Assert.Equal(12, add2.Invoke(1, 2));
        Assert.Equal(21, add2.Invoke(2, 1));
        Assert.Equal(12, add2.Invoke(1, 2));
        Assert.Equal("1x2", add3.Invoke(1, "x", 2));
        Assert.Equal("1x2", add3.Invoke(1, "x", 2));
        Assert.Equal(10, add4.Invoke(1, 2, 3, 4));
        Assert.Equal(10, add4.Invoke(4, 3, 2, 1));
        Assert.Equal(5, calls);
        Assert.Equal(1, add2.Statistics.Hits);
    }

    [Fact]
    public void CapacityBelowThree_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => M.Lru<int, int>(x => x, 2));

    [Theory]
    [InlineData(64)]
    [InlineData(100_000)]
    public void ManyThreads_GetRightAnswers_AndEveryCallIsAHitOrAMiss(int capacity)
    {
        const int threads = 4, callsPerThread = 50_000, keys = 500;
        MemoFunc<int, long> square = M.Lru<int, long>(x => (long)x * x, capacity);
        int wrong = 0;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            var random = new Random(17 + t);
            for (int i = 0; i < callsPerThread; i++)
            {
                int k = random.Next(keys);
                if (square.Invoke(k) != (long)k * k)
                    Interlocked.Increment(ref wrong);
            }
        });
        Assert.Equal(0, wrong);
        MemoStatistics s = square.Statistics;
        // A call that loses a race to add its key counts a miss, then a hit (ConcurrentLru's counters): every call
        // counts once, at most the raced ones twice.
        Assert.InRange(s.Hits + s.Misses, threads * callsPerThread, threads * callsPerThread + s.Misses);
        Assert.True(s.Count <= Math.Min(capacity, keys), s.ToString());
        Assert.True(s.Misses >= Math.Min(keys, s.Count), s.ToString());
        if (capacity >= keys)
        {
            Assert.Equal(0, s.Evictions);
            Assert.Equal(keys, s.Count);
        }
        else
        {
            Assert.True(s.Evictions > 0, s.ToString());
        }
    }

    [Fact]
    public void AsDelegate_CallsThroughTheCache()
    {
        int calls = 0;
        Func<int, int> f = M.Lru<int, int>(x => { calls++; return -x; }, 5);
        Assert.Equal(-3, f(3));
        Assert.Equal(-3, f(3));
        Assert.Equal(1, calls);
    }
}
