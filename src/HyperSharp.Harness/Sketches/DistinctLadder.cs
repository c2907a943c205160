using System.Runtime.InteropServices;
using HyperSharp.Ladder;
using HyperSharp.Sketches;

namespace HyperSharp.Harness.Sketches;

/// <summary><paramref name="Items"/> 64-bit values of which <paramref name="Distinct"/> are distinct, counted at 2^<paramref name="Precision"/> registers.</summary>
public sealed record DistinctSpec(long Items, long Distinct, int Precision, long Seed)
{
    /// <summary>The exact distinct count of the problem: every value below min(items, distinct) appears.</summary>
    public long ExactCount => Math.Min(Items, Distinct);
}

/// <summary>The values (the harness builds them; rungs only read) and their exact distinct count.</summary>
public sealed record DistinctProblem(ulong[] Values, long ExactCount, int Precision);

/// <summary>A rung's estimate, with the relative standard error it claims (0 for exact) and the bytes of its state.</summary>
public sealed record DistinctResult(double Estimate, double RelativeStandardError, long StateBytes);

/// <summary>
/// Distinct counting (Gorelick ch. 11): a set of the hashes (exact), K-Minimum Values, HyperLogLog, UltraLogLog, each
/// over the same span of 64-bit values hashed with XxHash3, and Redis's PFADD/PFCOUNT on the same values where
/// redis-server is installed. A sketch is judged against the problem's exact count:
/// |n̂ − n| ≤ <see cref="SigmaTolerance"/> × its theoretical relative standard error × n, which a correct sketch misses
/// about once in 10^7 problems. Work is counted in items added.
/// </summary>
public sealed class DistinctLadder() : Ladder<DistinctSpec, DistinctProblem, DistinctResult>(
    [new DistinctRung("reference", RungKind.Reference, "HashSet<ulong> of the XxHash3 of every value (exact; 8+ bytes per distinct item)", _ => new ExactDistinct()),
     new DistinctRung("kmv", RungKind.Algorithm, "K-Minimum Values, k = 2^(p−3) (the same bytes as 2^p one-byte registers)", p => new KMinimumValues(1 << (p - 3))),
     new DistinctRung("hll", RungKind.Algorithm, "HyperLogLog, sparse then 2^p byte registers, Ertl's improved estimator", p => new HyperLogLog(p)),
     new DistinctRung("ull", RungKind.Algorithm, "UltraLogLog, 2^p byte registers (the smallest error per byte here)", p => new UltraLogLog(p)),
     new DistinctRedis()])
{
    /// <summary>Standard errors an estimate may be from the exact count (two-sided normal tail ≈ 1.2e-7).</summary>
    public const double SigmaTolerance = 5.3;

    /// <summary>The most values a problem may hold (8 bytes each): 2^31.</summary>
    public const long MaxItems = 1L << 31;

    public override string Name => "distinct";
    public override string Title => "Distinct counting: an exact set, K-Minimum Values, HyperLogLog and UltraLogLog (Gorelick ch. 11)";
    public override string Unit => "items/s";

    public override SpecDeclaration<DistinctSpec> Spec { get; } =
        new SpecDeclaration<DistinctSpec>(v => new DistinctSpec(v.Long("items"), v.Long("distinct"), v.Int("precision"), v.Long("seed")))
            .Integer("items", "Values to add (8 bytes each).", s => s.Items, 10_000_000, 1, MaxItems,
                axis: new SweepAxis("items", [1_000_000, 10_000_000], Report: [1_000_000, 10_000_000]))
            .Integer("distinct", "How many of them are distinct (every value below it recurs).", s => s.Distinct, 1_000_000, 1, MaxItems)
            .Integer("precision", "2^P registers for HLL and ULL; KMV keeps 2^(P−3) hashes (16 KiB at 14).", s => s.Precision, 14, 6, HyperLogLog.MaxPrecision)
            .Integer("seed", "Which values: seed·2^40 + i mod distinct.", s => s.Seed, 1, 0, 1 << 20);

    /// <summary>
    /// A Python set (exact) and the book's pure-Python HyperLogLog (2^P registers, judged as the sketches are), on the
    /// same values; skipped with the reason where Python is missing. The pure-Python sketch is slow: to 10^7 items.
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("distinct", "python-set", "set", exact: true),
        PeerProgram.Python("distinct", "python-hll", "hll", maxWork: 10_000_000),
    ];

    /// <summary>The exact peer by its fingerprint; the pure-Python HyperLogLog within <see cref="SigmaTolerance"/> of its 1.04/√m standard errors.</summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum)
    {
        if (peer.Exact || exactChecksum is not { } exact || !spec.TryGetValue("precision", out SpecValue p))
            return base.CheckPeer(peer, spec, checksum, exactChecksum);
        double sigma = 1.04 / Math.Sqrt(Math.Pow(2, p.Number));
        return Verification.Within(Math.Abs(checksum - exact) / (sigma * Math.Max(1, exact)), SigmaTolerance, "|n̂ − n| / (σ·n)");
    }

    public override DistinctProblem Build(DistinctSpec spec)
    {
        var values = GC.AllocateUninitializedArray<ulong>(checked((int)spec.Items));
        ulong baseValue = (ulong)spec.Seed << 40;
        // A stride coprime to distinct visits every residue in a scrambled order, so repeats are not adjacent.
        long stride = Stride(spec.Distinct);
        long x = 0;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = baseValue + (ulong)x;
            x += stride;
            if (x >= spec.Distinct)
                x -= spec.Distinct;
        }
        return new DistinctProblem(values, spec.ExactCount, spec.Precision);
    }

    private static long Stride(long distinct)
    {
        long stride = (long)(distinct * 0.6180339887) | 1;
        while (stride > 1 && Gcd(stride, distinct) != 1)
            stride--;
        return Math.Max(1, stride % Math.Max(1, distinct));
    }

    private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

    public override double Work(DistinctSpec spec) => spec.Items;

    public override DistinctSpec ShrinkTo(DistinctSpec spec, double maxWork) =>
        spec.Items <= maxWork ? spec : spec with { Items = Math.Max(1, (long)maxWork) };

    public override double Checksum(DistinctResult result) => result.Estimate;

    /// <summary>The estimate, rounded to a whole count, is the answer; equal estimates are equal answers.</summary>
    public override Fingerprint? Fingerprint(DistinctResult result) => Ladder.Fingerprint.Of((long)Math.Round(result.Estimate));

    /// <summary>Against the reference's exact count: |n̂ − n| / (σ·n) within the tolerance (an exact rung: |Δ| = 0).</summary>
    public override Verification Verify(DistinctResult reference, DistinctResult candidate, double tolerance) =>
        Judge((long)reference.Estimate, candidate, tolerance);

    /// <summary>Every rung is judged against the exact count the problem was built with: no reference run.</summary>
    public override Oracle<DistinctProblem, DistinctResult> OracleFor(Rung<DistinctProblem, DistinctResult> rung) => s_statistical;

    private static readonly Oracle<DistinctProblem, DistinctResult> s_statistical =
        Oracle<DistinctProblem, DistinctResult>.Statistical((problem, candidate, tolerance) => Judge(problem.ExactCount, candidate, tolerance));

    private static Verification Judge(long exact, DistinctResult candidate, double tolerance)
    {
        if (candidate.RelativeStandardError == 0)
            return Verification.Within(Math.Abs(candidate.Estimate - exact), 0, "|n̂ − n| (exact)");
        double deviations = Math.Abs(candidate.Estimate - exact) / (candidate.RelativeStandardError * Math.Max(1, exact));
        return Verification.Within(deviations, tolerance, "|n̂ − n| / (σ·n)");
    }
}

/// <summary>One sketch over the problem's values: hashed in blocks and added in batches.</summary>
public sealed class DistinctRung(string name, RungKind kind, string technique, Func<int, IDistinctSketch> make)
    : SyncRung<DistinctProblem, DistinctResult>
{
    public override string Name => name;
    public override RungKind Kind => kind;
    public override string Technique => technique;
    public override double Tolerance => kind == RungKind.Reference ? 0 : DistinctLadder.SigmaTolerance;

    protected override DistinctResult Compute(DistinctProblem problem, RunContext context)
    {
        IDistinctSketch sketch = make(problem.Precision);
        sketch.AddValues(problem.Values);
        return new DistinctResult(sketch.Estimate(), sketch.RelativeStandardError, sketch.StateBytes);
    }
}
