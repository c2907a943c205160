using System.Text.Json;

namespace HyperSharp.Tests.Cli;

/// <summary>The diffusion commands as a user types them: JSON, one-line errors, PNG and HTML written whole.</summary>
public sealed class DiffusionCliTests
{
    [Fact]
    public void RunJson_PrintsOneVerifiedResultObject()
    {
        JsonElement root = Hyper.RunJson("diffusion", "cell-updates/s",
            "run", "diffusion", "--rung", "threads", "--size", "65", "--steps", "30", "--threads", "2", "--json");
        Assert.Equal(65 * 65 * 30, root.GetProperty("work").GetDouble());
        Assert.Equal(65, root.GetProperty("spec").GetProperty("size").GetDouble());
    }

    [Theory]
    [InlineData("--size", "0")]
    [InlineData("--size", "-3")]
    [InlineData("--size", "100000")]
    [InlineData("--size", "5000000000")]
    [InlineData("--steps", "0")]
    [InlineData("--dims", "3")]
    [InlineData("--rung", "nope")]
    [InlineData("--threads", "0")]
    public void Run_BadInput_OneLineErrorAndNonZeroExit(string option, string value)
    {
        Hyper.AssertRejects(["run", "diffusion", "--rung", "simd", "--size", "16", "--steps", "3", "--dims", "2", "--threads", "1", "--json"], option, value);
    }

    [Fact]
    public void Bench_PrintsTheTableAndBandwidthAgainstStream()
    {
        using var temp = new TempDirectory();
        string json = temp.File("bench.json");
        Hyper.Outcome o = Hyper.Run("bench", "diffusion", "--rungs", "reference,simd", "--sizes", "16,33", "--steps", "5",
            "--threads", "1", "--json", json);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("of STREAM", o.Stdout);
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
        Assert.Equal(4, doc.RootElement.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public void Render_WritesAPng_AndBadSizeWritesNothing()
    {
        using var temp = new TempDirectory();
        string png = temp.File("heat.png");
        Hyper.Outcome o = Hyper.Run("diffusion", "render", "--size", "64", "--steps", "50", "-o", png);
        Assert.Equal(0, o.ExitCode);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(png)[..4]);

        Hyper.Outcome bad = Hyper.Run("diffusion", "render", "--size", "0", "-o", temp.File("bad.png"));
        Assert.Equal(2, bad.ExitCode);
        Assert.False(File.Exists(temp.File("bad.png")));
    }

    [Fact]
    public void Animate_WritesAPage_AndTooManyFramesWritesNothing()
    {
        using var temp = new TempDirectory();
        string page = temp.File("heat.html");
        Hyper.Outcome o = Hyper.Run("diffusion", "animate", "--size", "40", "--steps", "100", "--frames", "10", "-o", page);
        Assert.Equal(0, o.ExitCode);
        string html = File.ReadAllText(page);
        Assert.Contains("<canvas", html);
        Assert.DoesNotContain("{{", html);

        Hyper.Outcome bad = Hyper.Run("diffusion", "animate", "--size", "40", "--frames", "100000", "-o", temp.File("big.html"));
        Assert.Equal(2, bad.ExitCode);
        Assert.False(File.Exists(temp.File("big.html")));
    }

    [Fact]
    public void MachineBandwidth_PrintsCopyAndTriad()
    {
        Hyper.Outcome o = Hyper.Run("machine", "bandwidth", "--threads", "1");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("triad", o.Stdout);
    }
}
