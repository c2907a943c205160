using System.Text.Json;
using System.Text.RegularExpressions;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Tables;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Tables;

/// <summary><c>hyper tables collections</c> end to end, at sizes that take a second or two.</summary>
public sealed partial class TablesCliTests
{
    private static readonly string[] s_quick = ["tables", "collections", "--sizes", "200,400", "--quick"];

    [Fact]
    public void Json_HasEveryRowWithItsFigures()
    {
        Hyper.Outcome o = Hyper.Run([.. s_quick, "--no-cpython", "--json"]);
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        JsonElement root = doc.RootElement;
        Assert.Equal(CollectionsTables.SchemaId, root.GetProperty("schema").GetString());
        Assert.Equal([200, 400], root.GetProperty("sizes").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("not measured: CPython not asked for", root.GetProperty("cpython_note").GetString());

        JsonElement[] ops = root.GetProperty("operations").EnumerateArray().ToArray();
        Assert.Equal(CollectionsTable.Rows.Select(r => r.Key), ops.Select(o => o.GetProperty("key").GetString()));
        foreach (JsonElement op in ops)
        {
            Assert.True(op.GetProperty("agree").GetBoolean());
            Assert.False(string.IsNullOrEmpty(op.GetProperty("stated").GetString()));
            foreach (JsonElement series in op.GetProperty("dotnet").EnumerateArray())
            {
                JsonElement[] points = series.GetProperty("points").EnumerateArray().ToArray();
                Assert.Equal([200, 400], points.Select(p => p.GetProperty("n").GetInt32()));
                Assert.All(points, p => Assert.True(p.GetProperty("micros").GetProperty("median").GetDouble() > 0));
                Assert.StartsWith("O(", series.GetProperty("fit").GetProperty("model").GetString());
            }
        }
        Assert.Equal(3 * 2, root.GetProperty("hash").GetArrayLength());       // three key types at 20 and 40 keys
        Assert.Equal(Growth.Structures.Count * 2, root.GetProperty("growth").GetArrayLength());
        Assert.DoesNotContain("Collections (Lanaro", o.Stdout); // with --json, no console table on stdout
    }

    [Fact]
    public void Console_PrintsTheThreeTables_WithTheBooksFigures()
    {
        Hyper.Outcome o = Hyper.Run([.. s_quick, "--no-cpython"]);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("Collections (Lanaro ch. 2)", o.Stdout);
        Assert.Contains("4.20–12.09", o.Stdout);
        Assert.Contains("Deque<int>.PopFront()", o.Stdout);
        Assert.Contains("not measured: CPython not asked for", o.Stdout);
        Assert.Contains("Hash quality", o.Stdout);
        Assert.Contains("HashCode.Combine(X, Y)", o.Stdout);
        Assert.Contains("Lists vs tuples", o.Stdout);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("10000,-5")]
    [InlineData("99")]
    [InlineData("100001")]
    [InlineData("")]
    [InlineData("1e4")]
    public void BadSizes_AreOneLine(string sizes)
    {
        string line = Hyper.AssertBadInput("tables", "collections", "--sizes", sizes, "--quick", "--no-cpython");
        Assert.Contains("--sizes takes comma-separated whole numbers from 100 to 100000", line);
    }

    [Fact]
    public void UnwritableOutput_FailsBeforeAnyRun()
    {
        string line = Hyper.AssertBadInput("tables", "collections", "--quick", "--no-cpython", "-o", "/proc/nope.html");
        Assert.Contains("cannot write", line);
    }

    [Fact]
    public void Html_IsWholeAndWellFormed()
    {
        using var temp = new TempDirectory();
        string page = temp.File("sub/tables.html");
        Hyper.Outcome o = Hyper.Run([.. s_quick, "--no-cpython", "-o", page]);
        Assert.True(o.ExitCode == 0, o.Stderr);
        string html = File.ReadAllText(page);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.EndsWith("</html>\n", html);
        Assert.Contains("Hash quality", html);
        Assert.DoesNotContain("http", html); // self-contained: nothing fetched
        AssertBalanced(html);
        Assert.Equal([page], Directory.GetFiles(Path.GetDirectoryName(page)!)); // no temporary file left beside it
    }

    [Fact]
    public void CPython_WhenPresent_MeasuresEveryRow_ElseSaysWhy()
    {
        Hyper.Outcome o = Hyper.Run([.. s_quick, "--json"]);
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(o.Stdout);
        JsonElement root = doc.RootElement;
        if (PeerLocator.Python() is null)
        {
            Assert.Equal("not measured: python3 absent", root.GetProperty("cpython_note").GetString());
            return;
        }
        Assert.StartsWith("CPython 3.", root.GetProperty("cpython").GetString());
        foreach (JsonElement op in root.GetProperty("operations").EnumerateArray())
        {
            JsonElement[] points = op.GetProperty("cpython").GetProperty("points").EnumerateArray().ToArray();
            Assert.Equal([200, 400], points.Select(p => p.GetProperty("n").GetInt32()));
            Assert.All(points, p => Assert.True(p.GetProperty("micros").GetProperty("median").GetDouble() > 0));
        }
    }

    [Fact]
    public void PythonPeer_OutputThatIsNotAResult_IsANoteNeverAFigure()
    {
        (string? python, string? note, IReadOnlyDictionary<string, TableSeries>? series) = CPythonPeer.Parse("{\"ops\": 3}", "/usr/bin/python3");
        Assert.Null(python);
        Assert.Null(series);
        Assert.StartsWith("not measured:", note);
        Assert.StartsWith("not measured:", CPythonPeer.Parse("garbage", "p").Note);
    }

    /// <summary>Every element opened is closed, in order (void elements aside).</summary>
    private static void AssertBalanced(string html)
    {
        var open = new Stack<string>();
        foreach (Match m in Tag().Matches(html))
        {
            string name = m.Groups[2].Value.ToLowerInvariant();
            if (name is "meta" or "br" or "img" or "!doctype")
                continue;
            if (m.Groups[1].Value == "/")
                Assert.Equal(name, open.Pop());
            else
                open.Push(name);
        }
        Assert.Empty(open);
    }

    [GeneratedRegex(@"<(/?)(!?[a-zA-Z0-9]+)[^>]*>")]
    private static partial Regex Tag();
}
