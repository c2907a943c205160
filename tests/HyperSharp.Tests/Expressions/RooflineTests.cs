using HyperSharp.Harness;
using HyperSharp.Harness.Report;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Expressions;

/// <summary><c>hyper roofline</c>: a real bench's rows placed under its measured roofs, and bad files refused in one line.</summary>
public sealed class RooflineTests
{
    [Fact]
    public void Roofline_OfABench_PlacesEveryVerifiedRowAndWritesAPng()
    {
        using var dir = new TempDirectory();
        string json = dir.File("expr.json"), png = dir.File("roofline.png");
        Hyper.Outcome bench = Hyper.Run("bench", "expr", "--ns", "1000", "--rungs", "fused,fused-simd", "--json", json);
        Assert.Equal(0, bench.ExitCode);

        List<BenchFile> benches = Roofline.Load([json]);
        IReadOnlyList<RooflinePoint> points = Roofline.Points(benches);
        // The two rungs asked for (verified), at the default expression's 6 flops over 32 bytes.
        Assert.Equal(["fused ×1 float64", "fused-simd ×1 float64"], points.Select(p => p.Label).Order());
        Assert.All(points, p => Assert.Equal(6.0 / 32, p.Intensity));
        BenchFile b = benches[0];
        Assert.All(points, p => Assert.Equal(b.Results.First(r => $"{r.Rung} ×{r.Threads} float64" == p.Label).Throughput * 6, p.FlopsPerSecond, 1e-9));
        Assert.NotNull(Roofline.Limits(benches).All);

        Hyper.Outcome o = Hyper.Run("roofline", json, "-o", png);
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("expr: 2 rows at 0.188 flop/byte", o.Stdout);
        byte[] bytes = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }

    [Fact]
    public void Roofline_BadFiles_OneLineAndNoOutput()
    {
        using var dir = new TempDirectory();
        string png = dir.File("r.png"), junk = dir.File("junk.json");
        File.WriteAllText(junk, "{\"hello\": 1}");
        foreach (string file in new[] { dir.File("missing.json"), junk })
        {
            Hyper.Outcome o = Hyper.Run("roofline", file, "-o", png);
            Assert.Equal(2, o.ExitCode);
            Assert.StartsWith("hyper: error: ", o.Stderr.Trim());
            Assert.Single(o.Stderr.Trim().Split('\n'));
            Assert.False(File.Exists(png));
        }
    }
}
