using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Memoization;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Memoization;

/// <summary>Every Fibonacci rung against known values and the naive recursion; what every ladder must do is in the base.</summary>
public sealed class MemoConformanceTests : LadderConformance<FibSpec, FibSpec, long>
{
    private static readonly MemoLadder s_ladder = Catalog.Memo;

    public static TheoryData<string> Rungs() => new(s_ladder.Selected.Select(r => r.Name));

    protected override MemoLadder Ladder => s_ladder;

    /// <summary>F(30) = 832,040 (Lanaro's example size).</summary>
    protected override IEnumerable<ConformanceCase<FibSpec>> GoldenCases() => [FromSpec(new FibSpec(30))];

    protected override IEnumerable<ConformanceCase<FibSpec>> RandomCases(Rung<FibSpec, long> rung)
    {
        var random = new Random(5);
        return new[] { 0, 1, 2, 3, 10 }.Concat(Enumerable.Range(0, 6).Select(_ => random.Next(0, 28))).Select(n => FromSpec(new FibSpec(n)));
    }

    protected override ConformanceCase<FibSpec> SmallCase => FromSpec(new FibSpec(20));

    protected override string Snapshot(FibSpec problem) => problem.ToString();

    protected override IEnumerable<FibSpec> BadSpecs() => [new(-1), new(93), new(int.MaxValue)];

    protected override IEnumerable<FibSpec> ValidSpecs() => [new(0), new(FibSpec.DefaultN), new(FibSpec.MaxN)];

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_Fib30_Is832040(string name) => Assert.Equal(832_040, s_ladder.Find(name).Run(new FibSpec(30), RunContext.Default));

    [Fact]
    public void FastRungs_AtTheLargestN_GiveF92()
    {
        Assert.Equal(7_540_113_804_746_346_429, s_ladder.Find("iterative").Run(new FibSpec(92), RunContext.Default));
        Assert.Equal(7_540_113_804_746_346_429, s_ladder.Find("lru").Run(new FibSpec(92), RunContext.Default));
    }

    [Fact]
    public void Reference_BeyondItsLimit_IsRefusedInOneLine()
    {
        var e = Assert.Throws<SpecException>(() => s_ladder.Reference.Check(new FibSpec(80)));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Work_IsTheNaiveRecursionsCalls()
    {
        Assert.Equal(1, s_ladder.Work(new FibSpec(0)));
        Assert.Equal(1, s_ladder.Work(new FibSpec(1)));
        Assert.Equal(3, s_ladder.Work(new FibSpec(2)));
        Assert.Equal(2 * 1_346_269 - 1, s_ladder.Work(new FibSpec(30)));
        Assert.True(s_ladder.Work(s_ladder.ShrinkTo(new FibSpec(60), 2e8)) <= 2e8);
    }

    [Fact]
    public void Answer_RoundTripsThroughItsBytes()
    {
        byte[] bytes = s_ladder.WriteAnswer(-12345)!;
        Assert.True(s_ladder.TryReadAnswer(new FibSpec(3), bytes, out long back));
        Assert.Equal(-12345, back);
        Assert.False(s_ladder.TryReadAnswer(new FibSpec(3), [1, 2, 3], out _));
    }
}
