using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>A better algorithm: deterministic Miller–Rabin, and Pollard's rho for the factor of a composite.</summary>
public sealed class PrimeCheckMillerRabin : SyncRung<PrimeCheckSpec, PrimeVerdict[]>
{
    /// <inheritdoc/>
    public override string Name => "millerrabin";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "deterministic Miller–Rabin (12 prime bases, exact for 64-bit), Pollard's rho for a factor";

    /// <inheritdoc/>
    protected override PrimeVerdict[] Compute(PrimeCheckSpec problem, RunContext context) =>
        problem.Numbers.Select(n =>
            n < 2 ? PrimeVerdict.Neither(n)
            : MillerRabin.IsPrime(n) ? PrimeVerdict.Prime(n)
            : PrimeVerdict.Composite(n, MillerRabin.Factor(n))).ToArray();
}
