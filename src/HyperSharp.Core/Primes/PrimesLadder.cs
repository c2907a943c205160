using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// Counting primes below N (Gorelick ch. 8–10): trial division serially and over a work queue, then a sieve. Work is
/// counted in numbers examined.
/// </summary>
public sealed class PrimesLadder(IEnumerable<Rung<PrimeCountSpec, long>> extraRungs)
    : Ladder<PrimeCountSpec, PrimeCountSpec, long>(CpuRungs.Concat(extraRungs))
{
    /// <summary>The sieve keeps one 64 KiB segment per thread and √N base primes, so N is bounded by time, not memory.</summary>
    public const long MaxBelow = 1L << 40;

    public PrimesLadder() : this([]) { }

    public static IReadOnlyList<Rung<PrimeCountSpec, long>> CpuRungs { get; } =
        [new PrimesReference(), new PrimesThreads(), new PrimesProcesses(), new PrimesSieve()];

    public override string Name => "primes";
    public override string Title => "Counting primes below N: trial division, work queues, a segmented sieve (Gorelick ch. 8–10)";
    public override string Unit => "numbers/s";

    public override void Validate(PrimeCountSpec spec)
    {
        if (spec.Below < 2 || spec.Below > MaxBelow)
            throw new SpecException($"below must be between 2 and {MaxBelow} (got {spec.Below})");
        if (spec.Chunk < 1)
            throw new SpecException($"chunk must be a positive number of numbers (got {spec.Chunk})");
    }

    public override PrimeCountSpec Build(PrimeCountSpec spec) => spec;

    public override double Work(PrimeCountSpec spec) => spec.Below;

    public override IReadOnlyList<KeyValuePair<string, double>> Describe(PrimeCountSpec spec) =>
        [new("below", spec.Below), new("chunk", spec.Chunk)];

    /// <summary>
    /// The reference is trial division, whose cost grows as N^1.5: it verifies on N = maxWork / 100 at most
    /// (2·10⁶ for the default budget, a fraction of a second).
    /// </summary>
    public override PrimeCountSpec ShrinkTo(PrimeCountSpec spec, double maxWork)
    {
        long below = (long)Math.Max(2, Math.Min(spec.Below, maxWork / 100));
        return below == spec.Below ? spec : spec with { Below = below };
    }

    public override double Checksum(long result) => result;

    public override Verification Verify(long reference, long candidate, double tolerance) =>
        Verification.Within(Math.Abs(candidate - reference), tolerance, "|Δcount|");
}
