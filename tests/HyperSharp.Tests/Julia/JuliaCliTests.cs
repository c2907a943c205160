using System.Text.Json;
using HyperSharp.Harness;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Julia;

/// <summary><c>hyper run julia</c>, <c>hyper bench julia</c> and <c>hyper julia render</c> as a user runs them.</summary>
public sealed class JuliaCliTests
{
    [Fact]
    public void RunJson_BookCase_PrintsTheBooksChecksumAsWork()
    {
        JsonElement root = Hyper.RunJson("julia", "iterations/s",
            "run", "julia", "--rung", "threads", "--width", "1000", "--maxiter", "300", "--threads", "2", "--json");
        Assert.Equal(33_219_980, root.GetProperty("checksum").GetDouble());
        Assert.Equal(33_219_980, root.GetProperty("work").GetDouble());
        Assert.True(root.GetProperty("verified").GetBoolean());
    }

    [Theory]
    [InlineData("--width", "0")]
    [InlineData("--width", "-3")]
    [InlineData("--width", "100000")]
    [InlineData("--width", "5000000000")]
    [InlineData("--maxiter", "0")]
    [InlineData("--maxiter", "-1")]
    [InlineData("--rung", "nope")]
    [InlineData("--threads", "0")]
    public void Run_BadInput_OneLineErrorAndExitCode2(string option, string value)
    {
        Hyper.AssertRejects(["run", "julia", "--rung", "simd", "--width", "50", "--maxiter", "30", "--threads", "1", "--json"], option, value);
    }

    [Fact]
    public void Render_WritesAPngOfTheGrid_AndRejectsBadSizes()
    {
        using var temp = new TempDirectory();
        string png = temp.File("julia.png");
        Hyper.Outcome o = Hyper.Run("julia", "render", "--width", "17", "--maxiter", "50", "-o", png);
        Assert.True(o.ExitCode == 0, o.Stderr);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        // IHDR: width and height, big-endian, at bytes 16..23; width 17 gives the book's 18 points.
        Assert.Equal(18, (bytes[16] << 24) | (bytes[17] << 16) | (bytes[18] << 8) | bytes[19]);
        Assert.Equal(18, (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23]);
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));

        foreach (string[] bad in new[] { new[] { "--width", "0" }, ["--width", "100000"], ["--maxiter", "0"] })
        {
            string path = temp.File("bad.png");
            Hyper.Outcome b = Hyper.Run(["julia", "render", "--width", "10", "--maxiter", "10", .. bad, "-o", path]);
            Assert.Equal(2, b.ExitCode);
            Assert.StartsWith("hyper: error:", b.Stderr.Trim());
            Assert.False(File.Exists(path));
        }
    }

    [Fact]
    public void Bench_WritesEveryRequestedRungVerified()
    {
        using var temp = new TempDirectory();
        string json = temp.File("bench.json");
        Hyper.Outcome o = Hyper.Run("bench", "julia", "--rungs", "reference,simd,threads", "--widths", "33,100",
            "--maxiter", "50", "--threads", "1,2", "--json", json);
        Assert.True(o.ExitCode == 0, o.Stderr);
        BenchFile bench = BenchFile.FromJson(File.ReadAllText(json));
        Assert.Equal(8, bench.Results.Count);
        Assert.All(bench.Results, r => Assert.True(r.Verified, $"{r.Rung}: {r.Error}"));
    }

    [Fact]
    public void Bench_BadWidths_FailsBeforeRunningAnything()
    {
        using var temp = new TempDirectory();
        string json = temp.File("bench.json");
        Hyper.Outcome o = Hyper.Run("bench", "julia", "--widths", "100,99999", "--json", json);
        Assert.Equal(2, o.ExitCode);
        Assert.False(File.Exists(json));
    }
}
