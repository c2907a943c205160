using HyperSharp.Ladder;

namespace HyperSharp.Memoization;

/// <summary>The dynamic-programming form: the two previous values carried forward, n steps, no table.</summary>
public sealed class FibIterative : SyncRung<FibSpec, long>
{
    /// <inheritdoc/>
    public override string Name => "iterative";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "dynamic programming bottom-up: F(i) from the two before it, n additions";

    /// <inheritdoc/>
    protected override long Compute(FibSpec problem, RunContext context) => Fib(problem.N);

    /// <summary>F(n) by n additions (wrapping beyond n = 92, as the other rungs' int64 arithmetic does).</summary>
    public static long Fib(int n)
    {
        long a = 0, b = 1;
        for (int i = 0; i < n; i++)
            (a, b) = (b, unchecked(a + b));
        return a;
    }
}
