using HyperSharp.Ladder;

namespace HyperSharp.Memoization;

/// <summary>The book's recursive definition, unmemoized: F(n) = F(n−1) + F(n−2), 2·F(n+1) − 1 calls.</summary>
public sealed class FibReference : SyncRung<FibSpec, long>
{
    /// <summary>Beyond this many calls (n ≈ 50, an hour) the naive recursion is refused rather than left running.</summary>
    public const double MaxCalls = 1e12;

    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "naive recursion: every call recomputes both subproblems (exponential)";

    /// <summary>About ten seconds: beyond, the bench shows a skipped row (the others verify on a smaller n).</summary>
    public override double MaxBenchWork => 4e9;

    /// <inheritdoc/>
    public override void Check(FibSpec problem)
    {
        if (FibSpec.NaiveCalls(problem.N) > MaxCalls)
            throw new SpecException($"the naive recursion at n {problem.N} makes {FibSpec.NaiveCalls(problem.N):G3} calls (hours): rung 'reference' runs up to {MaxCalls:G1} calls");
    }

    /// <inheritdoc/>
    protected override long Compute(FibSpec problem, RunContext context) => Fib(problem.N);

    private static long Fib(int n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);
}
