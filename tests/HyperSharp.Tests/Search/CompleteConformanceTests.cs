using HyperSharp.Harness;
using HyperSharp.Harness.Search;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Search;

/// <summary>Every completion rung against the scan; what every ladder must do is in the base.</summary>
public sealed class CompleteConformanceTests : LadderConformance<CompleteSpec, CompleteProblem, int[][]>
{
    private static readonly CompleteLadder s_ladder = Catalog.Complete;

    protected override CompleteLadder Ladder => s_ladder;

    /// <summary>The book's sizes: 10,000 to 30,000 words.</summary>
    protected override IEnumerable<ConformanceCase<CompleteProblem>> GoldenCases() => [FromSpec(new CompleteSpec(30_000, 300, 1.1, 1, 10))];

    protected override IEnumerable<ConformanceCase<CompleteProblem>> RandomCases(Rung<CompleteProblem, int[][]> rung) =>
        new[] { (1, 1), (2, 10), (16, 3), (17, 16), (71, 17), (5000, 50), (5001, 1) }
            .Select((c, i) => FromSpec(new CompleteSpec(c.Item1, 100, i % 2 == 0 ? 1.1 : 0, i, c.Item2)));

    protected override ConformanceCase<CompleteProblem> SmallCase => FromSpec(new CompleteSpec(500, 50, 1.1, 3, 10));

    protected override string Snapshot(CompleteProblem problem) =>
        string.Join(',', problem.Terms) + "|" + string.Join(',', problem.Frequencies) + "|" + string.Join(',', problem.Prefixes);

    protected override IEnumerable<CompleteSpec> BadSpecs() =>
        [new(0, 10, 1.1, 1, 10), new(10, 0, 1.1, 1, 10), new(10, 10, -1, 1, 10), new(10, 10, 1.1, -1, 10), new(10, 10, 1.1, 1, 0)];

    protected override IEnumerable<CompleteSpec> ValidSpecs() => [new(1, 1, 0, 0, 1), new(1_000_000, 10_000, 1.1, 1, 10)];

    [Fact]
    public void Completions_AreTheMostFrequentWithThePrefix()
    {
        CompleteProblem p = s_ladder.Build(new CompleteSpec(1000, 20, 1.1, 1, 5));
        int[][] answers = s_ladder.Reference.Run(p, RunContext.Default);
        for (int i = 0; i < p.Prefixes.Length; i++)
        {
            Assert.NotEmpty(answers[i]); // every prefix is cut from a term
            Assert.All(answers[i], t => Assert.StartsWith(p.Prefixes[i], p.Terms[t], StringComparison.Ordinal));
            Assert.True(answers[i].Zip(answers[i].Skip(1)).All(x => p.Frequencies[x.First] >= p.Frequencies[x.Second]));
        }
    }
}
