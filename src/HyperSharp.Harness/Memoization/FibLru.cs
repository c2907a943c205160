using HyperSharp.Ladder;

namespace HyperSharp.Memoization;

/// <summary>
/// The book's <c>@lru_cache</c> Fibonacci: the naive recursion, with every call going through <c>Memo.Lru</c>. A
/// fresh cache per run (a warm one would measure n + 1 hits and nothing else), of capacity n + 1, so F(n) costs
/// n + 1 misses and n − 1 hits.
/// </summary>
public sealed class FibLru : SyncRung<FibSpec, long>
{
    public override string Name => "lru";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "memoized recursion (Memo.Lru over BitFaster ConcurrentLru): each F(i) computed once, then looked up";

    protected override long Compute(FibSpec problem, RunContext context)
    {
        HyperSharp.Memo.MemoFunc<int, long> fib = null!;
        fib = HyperSharp.Memo.Memo.Lru<int, long>(n => n < 2 ? n : unchecked(fib.Invoke(n - 1) + fib.Invoke(n - 2)), Math.Max(3, problem.N + 1));
        return fib.Invoke(problem.N);
    }
}
