using System.Text;
using HyperSharp.Search;

namespace HyperSharp.Tests.Search;

/// <summary>The index library against the naive oracle: awkward corpora, random corpora and queries, BM25 by hand, phrases, completion, damaged files.</summary>
public sealed class SearchIndexTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SearchIndex Build(IReadOnlyList<string> docs, string name = "t.idx")
    {
        var builder = new IndexBuilder();
        for (int i = 0; i < docs.Count; i++)
            builder.AddText(docs[i], "mem", i + 1);
        builder.Write(_dir.File(name));
        return SearchIndex.Open(_dir.File(name));
    }

    private static void AssertSame(SearchResults expected, SearchResults actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: count {actual.Count}, expected {expected.Count}");
        Assert.True(expected.Hits.Count == actual.Hits.Count, $"{what}: {actual.Hits.Count} hits, expected {expected.Hits.Count}");
        for (int i = 0; i < expected.Hits.Count; i++)
        {
            Assert.True(expected.Hits[i].Doc == actual.Hits[i].Doc, $"{what}: hit {i} is doc {actual.Hits[i].Doc}, expected {expected.Hits[i].Doc}");
            Assert.True(Math.Abs(expected.Hits[i].Score - actual.Hits[i].Score) <= 1e-9, $"{what}: hit {i} scores {actual.Hits[i].Score}, expected {expected.Hits[i].Score}");
        }
    }

    private static void AssertAgrees(SearchIndex index, NaiveSearch naive, string query, int top = 10)
    {
        AssertSame(naive.Search(query, top), index.Search(query, top), $"'{query}' top {top}");
        Assert.Equal(naive.Matches(query).Count, index.Count(query));
    }

    [Fact]
    public void Analyzer_SplitsOnNonLettersAndDigits_AndLowerCases()
    {
        Assert.Equal(["don", "t", "stop", "at", "3", "45", "ærø"], Analyzer.Tokenize("Don't stop-at 3:45, Ærø!"));
        Assert.Equal(["αβγ", "δ", "東京", "٣"], Analyzer.Tokenize("ΑΒΓ δ 東京 ٣"));
        Assert.Equal(["𝐀b"], Analyzer.Tokenize("𝐀B")); // a letter outside the BMP, kept whole (it has no lower case)
        Assert.Empty(Analyzer.Tokenize(" \t!?—… "));
        Assert.Equal(Analyzer.MaxTokenLength, Assert.Single(Analyzer.Tokenize(new string('A', 1000))).Length);
    }

    [Fact]
    public void EmptyCorpus_MatchesNothing_AndCompletesNothing()
    {
        using SearchIndex index = Build([]);
        Assert.Equal(0, index.DocumentCount);
        Assert.Equal(0, index.TermCount);
        Assert.Equal(0, index.Count("anything"));
        Assert.Empty(index.Search("a OR b", 10).Hits);
        Assert.Empty(index.Complete("", 10));
        index.Verify();
    }

    [Fact]
    public void AwkwardCorpora_AgreeWithTheOracle()
    {
        string[][] corpora =
        [
            ["just one document with one word repeated repeated repeated"],
            ["every doc has x", "x here too", "and x", "x"],
            ["dup dup dup dup", "dup", "other words dup dup"],
            ["", "", "a"],
            ["Ærø ærø ÆRØ", "東京 東京 大阪", "ΑΒΓ δ", "naïve café", "cafe"],
        ];
        string[] queries = ["x", "dup", "repeated", "missing", "x missing", "x OR missing", "ærø", "東京", "\"東京 大阪\"", "café OR cafe", "dup -other", "\"dup dup\"", "a", "\"one word\""];
        foreach (string[] corpus in corpora)
        {
            using SearchIndex index = Build(corpus, $"c{corpus.Length}{corpus[0].Length}.idx");
            var naive = new NaiveSearch(corpus);
            foreach (string q in queries)
                AssertAgrees(index, naive, q);
        }
    }

    [Fact]
    public void Bm25_OnATinyCorpus_IsTheFormula()
    {
        // Three documents, lengths 2, 4, 3: avgdl = 3. "cat" is in two of three: idf = ln(1 + (3 − 2 + 0.5)/(2 + 0.5)) = ln 1.6.
        using SearchIndex index = Build(["the cat", "the cat cat sat", "a dog sat"]);
        SearchResults r = index.Search("cat", 10);
        double idf = Math.Log(1.6);
        double doc1 = idf * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 4 / 3.0));
        double doc0 = idf * 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / 3.0));
        Assert.Equal(2, r.Count);
        Assert.Equal([1, 0], r.Hits.Select(h => h.Doc));
        Assert.Equal(doc1, r.Hits[0].Score, 12);
        Assert.Equal(doc0, r.Hits[1].Score, 12);
        // A phrase: tf = its occurrences, idf = the sum of its terms'.
        double idfSat = Math.Log(1 + (3 - 2 + 0.5) / 2.5), idfThe = Math.Log(1.6);
        SearchHit phrase = Assert.Single(index.Search("\"cat sat\"", 10).Hits);
        Assert.Equal(1, phrase.Doc);
        Assert.Equal((idfSat + idfThe) * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 4 / 3.0)), phrase.Score, 12);
    }

    [Fact]
    public void Phrase_NeverSpansTwoDocuments()
    {
        string file = _dir.File("lines.txt");
        File.WriteAllText(file, "alpha beta\ngamma delta\nbeta gamma\n");
        var builder = new IndexBuilder { Lines = true };
        builder.AddPaths([file]);
        builder.Write(_dir.File("lines.idx"));
        using SearchIndex index = SearchIndex.Open(_dir.File("lines.idx"));
        Assert.Equal(3, index.DocumentCount);
        SearchHit hit = Assert.Single(index.Search("\"beta gamma\"", 10).Hits);
        Assert.Equal(2, hit.Doc);
        Assert.Equal(3, index.Document(2).Line);
        Assert.Equal(0, index.Count("\"delta beta\""));
        Assert.Equal(1, index.Count("\"alpha beta\""));
    }

    public static TheoryData<int, int> RandomCorpora() => new()
    {
        { 1, 1 }, { 2, 127 }, { 3, 128 }, { 4, 129 }, { 5, 300 }, { 6, 1000 },
    };

    private static string[] RandomCorpus(int seed, int docs, int vocabulary, out string[] words)
    {
        var random = new Random(seed);
        words = Enumerable.Range(0, vocabulary).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        string[] w = words;
        // Skewed: low-numbered words are common, so some terms span many blocks and some are rare.
        return Enumerable.Range(0, docs).Select(_ =>
            string.Join(' ', Enumerable.Range(0, random.Next(0, 25)).Select(_ => w[(int)(vocabulary * Math.Pow(random.NextDouble(), 3))]))).ToArray();
    }

    [Theory]
    [MemberData(nameof(RandomCorpora))]
    public void RandomQueries_AgreeWithTheOracle(int seed, int docs)
    {
        string[] corpus = RandomCorpus(seed, docs, 60, out string[] words);
        using SearchIndex index = Build(corpus);
        var naive = new NaiveSearch(corpus);
        var random = new Random(seed * 31);
        string W() => words[(int)(words.Length * Math.Pow(random.NextDouble(), 2))];
        for (int q = 0; q < 60; q++)
        {
            string query = (q % 6) switch
            {
                0 => W(),
                1 => $"{W()} {W()}",
                2 => $"{W()} OR {W()} OR {W()}",
                3 => $"\"{W()} {W()}\"",
                4 => $"{W()} -{W()}",
                _ => $"{W()} OR \"{W()} {W()}\" {W()} -\"{W()} {W()}\"",
            };
            AssertAgrees(index, naive, query, top: q % 3 == 0 ? 1000 : 10);
        }
    }

    [Theory]
    [InlineData(7, 200)]
    [InlineData(8, 3000)]
    public void Completion_AgreesWithSortingTheVocabulary(int seed, int vocabulary)
    {
        var random = new Random(seed);
        // Words over a small alphabet share long prefixes: heavy trie nodes, light ones, and terms that are prefixes of others.
        string[] words = Enumerable.Range(0, vocabulary).Select(_ => new string(Enumerable.Range(0, random.Next(1, 7)).Select(_ => "abcé"[random.Next(4)]).ToArray())).ToArray();
        string[] corpus = Enumerable.Range(0, 400).Select(_ => string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[(int)(words.Length * Math.Pow(random.NextDouble(), 2))]))).ToArray();
        using SearchIndex index = Build(corpus);
        var naive = new NaiveSearch(corpus);
        string[] prefixes = ["", "a", "b", "ab", "abc", "é", "aé", "ccc", "zz", "abca", "AB"];
        foreach (string prefix in prefixes.Concat(words.Take(40)))
        {
            foreach (int top in new[] { 1, 10, 16, 17, 100 })
                Assert.Equal(naive.Complete(prefix, top), index.Complete(prefix, top));
        }
    }

    [Fact]
    public void Build_FromFolders_SkipsAndCountsBinaryFiles()
    {
        Directory.CreateDirectory(_dir.File("docs/sub"));
        File.WriteAllText(_dir.File("docs/a.txt"), "Hello world");
        File.WriteAllText(_dir.File("docs/sub/b.md"), "hello there\nsecond line");
        File.WriteAllBytes(_dir.File("docs/sub/c.bin"), [1, 2, 0, 3]);
        var builder = new IndexBuilder { Threads = 2 };
        builder.AddPaths([_dir.File("docs")]);
        IndexBuildSummary s = builder.Write(_dir.File("f.idx"));
        Assert.Equal(2, s.Documents);
        Assert.Equal(2, s.Files);
        Assert.Equal(1, s.BinaryFilesSkipped);
        using SearchIndex index = SearchIndex.Open(_dir.File("f.idx"));
        Assert.Equal(s.Bytes, index.FileBytes);
        Assert.Equal(2, index.Count("hello"));
        Assert.EndsWith("b.md", index.Document(index.Search("there", 1).Hits[0].Doc).Path);
        Assert.Throws<ArgumentException>(() => new IndexBuilder().AddPaths([_dir.File("missing")]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"unterminated")]
    [InlineData("OR a")]
    [InlineData("a OR")]
    [InlineData("a OR OR b")]
    [InlineData("-a")]
    [InlineData("a OR -b")]
    [InlineData("!!! ...")]
    public void BadQueries_AreOneLineErrors(string query)
    {
        var e = Assert.Throws<QueryException>(() => Query.Parse(query));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("a b", "a b")]
    [InlineData("A  OR b c", "(a OR b) c")]
    [InlineData("x \"New York\" -old -\"ex why\"", "x \"new york\" -old -\"ex why\"")]
    [InlineData("don't or", "\"don t\" or")]
    [InlineData("a OR b OR \"c d\"", "(a OR b OR \"c d\")")]
    public void Queries_ParseToTheirCanonicalForm(string query, string canonical) => Assert.Equal(canonical, Query.Parse(query).ToString());

    private (byte[] Bytes, string[] Answers) Golden()
    {
        string[] corpus = RandomCorpus(11, 300, 40, out _);
        using (SearchIndex index = Build(corpus, "golden.idx"))
        {
            _ = index;
        }
        byte[] bytes = File.ReadAllBytes(_dir.File("golden.idx"));
        return (bytes, Answers(_dir.File("golden.idx")));
    }

    private static readonly string[] s_probe = ["w0", "w1 w2", "w3 OR w30", "\"w0 w1\"", "w0 -w1", "w39"];

    /// <summary>Everything the index answers, as text: the queries' hits and counts, completions, document paths.</summary>
    private static string[] Answers(string path)
    {
        using SearchIndex index = SearchIndex.Open(path);
        var answers = new List<string>();
        foreach (string q in s_probe)
        {
            SearchResults r = index.Search(q, 5);
            answers.Add($"{q}: {r.Count} " + string.Join(",", r.Hits.Select(h => $"{h.Doc}:{h.Score:R}")) + $" {index.Count(q)}");
        }
        answers.Add(string.Join(",", index.Complete("w", 20).Concat(index.Complete("w1", 3))));
        answers.Add(string.Join(",", Enumerable.Range(0, index.DocumentCount).Where(d => d % 37 == 0).Select(index.Document)));
        answers.Add($"{index.DocumentCount} {index.TermCount} {index.PostingCount} {index.TokenCount}");
        return [.. answers];
    }

    [Fact]
    public void EveryTruncation_IsRefusedInOneLine()
    {
        (byte[] bytes, _) = Golden();
        string path = _dir.File("cut.idx");
        for (int length = 0; length < bytes.Length; length += Math.Max(1, length / 50))
        {
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<IndexFormatException>(() => Answers(path));
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Fact]
    public void EveryFlippedByte_IsRefusedOrChangesNothing()
    {
        (byte[] bytes, string[] golden) = Golden();
        string path = _dir.File("flip.idx");
        int tried = 0, caughtByVerify = 0;
        for (int at = 0; at < bytes.Length; at += 3)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[at] ^= (byte)(1 << (at % 8));
            File.WriteAllBytes(path, damaged);
            tried++;
            try
            {
                // A query reads only what it needs, so a flip elsewhere leaves its answers right.
                Assert.Equal(golden, Answers(path));
            }
            catch (IndexFormatException e)
            {
                Assert.DoesNotContain('\n', e.Message);
            }
            try
            {
                using SearchIndex index = SearchIndex.Open(path);
                index.Verify();
            }
            catch (IndexFormatException)
            {
                caughtByVerify++;
            }
        }
        // A full check finds every flip but those in the few padding bytes between sections.
        Assert.True(caughtByVerify >= tried - 8, $"{caughtByVerify} of {tried} flips found by Verify");
    }

    [Fact]
    public void NotAnIndex_IsRefusedInOneLine()
    {
        File.WriteAllText(_dir.File("text.idx"), new string('x', 4096));
        var e = Assert.Throws<IndexFormatException>(() => SearchIndex.Open(_dir.File("text.idx")));
        Assert.Contains("not a search index", e.Message);
    }

    [Fact]
    public void ConcurrentQueries_GiveTheSameAnswers()
    {
        string[] corpus = RandomCorpus(12, 2000, 80, out _);
        using SearchIndex index = Build(corpus);
        string[] queries = ["w0 w1", "w2 OR w3", "\"w0 w0\"", "w1 -w2"];
        var expected = queries.Select(q => index.Search(q, 10)).ToArray();
        Parallel.For(0, 64, i =>
        {
            SearchResults r = index.Search(queries[i % queries.Length], 10);
            Assert.Equal(expected[i % queries.Length].Hits, r.Hits);
        });
        _ = Encoding.UTF8;
    }
}
