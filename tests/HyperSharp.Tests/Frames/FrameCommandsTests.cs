using HyperSharp.Frames;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Frames;

/// <summary><c>hyper frame</c>: generate, groupby, join, describe; results written whole or not at all; bad input in one line.</summary>
public sealed class FrameCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Generate_GroupBy_WritesTheResultWithItsKeysAndAggregates()
    {
        string table = _dir.File("g.parquet"), result = _dir.File("r.csv");
        Hyper.Outcome gen = Hyper.Run("frame", "generate", "groupby", "--rows", "5000", "--k", "10", "-o", table);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        Hyper.Outcome g = Hyper.Run("frame", "groupby", table, "--by", "id1,id2", "--agg", "sum(v1),mean(v3),count()", "-o", result);
        Assert.True(g.ExitCode == 0, g.Stderr);
        Assert.Contains("100 rows × 5 columns", g.Stdout, StringComparison.Ordinal);
        DataFrame r = DataFrame.ReadCsv(result);
        Assert.Equal(["id1", "id2", "sum_v1", "mean_v3", "count"], r.ColumnNames);
        Assert.Equal(5000L, r.Get<Int32Column>("count").Values.ToArray().Sum(x => (long)x));
        DataFrame expected = DataFrame.ReadParquet(table).GroupBy("id1", "id2").Agg(Aggregation.Sum("v1"));
        Assert.Equal(expected.Get<Int64Column>("sum_v1").Values.ToArray().Sum(), r.Get<Int32Column>("sum_v1").Values.ToArray().Sum(x => (long)x));
    }

    [Fact]
    public void Generate_Join_WritesFourTables_AndJoinJoinsThem()
    {
        string x = _dir.File("x.csv");
        Hyper.Outcome gen = Hyper.Run("frame", "generate", "join", "--rows", "20000", "-o", x);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        foreach (string t in new[] { "x.csv", "x_small.csv", "x_medium.csv", "x_big.csv" })
            Assert.True(File.Exists(_dir.File(t)), t);
        Hyper.Outcome j = Hyper.Run("frame", "join", x, _dir.File("x_medium.csv"), "--on", "id2", "--how", "left");
        Assert.True(j.ExitCode == 0, j.Stderr);
        Assert.Contains("20,000 rows × 11 columns", j.Stdout, StringComparison.Ordinal);
        Hyper.Outcome d = Hyper.Run("frame", "describe", _dir.File("x_small.csv"));
        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Contains("id4     string", d.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedRow_IsOneLineNamingTheRow_Exit2_AndNoOutputFile()
    {
        string bad = _dir.File("bad.csv"), result = _dir.File("out.csv");
        File.WriteAllText(bad, "k,v\na,1\nb\nc,3\n");
        string message = Hyper.AssertBadInput("frame", "groupby", bad, "--by", "k", "--agg", "sum(v)", "-o", result);
        Assert.Contains("line 3", message, StringComparison.Ordinal);
        Assert.False(File.Exists(result));
        Hyper.AssertBadInput("frame", "groupby", _dir.File("none.csv"), "--by", "k", "--agg", "sum(v)");
        File.WriteAllText(_dir.File("ok.csv"), "k,v\na,1\n");
        Assert.Contains("nope", Hyper.AssertBadInput("frame", "groupby", _dir.File("ok.csv"), "--by", "nope", "--agg", "sum(v)"), StringComparison.Ordinal);
        Assert.Contains("avg", Hyper.AssertBadInput("frame", "groupby", _dir.File("ok.csv"), "--by", "k", "--agg", "avg(v)"), StringComparison.Ordinal);
        Hyper.AssertBadInput("frame", "join", _dir.File("ok.csv"), _dir.File("ok.csv"), "--on", "v", "--how", "sideways");
    }

    [Fact]
    public void Bench_MdaPeer_AgreesWhereItCanAndSaysWhereItCannot()
    {
        Hyper.Outcome g = Hyper.Run("frame", "bench", "groupby", "--rows", "5000", "--k", "10", "--peers", "mda", "--threads", "1");
        Assert.True(g.ExitCode == 0, g.Stdout + g.Stderr);
        Assert.Contains("n/a q2 mda: cannot express it (no multi-column group-by)", g.Stdout, StringComparison.Ordinal);
        Assert.Contains("mda ", g.Stdout[g.Stdout.LastIndexOf("load (CSV", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.DoesNotContain("✗", g.Stdout, StringComparison.Ordinal);
        Hyper.Outcome j = Hyper.Run("frame", "bench", "join", "--rows", "20000", "--peers", "mda", "--threads", "1");
        Assert.True(j.ExitCode == 0, j.Stdout + j.Stderr);
        Assert.DoesNotContain("✗", j.Stdout, StringComparison.Ordinal);
    }
}
