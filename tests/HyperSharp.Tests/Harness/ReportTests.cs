using HyperSharp.Harness;
using HyperSharp.Harness.Report;
using HyperSharp.Ladder;
using HyperSharp.Particles;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Harness;

public sealed class ReportTests
{
    /// <summary>A small real bench, measured in-process: two sizes, three rungs.</summary>
    private static ReportFile SmallReport()
    {
        ParticlesLadder ladder = Catalog.Particles;
        var results = new List<RunResult>();
        foreach (int count in new[] { 100, 400 })
            foreach (string rung in new[] { "reference", "simd", "threads" })
                results.Add(LadderRunner.Run(ladder, ladder.Find(rung), new ParticleSpec(count, 0.002), RunContext.Default, MeasureOptions.Quick));
        MachineInfo machine = MachineInfo.Current(probeGpu: false);
        var bench = new BenchFile
        {
            Created = DateTimeOffset.UtcNow, Machine = machine, System = ladder.Name, Title = ladder.Title,
            Unit = ladder.Unit, SizeName = "count", Results = results,
        };
        return new ReportFile { Created = DateTimeOffset.UtcNow, Machine = machine, Benches = [bench] };
    }

    [Fact]
    public void Render_HasMachineTableAndBothCharts()
    {
        string html = HtmlReport.Render(SmallReport());
        Assert.Contains("<h2>Machine</h2>", html);
        Assert.Contains("<h2>particles</h2>", html);
        Assert.Equal(2, html.Split("data:image/png;base64,").Length - 1);
        Assert.Contains("is the reference", html);
        Assert.Contains("vs reference", html);
    }

    [Fact]
    public void ReportFrom_RendersSavedJsonToAPage()
    {
        using var temp = new TempDirectory();
        string json = temp.File("saved.json"), page = temp.File("page.html");
        File.WriteAllText(json, SmallReport().ToJson());
        Hyper.Outcome o = Hyper.Run("report", "--from", json, "-o", page);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("<img", File.ReadAllText(page));

        File.WriteAllText(json, "{ not json");
        Hyper.Outcome bad = Hyper.Run("report", "--from", json, "-o", temp.File("bad.html"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.False(File.Exists(temp.File("bad.html")));
        Assert.Single(bad.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
