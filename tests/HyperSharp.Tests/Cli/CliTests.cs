using System.Text.Json;
using HyperSharp.Harness;

namespace HyperSharp.Tests.Cli;

/// <summary>The command line as a user types it: exit codes, JSON on stdout, one-line errors, files written whole.</summary>
public sealed class CliTests
{
    [Fact]
    public void List_ShowsEveryParticleRung()
    {
        Hyper.Outcome o = Hyper.Run("list");
        Assert.Equal(0, o.ExitCode);
        foreach (string rung in new[] { "reference", "soa", "simd", "threads", "fastmath", "gpu" })
            Assert.Contains(rung, o.Stdout);
    }

    [Fact]
    public void RunJson_PrintsOneVerifiedResultObject()
    {
        JsonElement root = Hyper.RunJson("particles", "particle-steps/s",
            "run", "particles", "--rung", "threads", "--count", "500", "--time", "0.01", "--threads", "2", "--json");
        Assert.Equal("threads", root.GetProperty("rung").GetString());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        double seconds = root.GetProperty("seconds").GetDouble();
        Assert.InRange(seconds, root.GetProperty("min_seconds").GetDouble(), root.GetProperty("max_seconds").GetDouble());
        Assert.Equal(500 * 999 / seconds, root.GetProperty("throughput").GetDouble(), 3);
        Assert.True(root.TryGetProperty("checksum", out _));
    }

    [Theory]
    [InlineData("--count", "0")]
    [InlineData("--count", "-3")]
    [InlineData("--count", "5000000000")]
    [InlineData("--count", "2000000000")]
    [InlineData("--time", "NaN")]
    [InlineData("--time", "-1")]
    [InlineData("--rung", "nope")]
    [InlineData("--threads", "0")]
    public void Run_BadInput_OneLineErrorAndNonZeroExit(string option, string value)
    {
        Hyper.AssertRejects(["run", "particles", "--rung", "simd", "--count", "100", "--time", "0.01", "--threads", "1", "--json"], option, value);
    }

    [Fact]
    public void Bench_WritesTableAndJsonWithEveryRequestedRung()
    {
        using var temp = new TempDirectory();
        string json = temp.File("bench.json");
        Hyper.Outcome o = Hyper.Run("bench", "particles", "--rungs", "reference,simd,threads", "--counts", "64,300",
            "--time", "0.005", "--threads", "1,2", "--json", json);
        Assert.True(o.ExitCode == 0, o.Stderr);
        BenchFile bench = BenchFile.FromJson(File.ReadAllText(json));
        Assert.Equal(BenchFile.SchemaId, bench.Schema);
        // reference and simd once per count, threads at 1 and 2 threads: 4 results per count.
        Assert.Equal(8, bench.Results.Count);
        Assert.All(bench.Results, r => Assert.True(r.Verified, $"{r.Rung}: {r.Error}"));
        Assert.Contains("vs reference", o.Stdout);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void Bench_BadCounts_FailsBeforeRunningAnything()
    {
        using var temp = new TempDirectory();
        string json = temp.File("bench.json");
        Hyper.Outcome o = Hyper.Run("bench", "particles", "--counts", "100,-1", "--json", json);
        Assert.Equal(2, o.ExitCode);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void Animate_WritesASelfContainedPage()
    {
        using var temp = new TempDirectory();
        string page = temp.File("particles.html");
        Hyper.Outcome o = Hyper.Run("particles", "animate", "--count", "50", "--time", "0.01", "--frames", "20", "-o", page);
        Assert.True(o.ExitCode == 0, o.Stderr);
        string html = File.ReadAllText(page);
        Assert.Contains("<canvas", html);
        Assert.DoesNotContain("{{", html);
        Assert.DoesNotContain("src=\"http", html);

        Hyper.Outcome bad = Hyper.Run("particles", "animate", "--count", "1000000", "--frames", "100", "-o", temp.File("big.html"));
        Assert.Equal(2, bad.ExitCode);
        Assert.False(File.Exists(temp.File("big.html")));
    }
}
