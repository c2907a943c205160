using HyperSharp.Harness;
using HyperSharp.Harness.Search;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Search;

/// <summary>Every search rung against the scan on synthetic and awkward corpora; what every ladder must do is in the base.</summary>
public sealed class SearchConformanceTests : LadderConformance<SearchSpec, SearchProblem, SearchAnswer>
{
    private static readonly SearchLadder s_ladder = Catalog.Search;

    protected override SearchLadder Ladder => s_ladder;

    private static SearchSpec Spec(int docs, string words = "10-50", int vocabulary = 2000, double zipf = 1.1, long seed = 1, int queries = 40, int top = 10) =>
        new(docs, words, vocabulary, zipf, seed, queries, top);

    protected override IEnumerable<ConformanceCase<SearchProblem>> GoldenCases() => [FromSpec(Spec(2000, queries: 80))];

    private static ConformanceCase<SearchProblem> Texts(string what, string[] docs, string[] queries, int top = 10) =>
        ConformanceCase<SearchProblem>.Of(what, () => new SearchProblem(docs, queries, top));

    private static readonly string[] s_awkwardQueries =
        ["x", "x y", "x OR missing", "missing", "\"x x\"", "x -y", "dup", "\"dup dup\"", "ærø", "東京 OR 大阪", "\"東京 大阪\"", "word OR x -dup"];

    protected override IEnumerable<ConformanceCase<SearchProblem>> RandomCases(Rung<SearchProblem, SearchAnswer> rung)
    {
        yield return Texts("empty corpus", [], s_awkwardQueries);
        yield return Texts("one document", ["x y word"], s_awkwardQueries);
        yield return Texts("a word in every document", ["x", "x y", "y x x", "word x"], s_awkwardQueries);
        yield return Texts("duplicate words", ["dup dup dup", "dup x dup", "x"], s_awkwardQueries);
        yield return Texts("Unicode", ["Ærø ærø", "東京 大阪", "大阪 東京 東京", "x"], s_awkwardQueries);
        yield return Texts("empty documents", ["", "", "x", ""], s_awkwardQueries, top: 0);
        foreach ((int docs, string words, int vocabulary, int seed) in new[] { (1, "1-1", 1, 2), (127, "0-5", 3, 3), (129, "2-9", 40, 4), (700, "5-30", 300, 5) })
            yield return FromSpec(Spec(docs, words, vocabulary, seed: seed, queries: 24, top: seed % 2 == 0 ? 1000 : 10));
    }

    protected override ConformanceCase<SearchProblem> SmallCase => FromSpec(Spec(300, queries: 12));

    protected override string Snapshot(SearchProblem problem) =>
        string.Join('\n', problem.Documents) + "|" + string.Join('\n', problem.QueryTexts) + "|" + new FileInfo(problem.IndexPath).Length;

    protected override IEnumerable<SearchSpec> BadSpecs() =>
        [Spec(-1), Spec(10, words: "5-2"), Spec(10, words: "x"), Spec(10, words: "1-2-3"), Spec(10, vocabulary: 0), Spec(10, zipf: -1), Spec(10, queries: 0), Spec(10, top: -1)];

    protected override IEnumerable<SearchSpec> ValidSpecs() => [Spec(0), Spec(10, words: "0-0"), Spec(10, words: "7")];

    [Fact]
    public void Queries_AreOfEveryKind_AndPhrasesMatch()
    {
        using SearchProblem p = s_ladder.Build(Spec(500, queries: 40));
        Assert.Contains(p.QueryTexts, q => q.Contains(" OR ", StringComparison.Ordinal));
        Assert.Contains(p.QueryTexts, q => q.StartsWith('"'));
        Assert.Contains(p.QueryTexts, q => q.Contains(" -", StringComparison.Ordinal));
        SearchAnswer a = s_ladder.Reference.Run(p, RunContext.Default);
        for (int q = 2; q < p.Queries.Length; q += 4)
            Assert.True(a.Counts[q] > 0, $"phrase {p.QueryTexts[q]} matches nothing");
    }

    [Fact]
    public void Corpus_IsTheSameForASeed_AndZipfShaped()
    {
        SearchSpec spec = Spec(400, vocabulary: 1000);
        string[] a = [.. ZipfCorpus.Documents(spec)], b = [.. ZipfCorpus.Documents(spec)];
        Assert.Equal(a, b);
        Assert.NotEqual(a, ZipfCorpus.Documents(spec with { Seed = 2 }));
        var counts = a.SelectMany(d => d.Split(' ')).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(counts[ZipfCorpus.Word(0)] > counts.GetValueOrDefault(ZipfCorpus.Word(9)) * 5, "rank 1 is far more common than rank 10");
        Assert.All(a, d => Assert.InRange(d.Split(' ').Length, 10, 50));
        Assert.Equal(50_000, Enumerable.Range(0, 50_000).Select(ZipfCorpus.Word).Distinct().Count());
    }

    /// <summary>The reference's verification is cut by token reads (queries × documents × mean words), queries first, then documents.</summary>
    [Fact]
    public void ShrinkTo_CountsTokenReads()
    {
        SearchSpec big = Spec(1_000_000, queries: 10_000);
        SearchSpec cut = s_ladder.ShrinkTo(big, 2e8);
        Assert.Equal(big with { Queries = SearchLadder.VerifyQueries, Docs = (int)(2e8 / (SearchLadder.VerifyQueries * 30.0)) }, cut);
        Assert.Equal(Spec(20_000, queries: 333), s_ladder.ShrinkTo(Spec(20_000, queries: 1000), 2e8));
        Assert.Same(big, s_ladder.ShrinkTo(big, 1e12));
        Assert.Equal(Spec(1, words: "1-1", queries: 5), s_ladder.ShrinkTo(Spec(100, words: "1-1", queries: 5), 1));
    }
}
