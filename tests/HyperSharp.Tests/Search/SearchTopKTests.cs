using HyperSharp.Harness.Search;
using HyperSharp.Search;

namespace HyperSharp.Tests.Search;

/// <summary>
/// Top-k search with pruning (block bounds, MaxScore) against scoring every match: the same documents, bit-identical
/// scores and the same tie order, for every query shape and k; the count against the exhaustive count and the oracle.
/// </summary>
public sealed class SearchTopKTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private SearchIndex Build(IReadOnlyList<string> docs, string name)
    {
        var builder = new IndexBuilder();
        for (int i = 0; i < docs.Count; i++)
            builder.AddText(docs[i], "mem", i + 1);
        builder.Write(_dir.File(name));
        return SearchIndex.Open(_dir.File(name));
    }

    private static readonly int[] s_ks = [1, 2, 10, 100, 5000];

    /// <summary>Top(k) equals the exhaustive top k exactly, and Count and Search's count equal the exhaustive count.</summary>
    private static void AssertIdentical(SearchIndex index, string text)
    {
        Query query = Query.Parse(text);
        foreach (int k in s_ks)
        {
            SearchResults exhaustive = QueryEvaluator.Exhaustive(index, query, k);
            IReadOnlyList<SearchHit> top = index.Top(query, k);
            Assert.True(exhaustive.Hits.Count == top.Count, $"'{text}' k={k}: {top.Count} hits, expected {exhaustive.Hits.Count}");
            for (int i = 0; i < top.Count; i++)
            {
                // Bit-identical: the same document scored by the same cursors in the same order.
                Assert.True(exhaustive.Hits[i] == top[i], $"'{text}' k={k}: hit {i} is {top[i]}, expected {exhaustive.Hits[i]}");
            }
            Assert.Equal(exhaustive.Count, index.Count(query));
            SearchResults both = index.Search(query, k);
            Assert.Equal(exhaustive.Count, both.Count);
            Assert.Equal(top, both.Hits);
        }
    }

    [Fact]
    public void AwkwardCorpora_TopKIsTheExhaustiveTopK()
    {
        string[][] corpora =
        [
            [],
            ["one"],
            // Every document the same: every score ties, the order is by document.
            [.. Enumerable.Repeat("same words here same", 700)],
            // A word in every document, with lengths and frequencies varying so block bounds differ.
            [.. Enumerable.Range(0, 1000).Select(i => string.Join(' ', Enumerable.Repeat("x", 1 + i % 7)) + (i % 3 == 0 ? " y" : "") + (i % 250 == 0 ? " rare" : ""))],
            ["dup dup dup dup", "dup", "other words dup dup", "", "Ærø ærø 東京 東京 大阪"],
        ];
        string[] queries =
        [
            "x", "y", "x y", "x OR y", "x OR rare", "rare OR x OR y", "\"x x\"", "\"x x x\"", "\"x y\"", "x -y", "x -rare",
            "rare", "missing", "x missing", "x OR missing", "same", "\"same words\"", "same OR here", "words -here",
            "dup", "\"dup dup\"", "dup OR other", "dup -other", "ærø OR 東京", "\"東京 大阪\"", "x OR y rare -\"x x x\"",
        ];
        for (int c = 0; c < corpora.Length; c++)
        {
            using SearchIndex index = Build(corpora[c], $"awkward{c}.idx");
            foreach (string q in queries)
                AssertIdentical(index, q);
        }
    }

    public static TheoryData<int, int, double> ZipfCorpora() => new()
    {
        { 1, 300, 1.1 }, { 2, 3000, 1.1 }, { 3, 6000, 1.1 }, { 4, 4000, 0.8 }, { 5, 2500, 1.5 },
    };

    [Theory]
    [MemberData(nameof(ZipfCorpora))]
    public void RandomZipfQueries_TopKIsTheExhaustiveTopK(int seed, int docs, double zipf)
    {
        // A small vocabulary and short documents: the commonest words are in most documents, so their postings span
        // many blocks, the OR alternatives differ widely in bounds, and whole blocks are skipped.
        var spec = new SearchSpec(docs, "3-30", 400, zipf, seed, 1, 10);
        string[] corpus = [.. ZipfCorpus.Documents(spec)];
        using SearchIndex index = Build(corpus, $"zipf{seed}.idx");
        var random = new Random(seed * 101);
        var sampler = new ZipfCorpus.Sampler(spec);
        string W() => ZipfCorpus.Word(sampler.Next(random));
        string Phrase()
        {
            string[] words = corpus[random.Next(corpus.Length)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 3)
                return $"\"{W()} {W()}\"";
            int p = random.Next(words.Length - 2);
            return random.Next(2) == 0 ? $"\"{words[p]} {words[p + 1]}\"" : $"\"{words[p]} {words[p + 1]} {words[p + 2]}\"";
        }
        string Or(int n) => string.Join(" OR ", Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? Phrase() : W()));
        for (int q = 0; q < 120; q++)
        {
            string query = (q % 8) switch
            {
                0 => $"{W()} {W()}",
                1 => Or(2 + random.Next(4)),
                2 => Phrase(),
                3 => $"{W()} OR {W()} {W()} -{W()}",
                4 => $"{W()} {W()} {W()}",
                5 => $"{Or(2 + random.Next(3))} {Or(2)}",
                6 => $"{Phrase()} OR {W()} -{Phrase()}",
                _ => W(),
            };
            AssertIdentical(index, query);
        }
    }

    [Fact]
    public void TopK_AgreesWithTheOracle()
    {
        var spec = new SearchSpec(1500, "3-20", 200, 1.1, 9, 1, 10);
        string[] corpus = [.. ZipfCorpus.Documents(spec)];
        using SearchIndex index = Build(corpus, "oracle.idx");
        var naive = new NaiveSearch(corpus);
        static string W(int rank) => ZipfCorpus.Word(rank);
        foreach (string q in new[] { $"{W(0)} OR {W(5)}", $"{W(1)} {W(2)}", $"\"{W(0)} {W(1)}\"", $"{W(3)} OR {W(40)} {W(0)} -{W(1)}", $"{W(100)} OR {W(0)} OR {W(7)}" })
        {
            SearchResults expected = naive.Search(q, 10);
            IReadOnlyList<SearchHit> top = index.Top(q, 10);
            Assert.Equal(expected.Hits.Select(h => h.Doc), top.Select(h => h.Doc));
            for (int i = 0; i < top.Count; i++)
                Assert.Equal(expected.Hits[i].Score, top[i].Score, 9);
        }
    }

    [Fact]
    public void AFileOfTheOldFormat_IsRefusedWithARequestToRebuild()
    {
        using (SearchIndex index = Build(["a b c"], "old.idx"))
            _ = index.DocumentCount;
        byte[] bytes = File.ReadAllBytes(_dir.File("old.idx"));
        bytes[8] = 1; // the version field (u32 little-endian after the magic)
        bytes[9] = bytes[10] = bytes[11] = 0;
        File.WriteAllBytes(_dir.File("old.idx"), bytes);
        var e = Assert.Throws<IndexFormatException>(() => SearchIndex.Open(_dir.File("old.idx")));
        Assert.Contains("format version 1", e.Message);
        Assert.Contains("rebuild", e.Message);
    }
}
