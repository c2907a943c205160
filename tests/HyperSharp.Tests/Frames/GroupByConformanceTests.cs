using HyperSharp.Frames;
using HyperSharp.Harness;
using HyperSharp.Harness.Frames;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Frames;

/// <summary>Every groupby rung against the LINQ reference on all ten questions: with and without nulls, sorted and not, empty, one key value.</summary>
public sealed class GroupByConformanceTests : LadderConformance<GroupBySpec, GroupByProblem, FrameAnswer>
{
    private static readonly GroupByLadder s_ladder = Catalog.GroupBy;

    protected override GroupByLadder Ladder => s_ladder;

    private static ConformanceCase<GroupByProblem> Case(int q, long rows, int k = 10, int na = 0, bool sorted = false, long seed = 1) =>
        ConformanceCase<GroupByProblem>.Of($"q{q}, {rows} rows, k {k}, na {na}%, {(sorted ? "sorted" : "unsorted")}, seed {seed}",
            () => s_ladder.Build(new GroupBySpec(q, rows, k, na, sorted ? "sorted" : "unsorted", seed)));

    private static IEnumerable<int> Questions => Enumerable.Range(1, GroupByQuestions.Count);

    /// <summary>db-benchmark's shape (K = 100) at 20 000 rows, every question.</summary>
    protected override IEnumerable<ConformanceCase<GroupByProblem>> GoldenCases() => Questions.Select(q => Case(q, 20_000, 100));

    protected override IEnumerable<ConformanceCase<GroupByProblem>> RandomCases(Rung<GroupByProblem, FrameAnswer> rung) =>
        Questions.SelectMany(q => new[]
        {
            Case(q, 0), Case(q, 1), Case(q, 777, 1), Case(q, 3001, 7, na: 10, seed: q), Case(q, 2048, 5, na: 5, sorted: true, seed: q + 20),
            Case(q, 999, 3, sorted: true, seed: q + 40), Case(q, 500, 50, na: 60, seed: q + 60),
            // Above two chunks of 2^15 rows: the threaded kernels and the partitioned hash table run in parallel.
            Case(q, 70_001, 100, na: q % 2 == 0 ? 3 : 0, seed: q + 80),
        });

    protected override ConformanceCase<GroupByProblem> SmallCase => Case(10, 5000, 10, na: 5);

    protected override string Snapshot(GroupByProblem problem) => $"{problem.Question}/{new FrameAnswer(problem.Table, 0).Fingerprint()}";

    protected override IEnumerable<GroupBySpec> BadSpecs() =>
    [
        new(0, 10, 10, 0, "unsorted", 1), new(11, 10, 10, 0, "unsorted", 1), new(1, -1, 10, 0, "unsorted", 1), new(1, 10, 0, 0, "unsorted", 1),
        new(1, 10, 10, 100, "unsorted", 1), new(1, 10, 10, 0, "backwards", 1), new(1, 10, 10, 0, "unsorted", -1),
    ];

    protected override IEnumerable<GroupBySpec> ValidSpecs() => [new(1, 0, 1, 0, "unsorted", 0), new(10, 1000, 100, 5, "sorted", 7)];

    [Fact]
    public void Build_FollowsTheDistributions()
    {
        GroupByProblem p = s_ladder.Build(new GroupBySpec(1, 20_000, 100, 0, "unsorted", 3));
        DataFrame d = p.Table.Describe();
        StringColumn min = d.Get<StringColumn>("min"), max = d.Get<StringColumn>("max");
        string[] expectedMin = ["id001", "id001", "id0000000001", "1", "1", "1", "1", "1"];
        string[] expectedMax = ["id100", "id100", "id0000000200", "100", "100", "200", "5", "5"];
        for (int c = 0; c < expectedMin.Length; c++)
        {
            Assert.Equal(expectedMin[c], min[c]);
            Assert.Equal(expectedMax[c], max[c]);
        }
        DoubleColumn v3 = p.Table.Get<DoubleColumn>("v3");
        foreach (double v in v3.Values)
        {
            Assert.InRange(v, 0, 100);
            Assert.Equal(Math.Round(v, 4), v);
        }
        Assert.Equal(0, p.Table.Columns.Sum(c => c.NullCount));
        GroupByProblem withNa = s_ladder.Build(new GroupBySpec(1, 20_000, 100, 10, "unsorted", 3));
        foreach (Column c in withNa.Table.Columns)
            Assert.InRange(c.NullCount, 1600, 2400);
    }

    [Fact]
    public void Build_Sorted_IsOrderedByEveryKey()
    {
        DataFrame t = s_ladder.Build(new GroupBySpec(1, 3000, 5, 0, "sorted", 3)).Table;
        DataFrame again = t.Sort("id1", "id2", "id3", "id4", "id5", "id6");
        Assert.Equal(new FrameAnswer(t, 0).Fingerprint(), new FrameAnswer(again, 0).Fingerprint());
        for (int i = 1; i < t.RowCount; i++)
            Assert.True(string.CompareOrdinal(t.Get<StringColumn>("id1")[i - 1], t.Get<StringColumn>("id1")[i]) <= 0);
    }

    [Fact]
    public void Engine_TakesThePerfectPathForSmallRangesAndTheHashPathForWideKeys()
    {
        GroupByProblem p = s_ladder.Build(new GroupBySpec(1, 50_000, 100, 0, "unsorted", 1));
        Assert.Equal(GroupPath.Perfect, p.Table.GroupBy("id1", "id2").Path);
        Assert.Equal(GroupPath.Perfect, p.Table.GroupBy("id6").Path);
        Assert.Equal(GroupPath.Hash, p.Table.GroupBy(GroupByQuestions.Keys(10)).Path);
    }
}
