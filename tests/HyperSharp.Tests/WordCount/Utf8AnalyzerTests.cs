using System.Text;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Search;

namespace HyperSharp.Tests.WordCount;

/// <summary>The UTF-8 tokenizer gives exactly <see cref="Analyzer"/>'s tokens; tables, chunks and partitions lose and add nothing.</summary>
public sealed class Utf8AnalyzerTests
{
    private struct Collect : Utf8Analyzer.ISink
    {
        public List<string> Tokens;

        public readonly void Token(ReadOnlySpan<byte> token) => Tokens.Add(Encoding.UTF8.GetString(token));
    }

    private static List<string> Utf8Tokens(byte[] bytes)
    {
        var sink = new Collect { Tokens = [] };
        Utf8Analyzer.Tokenize(bytes, ref sink);
        return sink.Tokens;
    }

    /// <summary>What the reference sees: the bytes decoded as UTF-8 (invalid bytes replaced), then the analyzer.</summary>
    private static IReadOnlyList<string> Utf16Tokens(byte[] bytes) => Analyzer.Tokenize(new UTF8Encoding(false, false).GetString(bytes));

    private static readonly string[] s_pieces =
        ["a", "Z", "q", "0", "9", " ", "\n", ",", "'", "-", "é", "É", "ß", "İ", "ǅ", "Ω", "東", "𝒜", "😀", "\u0301", "\u00A0", "٣", "Ⅻ", "ﬁ", "\uFEFF"];

    [Fact]
    public void Tokens_AreTheAnalyzers_OnTheBooksExample()
    {
        byte[] text = Encoding.UTF8.GetBytes("Don't stop-at 3:45, Ærø!");
        Assert.Equal(["don", "t", "stop", "at", "3", "45", "ærø"], Utf8Tokens(text));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Tokens_AreTheAnalyzers_OnRandomTextWithInvalidBytesAndLongRuns(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 300; round++)
        {
            var b = new List<byte>();
            int pieces = random.Next(0, 120);
            for (int i = 0; i < pieces; i++)
            {
                int kind = random.Next(20);
                if (kind == 0)
                    b.Add((byte)random.Next(0x80, 0x100)); // a stray byte: invalid UTF-8
                else if (kind == 1)
                    b.AddRange(Encoding.UTF8.GetBytes(new string((char)('a' + random.Next(26)), random.Next(200, 300)))); // over the cut
                else
                    b.AddRange(Encoding.UTF8.GetBytes(s_pieces[random.Next(s_pieces.Length)]));
            }
            byte[] bytes = [.. b];
            Assert.Equal(Utf16Tokens(bytes), Utf8Tokens(bytes));
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(100)]
    [InlineData(4096)]
    public void Partitions_AndChunks_CountEveryTokenOnce(int chunkBytes)
    {
        using var temp = new TempDirectory();
        string path = temp.File("t.txt");
        using (var stream = File.Create(path))
            ZipfText.Generate(stream, 50_000, 300, 1.1, 7);
        File.AppendAllText(path, new string('k', 1000) + " tail"); // a token longer than the chunks, no final newline
        WordCounts expected = WordCountReference.Count([path]);
        foreach (int parts in new[] { 1, 2, 7, 64, 1000 })
        {
            var table = new WordTable();
            foreach (TextPartition p in TextPartitions.Split([path], parts))
                TextPartitions.Count(p, table, chunkBytes);
            Assert.Equal(0, WordCounts.Differences(expected, table.ToCounts()));
        }
    }

    [Fact]
    public void Encode_SplitsATableIntoBucketsThatMergeBack()
    {
        var table = new WordTable();
        table.CountText(Encoding.UTF8.GetBytes("a b c a é 東京 a b zz"));
        var merged = new WordTable();
        for (int bucket = 0; bucket < 3; bucket++)
            merged.AddEncoded(WordTable.Encode(table, bucket, 3));
        Assert.Equal(0, WordCounts.Differences(table.ToCounts(), merged.ToCounts()));
        Assert.Equal(9, merged.Total);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void EncodeBuckets_IsEachBucketsEncode_InOnePass(int buckets)
    {
        var table = new WordTable();
        using (var stream = new MemoryStream())
        {
            ZipfText.Generate(stream, 20_000, 500, 1.1, 3);
            table.CountText(stream.ToArray());
        }
        byte[][] all = WordTable.EncodeBuckets(table, buckets);
        Assert.Equal(buckets, all.Length);
        for (int b = 0; b < buckets; b++)
            Assert.Equal(WordTable.Encode(table, b, buckets), all[b]);
    }

    [Fact]
    public void TablePool_HandsBackAnEmptyTable_ThatCountsAfresh()
    {
        WordTable first = HyperSharp.Cluster.Dataflow.TablePool.Rent();
        first.CountText(Encoding.UTF8.GetBytes("a b b c c c"));
        HyperSharp.Cluster.Dataflow.TablePool.Return(first);
        WordTable again = HyperSharp.Cluster.Dataflow.TablePool.Rent();
        Assert.Equal(0, again.Count);
        Assert.Equal(0, again.Total);
        again.CountText(Encoding.UTF8.GetBytes("b c c"));
        Assert.Equal(0, WordCounts.Differences(WordCounts.From(new Dictionary<string, long> { ["b"] = 1, ["c"] = 2 }), again.ToCounts()));
        HyperSharp.Cluster.Dataflow.TablePool.Return(again);
    }
}
