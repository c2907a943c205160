using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>The book's loop: every number below N through <c>check_prime</c>, one after the other.</summary>
public sealed class PrimesReference : SyncRung<PrimeCountSpec, long>
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "trial division of every number by odd divisors up to √n, serially (the book's check_prime)";

    /// <inheritdoc/>
    protected override long Compute(PrimeCountSpec problem, RunContext context)
    {
        long count = 0;
        for (long n = 2; n < problem.Below; n++)
        {
            if (TrialDivision.IsPrime((ulong)n))
                count++;
        }
        return count;
    }
}
