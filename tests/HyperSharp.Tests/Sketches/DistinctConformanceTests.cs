using System.IO.Hashing;
using System.Runtime.InteropServices;
using HyperSharp.Harness;
using HyperSharp.Harness.Sketches;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Sketches;

/// <summary>Every distinct-count rung against the exact count, within its sketch's bound; what every ladder must do is in the base.</summary>
public sealed class DistinctConformanceTests : LadderConformance<DistinctSpec, DistinctProblem, DistinctResult>
{
    private static readonly DistinctLadder s_ladder = Catalog.Distinct;

    public static TheoryData<string> Rungs() => new(s_ladder.Selected.Select(r => r.Name));

    protected override DistinctLadder Ladder => s_ladder;

    private static ConformanceCase<DistinctProblem> Case(long items, long distinct, int precision = 12, long seed = 1) =>
        ConformanceCase<DistinctProblem>.Of($"items {items}, distinct {distinct}, p {precision}, seed {seed}",
            () => s_ladder.Build(new DistinctSpec(items, distinct, precision, seed)));

    /// <summary>A million values, 100 000 distinct: the sketches in their asymptotic range.</summary>
    protected override IEnumerable<ConformanceCase<DistinctProblem>> GoldenCases() => [Case(1_000_000, 100_000, 14)];

    protected override IEnumerable<ConformanceCase<DistinctProblem>> RandomCases(Rung<DistinctProblem, DistinctResult> rung)
    {
        var random = new Random(11);
        return new[] { Case(1, 1), Case(7, 3), Case(1000, 5000), Case(4096, 4096, 6), Case(100_003, 99_991, 10) }
            .Concat(Enumerable.Range(0, 5).Select(i => Case(random.Next(1, 300_000), random.Next(1, 200_000), random.Next(6, 16), i + 2)));
    }

    protected override ConformanceCase<DistinctProblem> SmallCase => Case(20_000, 5_000);

    protected override string Snapshot(DistinctProblem problem) =>
        $"{problem.ExactCount}/{problem.Precision}/{XxHash3.HashToUInt64(MemoryMarshal.AsBytes(problem.Values.AsSpan()))}";

    protected override IEnumerable<DistinctSpec> BadSpecs() =>
        [new(0, 1, 14, 1), new(10, 0, 14, 1), new(10, 1, 5, 1), new(10, 1, 19, 1), new(DistinctLadder.MaxItems + 1, 1, 14, 1), new(10, 1, 14, -1)];

    protected override IEnumerable<DistinctSpec> ValidSpecs() => [new(1, 1, 6, 0), new(1000, 10, 18, 7)];

    [Fact]
    public void Build_HasExactlyTheDistinctValuesItClaims()
    {
        foreach ((long items, long distinct) in new[] { (1000L, 10L), (10L, 1000L), (99_991L, 99_991L), (50_000L, 7_919L) })
        {
            DistinctProblem p = s_ladder.Build(new DistinctSpec(items, distinct, 12, 3));
            Assert.Equal(p.ExactCount, p.Values.Distinct().LongCount());
        }
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_OverSeeds_StaysWithinItsBound(string name)
    {
        Rung<DistinctProblem, DistinctResult> rung = s_ladder.Find(name);
        for (int seed = 10; seed < 30; seed++)
        {
            DistinctProblem p = s_ladder.Build(new DistinctSpec(60_000, 40_000, 10, seed));
            DistinctResult r = rung.Run(p, RunContext.Default);
            Verification v = s_ladder.OracleFor(rung).Check(p, r, null, rung.Tolerance);
            Assert.True(v.Passed, $"{name}, seed {seed}: {v.Measure} = {v.Error}");
        }
    }

    [Fact]
    public void Oracle_RejectsAnEstimateOutsideTheBound()
    {
        DistinctProblem p = s_ladder.Build(new DistinctSpec(1000, 1000, 10, 1));
        var ull = s_ladder.Find("ull");
        // A claimed 2.5 % error: 6 standard errors off (1150) fails, 0.4 (1010) passes.
        Assert.False(s_ladder.OracleFor(ull).Check(p, new DistinctResult(1150, 0.025, 1024), null, ull.Tolerance).Passed);
        Assert.True(s_ladder.OracleFor(ull).Check(p, new DistinctResult(1010, 0.025, 1024), null, ull.Tolerance).Passed);
        Assert.False(s_ladder.OracleFor(s_ladder.Reference).Check(p, new DistinctResult(1001, 0, 8000), null, 0).Passed);
    }
}
