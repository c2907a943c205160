using System.Security.Cryptography;
using System.Text;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.WordCount;

/// <summary>Every word-count rung against the reference on generated and awkward texts; what every ladder must do is in the base.</summary>
[Collection(HyperSharp.Tests.Cluster.OrleansCollection.Name)]
public sealed class WordCountConformanceTests : LadderConformance<WordCountSpec, WordCountProblem, WordCounts>
{
    private static readonly WordCountLadder s_ladder = Catalog.WordCount;

    protected override WordCountLadder Ladder => s_ladder;

    private static WordCountSpec Spec(long bytes, int vocabulary = 5000, double zipf = 1.1, long seed = 1) => new(bytes, vocabulary, zipf, seed);

    /// <summary>Small threads counts too: the partitions then cut the file in few, uneven places.</summary>
    protected override IEnumerable<ConformanceCase<WordCountProblem>> GoldenCases() =>
        [FromSpec(Spec(3_000_000)), FromSpec(Spec(1_000_000, seed: 9), new RunContext(3))];

    /// <summary>Texts written as given, deleted with the problem.</summary>
    internal static ConformanceCase<WordCountProblem> Texts(string what, params byte[][] files) =>
        ConformanceCase<WordCountProblem>.Of(what, () => OwnedFiles.Write(files));

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>Awkward texts: empty files, no final newline, one long line, CRLF, Unicode, invalid UTF-8, a BOM, tokens over the 255-unit cut.</summary>
    internal static IEnumerable<ConformanceCase<WordCountProblem>> AwkwardTexts()
    {
        yield return Texts("one empty file", []);
        yield return Texts("empty and non-empty files", [], U("a b a\n"), []);
        yield return Texts("no final newline", U("Hello, world! hello"));
        yield return Texts("one long line", U(string.Join(' ', Enumerable.Range(0, 40_000).Select(i => "w" + (i % 97)))));
        yield return Texts("CRLF and tabs", U("One\r\ntwo\tTWO\r\n\r\nthree,one\r\n"));
        yield return Texts("Unicode", U("Ærø ærø ÆRØ\n東京 大阪 東京\nCafé CAFÉ café\nstraße STRASSE\n𝒜𝒷𝒸 x𝒜 ǅemal\n"));
        yield return Texts("invalid UTF-8", [0x61, 0x62, 0xFF, 0x63, 0x0A, 0xC3, 0x28, 0x64, 0xE2, 0x82, 0x0A, 0xED, 0xA0, 0x80, 0x65, 0xF0, 0x9F]);
        yield return Texts("a byte-order mark", [0xEF, 0xBB, 0xBF, .. U("bom word\nword\n")]);
        yield return Texts("tokens over the cut", U(new string('a', 300) + " " + new string('B', 256) + "é" + new string('c', 10) + " " + new string('x', 254) + "𝒜y\n" + string.Concat(Enumerable.Repeat("é", 300)) + "\n"));
        yield return Texts("digits and apostrophes", U("Don't stop-at 3:45, Ærø! 2026-12-02 v10.4.2\n"));
        yield return Texts("only separators", U(" \n\n,.;!? \t\n"));
    }

    protected override IEnumerable<ConformanceCase<WordCountProblem>> RandomCases(Rung<WordCountProblem, WordCounts> rung)
    {
        foreach (ConformanceCase<WordCountProblem> c in AwkwardTexts())
            yield return c;
        foreach ((long bytes, int vocabulary, int seed, int threads) in new[] { (1L, 1, 2, 2), (999L, 3, 3, 1), (65_537L, 40, 4, 5), (700_001L, 30_000, 5, 2), (2_000_003L, 200, 6, 7) })
            yield return FromSpec(Spec(bytes, vocabulary, seed: seed), new RunContext(threads));
        yield return ConformanceCase<WordCountProblem>.Of("three generated files", () => OwnedFiles.Write(
            [.. new[] { 10_000L, 0, 300_000 }.Select((b, i) => Generated(b, 1000, i + 20))]), new RunContext(4));
    }

    internal static byte[] Generated(long bytes, int vocabulary, long seed)
    {
        using var stream = new MemoryStream();
        ZipfText.Generate(stream, bytes, vocabulary, 1.1, seed);
        return stream.ToArray();
    }

    protected override ConformanceCase<WordCountProblem> SmallCase => FromSpec(Spec(200_000));

    protected override string Snapshot(WordCountProblem problem) =>
        string.Join('\n', problem.Files.Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))));

    protected override IEnumerable<WordCountSpec> BadSpecs() =>
        [Spec(-1), Spec(20_000_000_000), Spec(10, vocabulary: 0), Spec(10, zipf: -1), Spec(10, zipf: 6), Spec(10, seed: -1)];

    protected override IEnumerable<WordCountSpec> ValidSpecs() => [Spec(0), Spec(12_345, 7, 0.5, 3)];

    [Fact]
    public void Text_IsTheSameForASeed_ZipfShaped_AndHasCapitalsPunctuationAndAccents()
    {
        byte[] a = Generated(300_000, 1000, 5), b = Generated(300_000, 1000, 5);
        Assert.Equal(a, b);
        Assert.NotEqual(a, Generated(300_000, 1000, 6));
        Assert.InRange(a.Length, 300_000, 300_200);
        string text = Encoding.UTF8.GetString(a);
        Assert.Contains('.', text);
        Assert.Contains(',', text);
        Assert.Contains(text, char.IsUpper);
        Assert.Contains(text, c => c > 0x7F);
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("text.txt"), a);
        WordCounts counts = WordCountReference.Count([temp.File("text.txt")]);
        long Of(string w) => counts.Counts[Array.BinarySearch(counts.Words, w, StringComparer.Ordinal)];
        Assert.True(Of(ZipfText.Word(0)) > Of(ZipfText.Word(9)) * 5, "rank 1 is far more common than rank 10");
        Assert.Equal(100_000, Enumerable.Range(0, 100_000).Select(ZipfText.Word).Distinct().Count());
    }

    [Fact]
    public void Top_SortsByCountThenWord()
    {
        WordCounts c = WordCounts.From(new Dictionary<string, long> { ["b"] = 2, ["a"] = 2, ["c"] = 5, ["d"] = 1 });
        Assert.Equal([("c", 5L), ("a", 2L), ("b", 2L)], c.Top(3));
        Assert.Equal(10, c.Total);
    }
}

/// <summary>Files written into a temporary folder that the problem deletes on disposal.</summary>
internal static class OwnedFiles
{
    public static WordCountProblem Write(params byte[][] files)
    {
        string folder = Directory.CreateTempSubdirectory("hypersharp-wordcount-test-").FullName;
        var paths = new List<string>();
        for (int i = 0; i < files.Length; i++)
        {
            string path = Path.Combine(folder, $"f{i}.txt");
            File.WriteAllBytes(path, files[i]);
            paths.Add(path);
        }
        return WordCountProblem.ForOwnedFiles(paths, folder);
    }
}
