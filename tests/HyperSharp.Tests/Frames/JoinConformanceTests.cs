using HyperSharp.Harness;
using HyperSharp.Harness.Frames;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Frames;

/// <summary>Every join rung against the LINQ reference on all five questions: with and without nulls, sorted and not, empty.</summary>
public sealed class JoinConformanceTests : LadderConformance<JoinSpec, JoinProblem, FrameAnswer>
{
    private static readonly JoinLadder s_ladder = Catalog.Join;

    protected override JoinLadder Ladder => s_ladder;

    private static ConformanceCase<JoinProblem> Case(int q, long rows, int na = 0, bool sorted = false, long seed = 1) =>
        ConformanceCase<JoinProblem>.Of($"q{q}, {rows} rows, na {na}%, {(sorted ? "sorted" : "unsorted")}, seed {seed}",
            () => s_ladder.Build(new JoinSpec(q, rows, na, sorted ? "sorted" : "unsorted", seed)));

    private static IEnumerable<int> Questions => Enumerable.Range(1, JoinQuestions.Count);

    protected override IEnumerable<ConformanceCase<JoinProblem>> GoldenCases() => Questions.Select(q => Case(q, 20_000));

    protected override IEnumerable<ConformanceCase<JoinProblem>> RandomCases(Rung<JoinProblem, FrameAnswer> rung) =>
        Questions.SelectMany(q => new[]
        {
            Case(q, 0), Case(q, 1), Case(q, 3001, na: 10, seed: q), Case(q, 2500, sorted: true, seed: q + 10), Case(q, 1234, na: 50, sorted: true, seed: q + 20),
            Case(q, 70_001, na: q % 2 == 0 ? 2 : 0, seed: q + 30),
        });

    protected override ConformanceCase<JoinProblem> SmallCase => Case(3, 5000, na: 5);

    protected override string Snapshot(JoinProblem problem) =>
        $"{problem.Question}/{new FrameAnswer(problem.Left, 0).Fingerprint()}/{new FrameAnswer(problem.Right, 0).Fingerprint()}";

    protected override IEnumerable<JoinSpec> BadSpecs() =>
        [new(0, 10, 0, "unsorted", 1), new(6, 10, 0, "unsorted", 1), new(1, -5, 0, "unsorted", 1), new(1, 10, 100, "unsorted", 1), new(1, 10, 0, "up", 1)];

    protected override IEnumerable<JoinSpec> ValidSpecs() => [new(1, 0, 0, "unsorted", 0), new(5, 1000, 5, "sorted", 3)];

    [Fact]
    public void Build_SplitsTheKeysAsDbBenchmark()
    {
        JoinProblem p = s_ladder.Build(new JoinSpec(2, 100_000, 0, "unsorted", 1));
        Assert.Equal(100, p.Tables.Medium.RowCount);
        Assert.Equal(100_000, p.Tables.Big.RowCount);
        // Right keys are unique; about 90 % of the left rows find theirs.
        Assert.Equal(100, p.Tables.Medium.GroupBy("id2").GroupCount);
        int matched = p.Left.Join(p.Right, "id2").RowCount;
        Assert.InRange(matched, 85_000, 95_000);
    }
}
