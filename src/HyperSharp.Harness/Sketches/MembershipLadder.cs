using HyperSharp.Ladder;
using HyperSharp.Sketches;

namespace HyperSharp.Harness.Sketches;

/// <summary><paramref name="Items"/> distinct 64-bit values in a set, asked about at false-positive rate <paramref name="Rate"/>.</summary>
public sealed record MembershipSpec(long Items, double Rate, long Seed)
{
    /// <summary>Queries of absent values: 10 000/rate, so the measured rate's relative standard deviation is 1 % (at most 2^24).</summary>
    public long Queries => Math.Min(1L << 24, (long)Math.Ceiling(10_000 / Rate));
}

/// <summary>The values to add and the values to ask about (none of them added), built by the harness.</summary>
public sealed record MembershipProblem(ulong[] Added, ulong[] Absent, double Rate);

/// <summary>How a rung answered: added values it missed (must be 0), absent values it claimed, and its bytes.</summary>
public sealed record MembershipResult(long FalseNegatives, long FalsePositives, long Queries, bool Exact, long StateBytes)
{
    /// <summary>The measured false-positive rate.</summary>
    public double FalsePositiveRate => Queries == 0 ? 0 : FalsePositives / (double)Queries;
}

/// <summary>
/// Set membership (Gorelick ch. 11): a hash set and a sorted array (exact) against a Bloom filter sized from the item
/// count and the target rate. Every rung must find every added value; an exact rung claims no absent one, the Bloom
/// filter's measured false-positive rate must be within 10 % of the target (10 000/rate queries: 10 standard
/// deviations, less the sizing's rounding of k). Work is counted in operations (adds and queries).
/// </summary>
public sealed class MembershipLadder() : Ladder<MembershipSpec, MembershipProblem, MembershipResult>(
    [new HashSetMembership(), new SortedMembership(), new BloomMembership()])
{
    /// <summary>How far, as a fraction of the target, a Bloom filter's measured rate may be.</summary>
    public const double RateTolerance = 0.10;

    public override string Name => "membership";
    public override string Title => "Set membership: a hash set and a sorted array against a Bloom filter (Gorelick ch. 11)";
    public override string Unit => "ops/s";

    public override SpecDeclaration<MembershipSpec> Spec { get; } =
        new SpecDeclaration<MembershipSpec>(v => new MembershipSpec(v.Long("items"), v.Real("rate"), v.Long("seed")))
            .Integer("items", "Distinct values in the set.", s => s.Items, 1_000_000, 10_000, 1L << 27,
                axis: new SweepAxis("items", [100_000, 1_000_000], Report: [100_000, 1_000_000]))
            .Real("rate", "Target false-positive rate of the Bloom filter.", s => s.Rate, 0.01, 0.001, 0.5)
            .Integer("seed", "Which values: seed·2^40 + i (added), + 2^39 + i (asked, absent).", s => s.Seed, 1, 0, 1 << 20);

    public override MembershipProblem Build(MembershipSpec spec)
    {
        ulong baseValue = (ulong)spec.Seed << 40;
        var added = new ulong[spec.Items];
        for (long i = 0; i < added.Length; i++)
            added[i] = baseValue + (ulong)i;
        var absent = new ulong[spec.Queries];
        for (long i = 0; i < absent.Length; i++)
            absent[i] = baseValue + (1UL << 39) + (ulong)i;
        return new MembershipProblem(added, absent, spec.Rate);
    }

    public override double Work(MembershipSpec spec) => 2.0 * spec.Items + spec.Queries;

    public override MembershipSpec ShrinkTo(MembershipSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { Items = Math.Max(10_000, (long)((maxWork - spec.Queries) / 2)) };

    public override double Checksum(MembershipResult result) => result.FalsePositives;

    public override Fingerprint? Fingerprint(MembershipResult result) => Ladder.Fingerprint.Of(result.FalsePositives * 1_000_003 + result.FalseNegatives);

    public override Verification Verify(MembershipResult reference, MembershipResult candidate, double tolerance) => Judge(candidate, tolerance, reference.Queries);

    /// <summary>Every rung is judged by what it must do on this problem: no reference run.</summary>
    public override Oracle<MembershipProblem, MembershipResult> OracleFor(Rung<MembershipProblem, MembershipResult> rung) => s_oracle;

    private static readonly Oracle<MembershipProblem, MembershipResult> s_oracle =
        Oracle<MembershipProblem, MembershipResult>.Statistical((problem, candidate, tolerance) => Judge(candidate, tolerance, problem.Absent.Length, problem.Rate));

    private static Verification Judge(MembershipResult candidate, double tolerance, long queries, double rate = double.NaN)
    {
        if (candidate.FalseNegatives != 0)
            return new Verification(false, candidate.FalseNegatives, 0, "added values reported absent");
        if (candidate.Queries != queries)
            return new Verification(false, double.PositiveInfinity, tolerance, "queries must be the problem's");
        if (candidate.Exact)
            return Verification.Within(candidate.FalsePositives, 0, "absent values reported present (exact)");
        return double.IsNaN(rate)
            ? Verification.Within(0, tolerance, "no target to judge against")
            : Verification.Within(Math.Abs(candidate.FalsePositiveRate / rate - 1), tolerance, "|measured rate / target − 1|");
    }

    /// <summary>Counts the added values a structure misses and the absent ones it claims.</summary>
    internal static MembershipResult Count(MembershipProblem problem, Func<ulong, bool> contains, bool exact, long bytes)
    {
        long negatives = 0, positives = 0;
        foreach (ulong v in problem.Added)
            if (!contains(v))
                negatives++;
        foreach (ulong v in problem.Absent)
            if (contains(v))
                positives++;
        return new MembershipResult(negatives, positives, problem.Absent.Length, exact, bytes);
    }
}

/// <summary>The reference: a <c>HashSet&lt;ulong&gt;</c> (Python's <c>set</c>).</summary>
public sealed class HashSetMembership : SyncRung<MembershipProblem, MembershipResult>
{
    public override string Name => "reference";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "HashSet<ulong> of the values (exact; about 20 bytes per value)";

    protected override MembershipResult Compute(MembershipProblem problem, RunContext context)
    {
        var set = new HashSet<ulong>(problem.Added);
        return MembershipLadder.Count(problem, set.Contains, exact: true, 8L * set.Count);
    }
}

/// <summary>A sorted array and binary search (the book's <c>bisect</c>).</summary>
public sealed class SortedMembership : SyncRung<MembershipProblem, MembershipResult>
{
    public override string Name => "sorted";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "sorted ulong[] + binary search (exact; 8 bytes per value)";

    protected override MembershipResult Compute(MembershipProblem problem, RunContext context)
    {
        ulong[] sorted = (ulong[])problem.Added.Clone();
        Array.Sort(sorted);
        return MembershipLadder.Count(problem, v => Array.BinarySearch(sorted, v) >= 0, exact: true, 8L * sorted.Length);
    }
}

/// <summary>A Bloom filter sized from the item count and the target rate.</summary>
public sealed class BloomMembership : SyncRung<MembershipProblem, MembershipResult>
{
    public override string Name => "bloom";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "Bloom filter, m = −n ln ε / ln² 2 bits, k = round(m/n · ln 2) probes by double hashing of XxHash3";
    public override double Tolerance => MembershipLadder.RateTolerance;

    protected override MembershipResult Compute(MembershipProblem problem, RunContext context)
    {
        var bloom = new BloomFilter(problem.Added.Length, problem.Rate);
        foreach (ulong v in problem.Added)
            bloom.AddHash(SketchHash.Of(v));
        return MembershipLadder.Count(problem, v => bloom.MayContainHash(SketchHash.Of(v)), exact: false, bloom.StateBytes);
    }
}
