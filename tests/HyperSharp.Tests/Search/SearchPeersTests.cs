using System.Text.Json;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Search;
using HyperSharp.Ladder;
using HyperSharp.Search;
using HyperSharp.Search.Peers;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Search;

/// <summary>A test that runs a Python peer under /usr/bin/python3 (or pypy3); skipped, saying so, without it.</summary>
public sealed class PythonPeerFactAttribute : FactAttribute
{
    public PythonPeerFactAttribute(bool pypy = false)
    {
        if ((pypy ? PeerLocator.PyPy() : PeerLocator.Python()) is null)
            Skip = $"{(pypy ? "pypy3" : "python3")} is not installed here: the Python search/complete peers cannot run";
    }
}

/// <summary>
/// The search ladder's peers: Lucene.NET and SQLite FTS5 in process agree with our engine on small corpora (counts
/// exactly, hit sets that match, Lucene's hits within its stated score tolerance); the driver's command line; the
/// Python peers (skipped without Python), whose answers are ours bit for bit.
/// </summary>
public sealed class SearchPeersTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] s_awkwardQueries =
        ["x", "x y", "x OR missing", "missing", "\"x x\"", "x -y", "dup", "\"dup dup\"", "ærø", "東京 OR 大阪", "\"東京 大阪\"", "word OR x -dup", "x OR y dup -\"x x\""];

    public static TheoryData<string, string[], string[]> Corpora()
    {
        var data = new TheoryData<string, string[], string[]>
        {
            { "empty corpus", [], s_awkwardQueries },
            { "one document", ["x y word"], s_awkwardQueries },
            { "a word in every document", ["x", "x y", "y x x", "word x"], s_awkwardQueries },
            { "duplicate words", ["dup dup dup", "dup x dup", "x", "X, x! DUP"], s_awkwardQueries },
            { "Unicode", ["Ærø ærø", "東京 大阪", "大阪 東京 東京", "x", "ÆRØ-x"], s_awkwardQueries },
            { "empty documents", ["", "", "x", ""], s_awkwardQueries },
        };
        foreach ((int docs, string words, int vocabulary, int seed) in new[] { (129, "2-9", 40, 4), (700, "5-30", 300, 5), (2000, "10-50", 2000, 1) })
        {
            var spec = new SearchSpec(docs, words, vocabulary, 1.1, seed, 48, 10);
            string[] d = [.. ZipfCorpus.Documents(spec)];
            data.Add($"zipf {docs} docs", d, SearchQueries.Draw(spec, d));
        }
        return data;
    }

    /// <summary>Ours: the reference rung (the scan) on the same documents and queries.</summary>
    private static SearchAnswer Ours(string[] docs, string[] queries, int top)
    {
        using var problem = new SearchProblem(docs, queries, top);
        return Catalog.Search.Reference.Run(problem, RunContext.Default);
    }

    private SearchAnswer Run(string variant, string[] docs, string[] queries, int top)
    {
        using ISearchEngine engine = SearchPeer.Engine(variant);
        string folder = Directory.CreateDirectory(_dir.File(variant + "-" + Guid.NewGuid().ToString("N"))).FullName;
        engine.Build(docs, folder);
        Assert.True(engine.IndexBytes > 0, $"{variant}: no index on disk");
        engine.Prepare([.. queries.Select(Query.Parse)]);
        var counts = new long[queries.Length];
        var hits = new SearchHit[queries.Length][];
        var list = new List<SearchHit>();
        for (int q = 0; q < queries.Length; q++)
        {
            list.Clear();
            counts[q] = engine.Answer(q, top, list);
            hits[q] = [.. list];
            // COUNT and TOP_k alone give the same as the two together.
            Assert.Equal(counts[q], engine.Count(q));
            if (top > 0)
            {
                var alone = new List<SearchHit>();
                engine.Top(q, top, alone);
                Assert.Equal(hits[q].Select(h => h.Doc), alone.Select(h => h.Doc));
            }
        }
        return new SearchAnswer(counts, hits);
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Lucene_AgreesWithOurs_CountsExactly_HitsWithinItsTolerance(string what, string[] docs, string[] queries)
    {
        SearchAnswer ours = Ours(docs, queries, 10);
        SearchAnswer lucene = Run("lucene", docs, queries, 10);
        Assert.Equal(ours.Counts, lucene.Counts);
        Verification v = new SearchPeerCheck(docs, queries).Judge(ours, lucene, SearchLadder.LuceneTolerance);
        Assert.True(v.Passed, $"{what}: {v.Measure} = {v.Error}");
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void Fts5_AgreesWithOurs_CountsExactly_HitsMatch(string what, string[] docs, string[] queries)
    {
        SearchAnswer ours = Ours(docs, queries, 10);
        SearchAnswer fts5 = Run("fts5", docs, queries, 10);
        Assert.Equal(ours.Counts, fts5.Counts);
        // FTS5 ranks by its own bm25() (another idf, phrases by their own frequency): its hits are judged as sets.
        Verification v = new SearchPeerCheck(docs, queries).Judge(ours, fts5, 1);
        Assert.True(v.Passed, $"{what}: {v.Measure} = {v.Error}");
    }

    [Theory]
    [MemberData(nameof(Corpora))]
    public void OurEngine_ThroughTheDriver_IsTheReferenceExactly(string what, string[] docs, string[] queries)
    {
        SearchAnswer ours = Ours(docs, queries, 10);
        SearchAnswer driven = Run("hypersharp", docs, queries, 10);
        Verification v = Catalog.Search.Verify(ours, driven, 0);
        Assert.True(v.Passed, $"{what}: {v.Measure} = {v.Error}");
    }

    [Fact]
    public void Lucene_OneTermTopK_IsOursUpToNormRounding()
    {
        // One term, two documents of very different lengths: the shorter ranks first in both engines.
        string[] docs = ["x filler filler filler filler filler filler filler filler filler filler filler", "x", "y"];
        SearchAnswer lucene = Run("lucene", docs, ["x"], 10);
        Assert.Equal([1, 0], lucene.Hits[0].Select(h => h.Doc));
    }

    [Fact]
    public void Check_WrongCountOrNonMatchingHit_IsAnInfiniteError()
    {
        string[] docs = ["x y", "x", "y"];
        string[] queries = ["x"];
        SearchAnswer ours = Ours(docs, queries, 10);
        var check = new SearchPeerCheck(docs, queries);
        Assert.True(check.Judge(ours, ours, 0).Passed);
        var wrongCount = new SearchAnswer([3], ours.Hits);
        Assert.True(double.IsPositiveInfinity(check.Judge(ours, wrongCount, 1).Error));
        var wrongHit = new SearchAnswer(ours.Counts, [[new SearchHit(2, 1), ours.Hits[0][1]]]);
        Assert.True(double.IsPositiveInfinity(check.Judge(ours, wrongHit, 1).Error));
        var twice = new SearchAnswer(ours.Counts, [[ours.Hits[0][0], ours.Hits[0][0]]]);
        Assert.True(double.IsPositiveInfinity(check.Judge(ours, twice, 1).Error));
    }

    [Fact]
    public void Translations_ReadAsWritten()
    {
        Query q = Query.Parse("a OR \"b c\" d -e");
        Assert.Equal("((\"a\" OR \"b c\") AND \"d\") NOT \"e\"", Fts5Engine.Translate(q));
        Assert.Equal("+(body:a body:\"b c\") +body:d -body:e", LuceneEngine.Translate(q).ToString());
    }

    [Fact]
    public void LuceneAnalyzer_GivesOurTokens()
    {
        const string text = "Don't stop-at 3:45, Ærø! 東京大阪 ΣΊΣΥΦΟΣ x²y";
        using var analyzer = new LetterOrDigitAnalyzer();
        var tokens = new List<string>();
        using (Lucene.Net.Analysis.TokenStream stream = analyzer.GetTokenStream("body", text))
        {
            var term = stream.AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
                tokens.Add(term.ToString());
            stream.End();
        }
        Assert.Equal(Analyzer.Tokenize(text), tokens);
    }

    private (string Docs, string Queries, SearchSpec Spec, string[] Documents, string[] QueryTexts) Inputs(int docs = 300, int queries = 16)
    {
        var spec = new SearchSpec(docs, "5-20", 200, 1.1, 3, queries, 10);
        IReadOnlyList<string> args = Catalog.Search.PeerArguments(spec, () => throw new InvalidOperationException(), _dir.Path);
        string[] d = [.. ZipfCorpus.Documents(spec)];
        return (args[1], args[3], spec, d, SearchQueries.Draw(spec, d));
    }

    private static string[] SpecArguments(SearchSpec spec) => [.. Catalog.Search.Spec.Arguments(spec)];

    [Theory]
    [InlineData("hypersharp")]
    [InlineData("lucene")]
    [InlineData("fts5")]
    public void Driver_PrintsOneResult_EchoesTheSpec_AndItsAnswerPassesTheLaddersCheck(string variant)
    {
        (string docs, string queries, SearchSpec spec, string[] documents, string[] texts) = Inputs();
        string answer = _dir.File(variant + ".bin");
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SearchPeer.Main(["search", "--variant", variant, .. SpecArguments(spec), "--input", docs, "--query-file", queries,
            "--threads", "1", "--repeats", "1", "--answer", answer, "--quick"], output, error);
        Assert.True(code == 0, error.ToString());
        RunResult r = RunResult.FromJson(output.ToString().Trim());
        Assert.Equal("peer", r.Kind);
        Assert.Equal(spec.Queries, r.Work);
        Assert.Equal(spec.Docs, r.Spec!["docs"].Number);
        Assert.Equal("5-20", r.Spec["words"].ToString());
        Assert.True(r.Figures!["build_s"] > 0 && r.Figures["index_bytes"] > 0);
        foreach (string type in SearchPeer.Types)
            Assert.True(r.Figures[$"{type}_count_qps"] > 0 && r.Figures[$"{type}_top_p99_us"] > 0, type);
        Assert.True(Catalog.Search.TryReadAnswer(spec, File.ReadAllBytes(answer), out SearchAnswer? read));
        SearchAnswer ours = Ours(documents, texts, spec.Top);
        Assert.Equal(ours.Counts.Sum(), r.Checksum);
        PeerProgram program = Assert.Single(Catalog.Search.Peers, p => p.Variant == variant);
        Verification v = Catalog.Search.VerifyPeerAnswer(program, spec, ours, read);
        Assert.True(v.Passed, $"{v.Measure} = {v.Error}");
        if (variant == "hypersharp")
            Assert.Equal(Catalog.Search.Fingerprint(ours)!.Value.Hex, r.Fingerprint);
    }

    [Theory]
    [InlineData("nosuch", "--variant takes")]
    [InlineData("lucene", "no such file")]
    public void Driver_BadInput_OneLine_Exit2(string variant, string message)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = SearchPeer.Main(["search", "--variant", variant, "--input", _dir.File("missing.txt"), "--query-file", _dir.File("missing.txt")], output, error);
        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString());
        Assert.Single(error.ToString().Trim().Split('\n'));
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Cli_RunsThePeer_AsTheBenchDoes()
    {
        (string docs, string queries, SearchSpec spec, _, _) = Inputs(docs: 50, queries: 4);
        (string[]? prefix, string? missing) = Peer.Locate(Assert.Single(Catalog.Search.Peers, p => p.Variant == "fts5"), _dir.Path);
        Assert.Null(missing);
        Assert.Equal(Peer.DotNetCommand, prefix![^4]);
        Hyper.Outcome o = Hyper.Run([.. prefix.Skip(prefix.Length - 4), .. SpecArguments(spec), "--input", docs, "--query-file", queries, "--quick"]);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Equal("sqlite", RunResult.FromJson(o.Stdout.Trim()).Implementation);
    }

    /// <summary>Runs peers/python/SCRIPT under <paramref name="interpreter"/>: its exit code and its last stdout line.</summary>
    internal static (int Code, string Line) RunPython(string interpreter, string script, IEnumerable<string> args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(PeerLocator.Find(null) ?? throw new InvalidOperationException("no peers/ folder"), "python", script));
        foreach (string a in args)
            info.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(info)!;
        Task<string> err = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode is 0 or 3, err.Result);
        return (p.ExitCode, stdout.Trim().Split('\n')[^1]);
    }

    [PythonPeerFact]
    public void PythonSets_IsOursBitForBit() => PythonSets(PeerLocator.Python()!);

    [PythonPeerFact(pypy: true)]
    public void PyPySets_IsOursBitForBit() => PythonSets(PeerLocator.PyPy()!);

    private void PythonSets(string interpreter)
    {
        (string docs, string queries, SearchSpec spec, string[] documents, string[] texts) = Inputs();
        (int code, string line) = RunPython(interpreter, "search.py", ["--variant", "sets", .. SpecArguments(spec), "--input", docs, "--query-file", queries, "--repeats", "1"]);
        Assert.Equal(0, code);
        RunResult r = RunResult.FromJson(line);
        Assert.Equal(Catalog.Search.Fingerprint(Ours(documents, texts, spec.Top))!.Value.Hex, r.Fingerprint);
    }

    [PythonPeerFact]
    public void PythonComplete_Bisect_Marisa_Datrie_AreOursBitForBit()
    {
        var spec = new CompleteSpec(3000, 200, 1.1, 2, 10);
        IReadOnlyList<string> args = Catalog.Complete.PeerArguments(spec, () => Catalog.Complete.Build(spec), _dir.Path);
        CompleteProblem problem = Catalog.Complete.Build(spec);
        string expected = Catalog.Complete.Fingerprint(Catalog.Complete.Reference.Run(problem, RunContext.Default))!.Value.Hex;
        foreach (string variant in new[] { "bisect", "marisa", "datrie" })
        {
            (int code, string text) = RunPython(PeerLocator.Python()!, "complete.py",
                ["--variant", variant, .. Catalog.Complete.Spec.Arguments(spec), .. args, "--repeats", "1"]);
            using JsonDocument line = JsonDocument.Parse(text);
            if (code == 3)
            {
                // The module is not installed: the peer says so in its line (the bench shows that row as skipped).
                Assert.Contains("not installed", line.RootElement.GetProperty("error").GetString());
                continue;
            }
            Assert.Equal(expected, line.RootElement.GetProperty("fingerprint").GetString());
        }
    }

    [Fact]
    public void Ladders_DeclareTheirPeers()
    {
        Assert.Equal(["hypersharp-index", "lucene", "fts5", "python-sets", "pypy-sets"], Catalog.Search.Peers.Select(p => p.Name));
        Assert.All(Catalog.Search.Peers.Take(3), p => Assert.Equal("dotnet", p.Implementation));
        Assert.Equal(["python-bisect", "pypy-bisect", "python-marisa", "python-datrie"], Catalog.Complete.Peers.Select(p => p.Name));
        Assert.All(Catalog.Complete.Peers, p => Assert.True(p.Exact));
    }
}
