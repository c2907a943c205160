using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// Is each number prime (Gorelick ch. 9)? Work is counted in candidate divisors (√n / 2 per number), the range trial
/// division covers; better algorithms cover it without trying them all.
/// </summary>
public sealed class PrimeCheckLadder(IEnumerable<Rung<PrimeCheckSpec, PrimeVerdict[]>> extraRungs)
    // Extra rungs (the Redis flag, from the harness) join the other flag mechanisms, before Miller–Rabin: the ladder
    // goes from slowest to fastest, and the fastest exact rung is the one peers are checked against.
    : Ladder<PrimeCheckSpec, PrimeCheckSpec, PrimeVerdict[]>(CpuRungs.SkipLast(1).Concat(extraRungs).Concat(CpuRungs.TakeLast(1)))
{
    /// <summary>The most numbers one spec may hold.</summary>
    public const int MaxNumbers = 1_000_000;

    /// <summary>The CPU rungs only.</summary>
    public PrimeCheckLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first, Miller–Rabin last (extra rungs join before it).</summary>
    public static IReadOnlyList<Rung<PrimeCheckSpec, PrimeVerdict[]>> CpuRungs { get; } =
        [new PrimeCheckReference(), new PrimeCheckThreads(), new PrimeCheckProcesses(), new PrimeCheckPipe(), new PrimeCheckNoFlag(), new PrimeCheckMillerRabin()];

    /// <inheritdoc/>
    public override string Name => "primecheck";
    /// <inheritdoc/>
    public override string Title => "Checking large primes: trial division, split over workers with an early-exit flag, Miller–Rabin (Gorelick ch. 9)";
    /// <inheritdoc/>
    public override string Unit => "divisors/s";

    /// <inheritdoc/>
    public override SpecDeclaration<PrimeCheckSpec> Spec { get; } =
        new SpecDeclaration<PrimeCheckSpec>(v => new PrimeCheckSpec(v.Text("numbers").Split(',').Select(SpecParameter.ParseWhole).ToArray(), v.Int("check_every")))
            .Text("numbers", "Whole numbers from 0 to 2^64 - 1 to check, separated by commas.", s => string.Join(',', s.Numbers),
                string.Join(',', PrimeCheckSpec.Book.Numbers), ParameterKind.WholeList,
                axis: new SweepAxis("numbers", Book, Report: ReportNumbers))
            .Integer("check_every", "Divisors between two looks at the shared early-exit flag (threads, processes).", s => s.CheckEvery,
                PrimeCheckSpec.DefaultCheckEvery, 1, int.MaxValue, sweep: "check-every")
            // The book's figure in the report: the flag mechanisms against the check interval.
            .SweepForReport("check_every", PrimeCheckSpec.DefaultCheckEvery, 100, 100_000)
            .Derived("count", s => s.Numbers.Count)
            .Derived("largest", s => s.Numbers.Count == 0 ? 0 : s.Numbers.Max());

    /// <summary>The book's numbers, one bench row each.</summary>
    private static SpecValue[] Book => PrimeCheckSpec.Book.Numbers.Select(Value).ToArray();

    /// <summary>
    /// In the report, the two cases the flag exists for: the larger of the book's primes (every worker runs to its end,
    /// the flag is pure overhead) and 1099726899285419 = 3306091 × 332636609 (one worker finds the factor part-way, the
    /// others must be told to stop).
    /// </summary>
    private static SpecValue[] ReportNumbers => [Value(115280095190773), Value(1099726899285419)];

    private static SpecValue Value(ulong n) => SpecValue.Of(n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.C("primes", "check", exact: true),
        PeerProgram.Python("primes", "python-check", "check", maxWork: 1e8, exact: true),
        PeerProgram.PyPy("primes", "pypy-check", "check", maxWork: 1e9, exact: true),
        PeerProgram.Python("primes", "python-check-numba", "check-numba", exact: true),
    ];

    /// <inheritdoc/>
    protected override void Check(PrimeCheckSpec spec)
    {
        if (spec.Numbers.Count == 0 || spec.Numbers.Count > MaxNumbers)
            throw new SpecException($"give between 1 and {MaxNumbers} numbers (got {spec.Numbers.Count})");
    }

    /// <inheritdoc/>
    public override PrimeCheckSpec Build(PrimeCheckSpec spec) => spec;

    /// <inheritdoc/>
    public override double Work(PrimeCheckSpec spec) => spec.Numbers.Sum(Divisors);

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
    /// SHA-256 of each number (little-endian uint64) followed by one byte, 1 if prime else 0: the verdicts, not the
    /// factors (rungs may find different proper factors).
    /// </summary>
    public override Fingerprint? Fingerprint(PrimeVerdict[] result)
    {
        var bytes = new byte[result.Length * 9];
        for (int i = 0; i < result.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 9), result[i].Number);
            bytes[i * 9 + 8] = result[i].IsPrime ? (byte)1 : (byte)0;
        }
        return Ladder.Fingerprint.Of(bytes);
    }

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
