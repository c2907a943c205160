namespace HyperSharp.Memoization;

/// <summary>The n-th Fibonacci number, F(0) = 0, F(1) = 1 (Lanaro ch. 2: memoization turns the exponential recursion linear).</summary>
public sealed record FibSpec(int N)
{
    /// <summary>The largest n whose F(n) fits an int64: F(92) = 7,540,113,804,746,346,429.</summary>
    public const int MaxN = 92;

    /// <summary>Where the naive recursion takes about a second in C# (3.3·10⁸ calls).</summary>
    public const int DefaultN = 40;

    /// <summary>Calls the naive recursion makes for F(n): 2·F(n+1) − 1.</summary>
    public static double NaiveCalls(int n) => 2 * FibIterative.Fib(n + 1) - 1.0;
}
