using HyperSharp.Harness;
using HyperSharp.Harness.Tokens;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Tokens;

/// <summary>Every token rung against the list; the awkward sets (empty, one token, prefixes of one another, non-ASCII) too.</summary>
public sealed class TokensConformanceTests : LadderConformance<TokensSpec, TokensProblem, TokensResult>
{
    private static readonly TokensLadder s_ladder = Catalog.Tokens;

    protected override TokensLadder Ladder => s_ladder;

    /// <summary>Tokens with every shape a byte-wise structure can get wrong, and queries at every edge of them.</summary>
    internal static readonly string[] Awkward = ["car", "cart", "carton", "cartons", "ca", "c", "", "é", "éa", "éb", "日本", "日本語", "😀", "😀x", "zz"];

    private static ConformanceCase<TokensProblem> Custom(string what, string[] tokens, params string[] extra)
    {
        // Each token and each extra string asked both ways, every prefix of every token (whole code points) counted.
        IEnumerable<string> asked = tokens.Concat(extra).Concat(tokens.SelectMany(t => Enumerable.Range(0, t.Length + 1).Where(n => n == 0 || !char.IsHighSurrogate(t[n - 1])).Select(n => t[..n]))).Distinct();
        TokenQuery[] queries = [.. asked.SelectMany(s => new[] { new TokenQuery(s, false), new TokenQuery(s, true) })];
        return ConformanceCase<TokensProblem>.Of(what, () => new TokensProblem(tokens, queries));
    }

    protected override IEnumerable<ConformanceCase<TokensProblem>> GoldenCases() => [FromSpec(new TokensSpec(20_000, 1, 2_000))];

    protected override IEnumerable<ConformanceCase<TokensProblem>> RandomCases(Rung<TokensProblem, TokensResult> rung) =>
        new[] { (0, 7), (1, 8), (2, 9), (17, 100), (1000, 400), (5001, 501) }
            .Select((c, i) => FromSpec(new TokensSpec(c.Item1, i + 3, c.Item2)))
            .Append(Custom("no tokens", [], "", "a", "é"))
            .Append(Custom("one token", ["hello"], "hell", "helloo", "hellp", "", "h"))
            .Append(Custom("the empty token alone", [""], "a"))
            .Append(Custom("prefixes of one another, non-ASCII", Awkward, "carto", "cartonss", "d", "e", "ê", "日", "日本人", "😁"));

    protected override ConformanceCase<TokensProblem> SmallCase => FromSpec(new TokensSpec(500, 2, 200));

    protected override string Snapshot(TokensProblem problem) =>
        string.Join('\n', problem.Tokens) + "|" + string.Join('\n', problem.Queries.Select(q => $"{q.IsPrefix}:{q.Text}"));

    protected override IEnumerable<TokensSpec> BadSpecs() => [new(-1, 1, 10), new(TokenCorpus.MaxCount + 1, 1, 10), new(10, -1, 10), new(10, 1, 0)];

    protected override IEnumerable<TokensSpec> ValidSpecs() => [new(0, 0, 1), new(2_000_000, 7, 100_000)];

    [Fact]
    public void Reference_CountsPrefixesAndMembership_OnTheAwkwardSet()
    {
        TokenQuery[] queries =
        [
            new("car", false), new("carto", false), new("", false), new("日本", false), new("日", false),
            new("", true), new("car", true), new("carto", true), new("é", true), new("日本", true), new("😀", true), new("q", true),
        ];
        var problem = new TokensProblem(Awkward, queries);
        foreach (Rung<TokensProblem, TokensResult> rung in s_ladder.Rungs)
        {
            TokensResult r = rung.Run(problem, RunContext.Default);
            Assert.Equal([true, false, true, true, false, true, true, false, true, true, true, false], r.Present);
            Assert.Equal([-1, -1, -1, -1, -1, Awkward.Length, 4, 2, 3, 2, 2, 0], r.PrefixCounts);
        }
    }

    [Fact]
    public void Figures_AreEachRungsExactBytes_AndTheBlobHoldsNoObjectPerToken()
    {
        TokensProblem problem = s_ladder.Build(new TokensSpec(10_000, 1, 40));
        Dictionary<string, double> perToken = s_ladder.Rungs.ToDictionary(r => r.Name, r => s_ladder.Figures(r.Run(problem, RunContext.Default))["bytes_per_token"]);
        double utf8 = problem.Tokens.Sum(t => System.Text.Encoding.UTF8.GetByteCount(t)) / (double)problem.Tokens.Length;
        // The blob: the UTF-8 bytes and a 4-byte offset per token, and two arrays' headers.
        Assert.InRange(perToken["blob"], utf8 + 4 - 0.01, utf8 + 4.01); // the figure is rounded to 0.01
        Assert.True(perToken["blob"] < perToken["sorted"], $"blob {perToken["blob"]} ≥ sorted {perToken["sorted"]}");
        Assert.True(perToken["sorted"] < perToken["list"] + 1e-9 && perToken["list"] < perToken["hashset"]);
    }

    [Fact]
    public void Problem_RejectsDuplicatesAndLoneSurrogates()
    {
        // A lone surrogate has no UTF-8 form: the byte-wise rungs could not answer as the string-wise ones do.
        Assert.Throws<ArgumentException>(() => new TokensProblem(["a", "a"], []));
        Assert.Throws<ArgumentException>(() => new TokensProblem(["\uD83D"], []));
        Assert.Throws<ArgumentException>(() => new TokensProblem(["a"], [new TokenQuery("\uDE00x", true)]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void ObjectSizes_AreWhatTheGcAllocates(int n)
    {
        // The computed sizes against this thread's allocations: the figures are the heap's bytes, not estimates.
        Assert.Equal(ObjectSizes.Array(n, 1), GcSize(() => new byte[n]));
        Assert.Equal(ObjectSizes.Array(n, 4), GcSize(() => new int[n]));
        Assert.Equal(ObjectSizes.Array(n, 8), GcSize(() => new string[n]));
        if (n > 0)
            Assert.Equal(ObjectSizes.String(new string('x', n)), GcSize(() => new string('x', n)));
        Assert.Equal(ObjectSizes.Object(16), GcSize(() => new List<string>()));
    }

    private static long GcSize(Func<object> make)
    {
        make();
        long before = GC.GetAllocatedBytesForCurrentThread();
        object o = make();
        long size = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(o);
        return size;
    }
}
