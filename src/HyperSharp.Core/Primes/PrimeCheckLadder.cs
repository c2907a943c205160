using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// Is each number prime (Gorelick ch. 9)? Work is counted in candidate divisors (√n / 2 per number), the range trial
/// division covers; better algorithms cover it without trying them all.
/// </summary>
public sealed class PrimeCheckLadder(IEnumerable<Rung<PrimeCheckSpec, PrimeVerdict[]>> extraRungs)
    : Ladder<PrimeCheckSpec, PrimeCheckSpec, PrimeVerdict[]>(CpuRungs.Concat(extraRungs))
{
    public const int MaxNumbers = 1_000_000;

    public PrimeCheckLadder() : this([]) { }

    public static IReadOnlyList<Rung<PrimeCheckSpec, PrimeVerdict[]>> CpuRungs { get; } =
        [new PrimeCheckReference(), new PrimeCheckThreads(), new PrimeCheckProcesses(), new PrimeCheckMillerRabin()];

    public override string Name => "primecheck";
    public override string Title => "Checking large primes: trial division, split over workers with an early-exit flag, Miller–Rabin (Gorelick ch. 9)";
    public override string Unit => "divisors/s";

    public override void Validate(PrimeCheckSpec spec)
    {
        if (spec.Numbers.Count == 0 || spec.Numbers.Count > MaxNumbers)
            throw new SpecException($"give between 1 and {MaxNumbers} numbers (got {spec.Numbers.Count})");
        if (spec.CheckEvery < 1)
            throw new SpecException($"check-every must be a positive number of divisors (got {spec.CheckEvery})");
    }

    public override PrimeCheckSpec Build(PrimeCheckSpec spec) => spec;

    public override double Work(PrimeCheckSpec spec) => spec.Numbers.Sum(Divisors);

    public override IReadOnlyList<KeyValuePair<string, double>> Describe(PrimeCheckSpec spec) =>
    [
        new("numbers", spec.Numbers.Count),
        new("largest", spec.Numbers.Count == 0 ? 0 : spec.Numbers.Max()),
        new("check_every", spec.CheckEvery),
    ];

    /// <summary>The leading numbers that fit in the budget (at least the cheapest one).</summary>
    public override PrimeCheckSpec ShrinkTo(PrimeCheckSpec spec, double maxWork)
    {
        if (Work(spec) <= maxWork)
            return spec;
        var kept = new List<ulong>();
        double work = 0;
        foreach (ulong n in spec.Numbers)
        {
            if (work + Divisors(n) > maxWork)
                break;
            kept.Add(n);
            work += Divisors(n);
        }
        if (kept.Count == 0)
            kept.Add(spec.Numbers.MinBy(Divisors));
        return spec with { Numbers = kept };
    }

    /// <summary>The sum of the numbers found prime: changes with any verdict, not with which factor was found.</summary>
    public override double Checksum(PrimeVerdict[] result) => result.Where(v => v.IsPrime).Sum(v => (double)v.Number);

    /// <summary>
    /// Counts the numbers on which the candidate is wrong: a different verdict, or a "factor" that does not divide the
    /// number properly. Any proper factor is right (parallel rungs need not find the smallest).
    /// </summary>
    public override Verification Verify(PrimeVerdict[] reference, PrimeVerdict[] candidate, double tolerance)
    {
        int wrong = reference.Length == candidate.Length ? 0 : int.MaxValue;
        for (int i = 0; wrong != int.MaxValue && i < reference.Length; i++)
        {
            PrimeVerdict r = reference[i], c = candidate[i];
            bool right = c.Number == r.Number && c.IsPrime == r.IsPrime &&
                (!r.IsComposite || (c.Factor > 1 && c.Factor < c.Number && c.Number % c.Factor == 0));
            if (!right)
                wrong++;
        }
        return Verification.Within(wrong, tolerance, "numbers with a wrong verdict or factor");
    }

    private static double Divisors(ulong n) => Math.Max(1, TrialDivision.IntegerSqrt(n) / 2);
}
