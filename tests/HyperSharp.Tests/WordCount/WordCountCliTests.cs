using System.Globalization;
using System.Text.Json;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.WordCount;

/// <summary><c>hyper wordcount corpus</c> and <c>hyper wordcount FILES…</c> as a user runs them.</summary>
public sealed class WordCountCliTests
{
    [Theory]
    [InlineData("reference")]
    [InlineData("threads")]
    public void WordCount_Json_AndTsv_AreTheReferencesCounts(string rung)
    {
        using var temp = new TempDirectory();
        string text = temp.File("corpus.txt"), tsv = temp.File("counts.tsv");
        Hyper.Outcome made = Hyper.Run("wordcount", "corpus", "--size", "300kB", "--vocabulary", "2000", "--seed", "4", "-o", text);
        Assert.True(made.ExitCode == 0, made.Stderr);
        Assert.InRange(new FileInfo(text).Length, 300_000, 300_200);
        WordCounts expected = WordCountReference.Count([text]);

        Hyper.Outcome o = Hyper.Run("wordcount", text, "--rung", rung, "--top", "3", "-o", tsv, "--json", "--threads", "2");
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        JsonElement root = doc.RootElement;
        Assert.Equal(expected.Total, root.GetProperty("words").GetInt64());
        Assert.Equal(expected.Distinct, root.GetProperty("distinct").GetInt32());
        Assert.Equal(expected.Top(3).Select(t => t.Word), root.GetProperty("top").EnumerateArray().Select(t => t.GetProperty("word").GetString()));
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.True(root.GetProperty("mb_per_second").GetDouble() > 0);

        string[] lines = File.ReadAllLines(tsv);
        Assert.Equal(expected.Distinct, lines.Length);
        var fromTsv = lines.Select(l => l.Split('\t')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
        Assert.Equal(0, WordCounts.Differences(expected, WordCounts.From(fromTsv)));
    }

    [Fact]
    public void WordCount_Human_ShowsTotalsAndTheTopWords()
    {
        using var temp = new TempDirectory();
        string text = temp.File("t.txt");
        File.WriteAllText(text, "the cat and the hat. The end\n");
        Hyper.Outcome o = Hyper.Run("wordcount", text, "--top", "2");
        Assert.True(o.ExitCode == 0, o.Stderr);
        string[] lines = o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("7 words, 5 distinct", lines[0]);
        Assert.Contains("the", lines[1]);
        Assert.EndsWith(" 3", lines[1]);
        Assert.Equal(3, lines.Length);
    }

    [Theory]
    [InlineData("wordcount", "missing.txt")]
    [InlineData("wordcount", "FILE", "--top", "-1")]
    [InlineData("wordcount", "FILE", "--rung", "nope")]
    [InlineData("wordcount", "FILE", "--threads", "0")]
    [InlineData("wordcount", "corpus", "--size", "lots", "-o", "OUT")]
    [InlineData("wordcount", "corpus", "--size", "99GB", "-o", "OUT")]
    [InlineData("wordcount", "corpus", "--size", "1MB", "--zipf", "-2", "-o", "OUT")]
    public void WordCount_BadInput_OneLineErrorAndExitCode2(params string[] args)
    {
        using var temp = new TempDirectory();
        string file = temp.File("t.txt");
        File.WriteAllText(file, "a b\n");
        Hyper.AssertBadInput([.. args.Select(a => a == "FILE" ? file : a == "OUT" ? temp.File("out.txt") : a)]);
        Assert.False(File.Exists(temp.File("out.txt")), "no half-written file");
    }
}
