using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
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

    public static TheoryData<string> RungNames() => new(s_ladder.Rungs.Select(r => r.Name));

    /// <summary>
    /// Terms that are prefixes of others, the empty term, ties in frequency, accents, CJK and surrogate pairs; prefixes
    /// empty, equal to a term, ending inside an edge, diverging inside one, longer than any term.
    /// </summary>
    [Theory]
    [MemberData(nameof(RungNames))]
    public void AwkwardVocabulary_AgreesWithTheScan(string rung)
    {
        string[] terms = ["", "a", "ab", "abc", "abd", "abdication", "b", "ba", "bab", "é", "éa", "e\u0301", "日本", "日本語", "😀", "😀x", "\uFFFD", "zzzzzzzz"];
        long[] frequencies = [.. terms.Select((_, i) => (long)(i % 3))];
        string[] prefixes = ["", "a", "ab", "abc", "abcd", "abdic", "abdx", "abz", "b", "c", "é", "e", "日", "日本語です", "😀", "z", "zzzz", "zzzzzzzzz", "abdicationz"];
        foreach (int top in (int[])[1, 3, 100])
        {
            CompleteProblem p = CompleteProblem.Of(terms, frequencies, prefixes, top);
            Assert.Equal(s_ladder.Reference.Run(p, RunContext.Default), s_ladder.Find(rung).Run(p, RunContext.Default));
        }
    }

    /// <summary>Random words over a few letters (so many share prefixes), a surrogate pair among them; every prefix of each word and a few strays.</summary>
    [Theory]
    [InlineData("trie", 1)]
    [InlineData("trie", 7)]
    [InlineData("bisect", 7)]
    public void RandomVocabulary_AgreesWithTheScan(string rung, int seed)
    {
        var random = new Random(seed);
        string[] letters = ["a", "b", "c", "é", "😀"];
        string[] terms = [.. Enumerable.Range(0, 400).Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 7)).Select(_ => letters[random.Next(letters.Length)]))).Distinct()];
        long[] frequencies = [.. terms.Select(_ => (long)random.Next(5))];
        // Prefixes cut anywhere, also between the halves of a surrogate pair.
        string[] prefixes = [.. terms.SelectMany(t => Enumerable.Range(0, t.Length + 1).Select(n => t[..n])), "d", "aaaaaaaaaa", "\uD83D"];
        CompleteProblem p = CompleteProblem.Of(terms, frequencies, prefixes, 1 + seed % 5);
        Assert.Equal(s_ladder.Reference.Run(p, RunContext.Default), s_ladder.Find(rung).Run(p, RunContext.Default));
    }

    [Fact]
    public void Trie_HasAtMostTwoNodesPerTerm()
    {
        CompleteProblem p = s_ladder.Build(new CompleteSpec(5000, 1, 1.1, 1, 10));
        var trie = CompleteTrie.Index.Build(p.Terms, p.Frequencies, p.Sorted, p.Top);
        Assert.InRange(trie.Count, p.Terms.Length, 2 * p.Terms.Length);
    }

    [Fact]
    public void Of_RejectsRepeatedTerms() =>
        Assert.Throws<ArgumentException>(() => CompleteProblem.Of(["a", "a"], [1, 2], ["a"], 1));

    /// <summary>The reference's verification run is cut to about the work limit in term tests, not in lookups.</summary>
    [Fact]
    public void ShrinkTo_CountsTermTests()
    {
        var spec = new CompleteSpec(1_000_000, 10_000, 1.1, 1, 10);
        Assert.Equal(spec with { Lookups = 200 }, s_ladder.ShrinkTo(spec, 2e8));
        Assert.Equal(spec with { Lookups = 1 }, s_ladder.ShrinkTo(spec, 10));
        Assert.Same(spec, s_ladder.ShrinkTo(spec, 1e10));
    }

    /// <summary>The CPython peers rank a prefix's every term in Python: skipped past 3·10⁸ term tests (terms × lookups), PyPy never.</summary>
    [Fact]
    public void Bench_SkipsTheCPythonPeersByTermTests()
    {
        ISystemBench bench = Catalog.BenchOf(s_ladder);
        using var temp = new TempDirectory();
        List<BenchItem> Peers(int terms) => [.. bench.Plan(BenchSettings.Defaults(peers: true) with
        {
            Values = new Dictionary<string, IReadOnlyList<SpecValue>> { ["terms"] = [terms] },
        }, temp.Path).Where(i => i.IsPeer)];
        static bool Absent(BenchItem i) => i.Skip is { } s && s.Contains("not installed", StringComparison.Ordinal);

        List<BenchItem> large = Peers(100_000);
        Assert.All(large.Where(i => i.Label.StartsWith("python-", StringComparison.Ordinal) && !Absent(i)),
            i => Assert.Contains("more than 3E+08 term tests", i.Skip));
        Assert.All(large.Where(i => i.Label.StartsWith("pypy-", StringComparison.Ordinal)), i => Assert.True(i.Skip is null || Absent(i), i.Skip));
        Assert.All(Peers(30_000), i => Assert.True(i.Skip is null || Absent(i), i.Skip));
    }
}
