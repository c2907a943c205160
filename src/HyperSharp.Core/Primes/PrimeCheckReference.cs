using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>Trial division of each number by 2, then the odd divisors up to √n; the smallest factor when composite.</summary>
public sealed class PrimeCheckReference : SyncRung<PrimeCheckSpec, PrimeVerdict[]>
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "trial division by odd divisors up to √n, one number after the other";

    /// <inheritdoc/>
    protected override PrimeVerdict[] Compute(PrimeCheckSpec problem, RunContext context) =>
        problem.Numbers.Select(Check).ToArray();

    internal static PrimeVerdict Check(ulong n)
    {
        if (n < 2)
            return PrimeVerdict.Neither(n);
        if (n < 4)
            return PrimeVerdict.Prime(n);
        if (n % 2 == 0)
            return PrimeVerdict.Composite(n, 2);
        ulong factor = TrialDivision.SmallestFactor(n, 3, TrialDivision.IntegerSqrt(n));
        return factor == 0 ? PrimeVerdict.Prime(n) : PrimeVerdict.Composite(n, factor);
    }
}
