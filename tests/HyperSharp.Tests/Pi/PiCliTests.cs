using System.Text.Json;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Pi;

/// <summary><c>hyper run pi</c>, <c>hyper __worker pi</c> and <c>hyper bench pi</c> as a user (or a parent) runs them.</summary>
public sealed class PiCliTests
{
    [Fact]
    public void RunJson_Processes_VerifiedWithTheStreamsHits()
    {
        JsonElement root = Hyper.RunJson("pi", "samples/s",
            "run", "pi", "--rung", "processes", "--samples", "1000003", "--seed", "42", "--threads", "2", "--json");
        Assert.Equal(785_601, root.GetProperty("checksum").GetDouble());
    }

    [Fact]
    public void Worker_PrintsTheHitsOfItsBlocks()
    {
        Hyper.Outcome o = Hyper.Run("__worker", "pi", "--samples", "1000003", "--seed", "42", "--first-block", "0", "--end-block", "16");
        Assert.Equal(0, o.ExitCode);
        Assert.Equal("785601", o.Stdout.Trim());
    }

    [Theory]
    [InlineData("--samples", "0")]
    [InlineData("--samples", "-3")]
    [InlineData("--samples", "99999999999999999")]
    [InlineData("--seed", "-1")]
    [InlineData("--rung", "nope")]
    [InlineData("--threads", "0")]
    public void Run_BadInput_OneLineErrorAndExitCode2(string option, string value)
    {
        Hyper.AssertRejects(["run", "pi", "--rung", "simd", "--samples", "100", "--seed", "1", "--threads", "1", "--json"], option, value);
    }

    [Fact]
    public void Run_PerTaskOverAMillion_OneLineErrorAndExitCode2()
    {
        Hyper.Outcome o = Hyper.Run("run", "pi", "--rung", "pertask", "--samples", "2000000");
        Assert.Equal(2, o.ExitCode);
        Assert.Equal("", o.Stdout.Trim());
        string last = o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("hyper: error: pertask", last);
    }

    [Fact]
    public void Bench_SkipsPerTaskAboveItsLimitAndVerifiesEveryRung()
    {
        using var temp = new TempDirectory();
        string json = temp.File("pi.json");
        Hyper.Outcome o = Hyper.Run("bench", "pi", "--rungs", "pertask,simd,threads", "--samples", "1000,2000000", "--threads", "2", "--json", json);
        Assert.Equal(0, o.ExitCode);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        JsonElement[] results = [.. doc.RootElement.GetProperty("results").EnumerateArray()];
        // pertask runs at 1000 samples and is a skipped row at 2·10⁶: it refuses more than 10⁶.
        Assert.Equal(["pertask", "simd", "threads", "pertask", "simd", "threads"], results.Select(r => r.GetProperty("rung").GetString()));
        JsonElement skipped = results[3];
        Assert.True(skipped.GetProperty("skipped").GetBoolean());
        Assert.All(results.Where(r => !r.TryGetProperty("skipped", out _)), r => Assert.True(r.GetProperty("verified").GetBoolean()));
    }
}
