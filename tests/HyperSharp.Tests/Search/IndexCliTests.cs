using System.Text.Json;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Search;

/// <summary><c>hyper index</c> as a user runs it: corpus, build, query (text, --count, --json), complete, stats, and bad input.</summary>
public sealed class IndexCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string BuildFolder()
    {
        Directory.CreateDirectory(_dir.File("notes/sub"));
        File.WriteAllText(_dir.File("notes/a.txt"), "The quick brown fox\njumps over the lazy dog\n");
        File.WriteAllText(_dir.File("notes/sub/b.md"), "A quick note about foxes and dogs.\nThe brown dog sleeps.\n");
        File.WriteAllBytes(_dir.File("notes/sub/c.png"), [137, 80, 78, 71, 0, 0, 1]);
        Hyper.Outcome o = Hyper.Run("index", "build", _dir.File("notes"), "--lines", "-o", _dir.File("notes.idx"));
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("indexed 4 documents from 2 files (1 binary skipped)", o.Stdout);
        return _dir.File("notes.idx");
    }

    [Fact]
    public void BuildQueryCompleteStats_OnAFolder()
    {
        string idx = BuildFolder();
        Hyper.Outcome q = Hyper.Run("index", "query", idx, "brown dog");
        Assert.True(q.ExitCode == 0, q.Stderr);
        Assert.Contains("1 match for brown dog", q.Stdout);
        Assert.Contains("b.md:2", q.Stdout);

        Hyper.Outcome count = Hyper.Run("index", "query", idx, "quick OR lazy", "--count");
        Assert.Equal("3", count.Stdout.Trim());

        Hyper.Outcome json = Hyper.Run("index", "query", idx, "\"the brown\" OR fox -dog", "--json");
        Assert.True(json.ExitCode == 0, json.Stderr);
        using JsonDocument doc = JsonDocument.Parse(json.Stdout);
        // "The brown dog sleeps." has the phrase but also the excluded dog; "foxes" is not "fox".
        Assert.Equal(1, doc.RootElement.GetProperty("count").GetInt64());
        JsonElement hit = Assert.Single(doc.RootElement.GetProperty("hits").EnumerateArray());
        Assert.True(hit.GetProperty("score").GetDouble() > 0);
        Assert.EndsWith("a.txt", hit.GetProperty("path").GetString());
        Assert.Equal(1, hit.GetProperty("line").GetInt32());

        Hyper.Outcome complete = Hyper.Run("index", "complete", idx, "Do", "--top", "2");
        Assert.Equal(["dog\t2", "dogs\t1"], complete.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        Hyper.Outcome stats = Hyper.Run("index", "stats", idx);
        Assert.True(stats.ExitCode == 0, stats.Stderr);
        Assert.Contains("checksums ok", stats.Stdout);
        Assert.Contains("postings", stats.Stdout);
    }

    [Fact]
    public void Corpus_WritesTheDocuments_AndIndexesAsLines()
    {
        Hyper.Outcome c = Hyper.Run("index", "corpus", "--docs", "300", "--words", "3-5", "--vocabulary", "50", "--seed", "4", "-o", _dir.File("c.txt"));
        Assert.True(c.ExitCode == 0, c.Stderr);
        Assert.Equal(300, File.ReadAllLines(_dir.File("c.txt")).Length);
        Hyper.Outcome b = Hyper.Run("index", "build", _dir.File("c.txt"), "--lines", "--threads", "2", "-o", _dir.File("c.idx"));
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Contains("indexed 300 documents", b.Stdout);
    }

    [Fact]
    public void BadInput_IsOneLineExit2_AndLeavesNoIndex()
    {
        string idx = BuildFolder();
        Hyper.AssertBadInput("index", "build", _dir.File("missing"), "-o", _dir.File("x.idx"));
        Assert.False(File.Exists(_dir.File("x.idx")));
        Hyper.AssertBadInput("index", "query", _dir.File("missing.idx"), "fox");
        Hyper.AssertBadInput("index", "query", idx, "");
        Hyper.AssertBadInput("index", "query", idx, "\"open");
        Hyper.AssertBadInput("index", "query", idx, "fox", "--top", "0");
        Hyper.AssertBadInput("index", "complete", idx, "f", "--top", "many");
        Hyper.AssertBadInput("index", "corpus", "--docs", "-5", "-o", _dir.File("c.txt"));
        Hyper.AssertBadInput("index", "corpus", "--docs", "5", "--words", "9-1", "-o", _dir.File("c.txt"));
        Assert.False(File.Exists(_dir.File("c.txt")));
        File.WriteAllBytes(_dir.File("cut.idx"), File.ReadAllBytes(idx)[..300]);
        Assert.Contains("damaged", Hyper.AssertBadInput("index", "stats", _dir.File("cut.idx")));
        File.WriteAllText(_dir.File("text.idx"), new string('x', 1000));
        Assert.Contains("not a search index", Hyper.AssertBadInput("index", "query", _dir.File("text.idx"), "fox"));
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }
}
