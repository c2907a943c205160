using HyperSharp.Harness;
using HyperSharp.Harness.Sketches;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Sketches;

/// <summary>Every membership rung finds every added value; exact rungs claim no absent one, Bloom's rate is within 10 % of target.</summary>
public sealed class MembershipConformanceTests : LadderConformance<MembershipSpec, MembershipProblem, MembershipResult>
{
    private static readonly MembershipLadder s_ladder = Catalog.Membership;

    protected override MembershipLadder Ladder => s_ladder;

    private static ConformanceCase<MembershipProblem> Case(long items, double rate, long seed = 1) =>
        ConformanceCase<MembershipProblem>.Of($"items {items}, rate {rate}, seed {seed}", () => s_ladder.Build(new MembershipSpec(items, rate, seed)));

    protected override IEnumerable<ConformanceCase<MembershipProblem>> GoldenCases() => [Case(100_000, 0.01)];

    protected override IEnumerable<ConformanceCase<MembershipProblem>> RandomCases(Rung<MembershipProblem, MembershipResult> rung)
    {
        var random = new Random(13);
        return new[] { Case(10_000, 0.5), Case(10_000, 0.001), Case(33_333, 0.1767) }
            .Concat(Enumerable.Range(0, 3).Select(i => Case(random.Next(10_000, 200_000), Math.Round(0.002 + random.NextDouble() * 0.2, 4), i + 2)));
    }

    protected override ConformanceCase<MembershipProblem> SmallCase => Case(10_000, 0.05);

    protected override string Snapshot(MembershipProblem problem) =>
        $"{problem.Rate}/{problem.Added.Length}/{problem.Added.Aggregate(0UL, (h, v) => h * 31 + v)}/{problem.Absent.Aggregate(0UL, (h, v) => h * 31 + v)}";

    protected override IEnumerable<MembershipSpec> BadSpecs() =>
        [new(9_999, 0.01, 1), new(100_000, 0, 1), new(100_000, 0.0009, 1), new(100_000, 0.6, 1), new(100_000, double.NaN, 1), new(100_000, 0.01, -1)];

    protected override IEnumerable<MembershipSpec> ValidSpecs() => [new(10_000, 0.001, 0), new(1_000_000, 0.5, 9)];

    [Fact]
    public void Oracle_RejectsMissesAndOffTargetRates()
    {
        MembershipProblem p = s_ladder.Build(new MembershipSpec(10_000, 0.01, 1));
        var bloom = s_ladder.Find("bloom");
        long q = p.Absent.Length;
        Oracle<MembershipProblem, MembershipResult> oracle = s_ladder.OracleFor(bloom);
        Assert.True(oracle.Check(p, new MembershipResult(0, (long)(0.0105 * q), q, false, 1), null, bloom.Tolerance).Passed);
        Assert.False(oracle.Check(p, new MembershipResult(0, (long)(0.0115 * q), q, false, 1), null, bloom.Tolerance).Passed);
        Assert.False(oracle.Check(p, new MembershipResult(0, (long)(0.0085 * q), q, false, 1), null, bloom.Tolerance).Passed);
        Assert.False(oracle.Check(p, new MembershipResult(1, (long)(0.01 * q), q, false, 1), null, bloom.Tolerance).Passed);
        Assert.False(oracle.Check(p, new MembershipResult(0, 1, q, true, 1), null, 0).Passed);
    }
}
