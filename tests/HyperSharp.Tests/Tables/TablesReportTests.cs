using HyperSharp.Harness;
using HyperSharp.Harness.Report;
using HyperSharp.Harness.Tables;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Tables;

/// <summary>The collections tables inside <c>hyper report</c>: saved in its JSON, rendered from it.</summary>
public sealed class TablesReportTests
{
    private static CollectionsTables Small() =>
        CollectionsTables.Measure(new TablesSettings([100, 200], MeasureOptions.Quick, CPython: false, PrimeSeconds: 0));

    [Fact]
    public void ReportFrom_RendersTheTablesOfItsJson()
    {
        var report = new ReportFile
        {
            Created = DateTimeOffset.UtcNow, Machine = MachineInfo.Current(probeGpu: false), Benches = [], Collections = Small(),
        };
        ReportFile loaded = ReportFile.FromJson(report.ToJson());
        Assert.NotNull(loaded.Collections);
        Assert.Equal(report.Collections!.Operations.Count, loaded.Collections.Operations.Count);
        Assert.Equal(report.Collections.Operations[1].DotNet[0].Points[1].Micros, loaded.Collections.Operations[1].DotNet[0].Points[1].Micros);

        using var temp = new TempDirectory();
        string json = temp.File("saved.json"), page = temp.File("page.html");
        File.WriteAllText(json, report.ToJson());
        Hyper.Outcome o = Hyper.Run("report", "--from", json, "-o", page);
        Assert.True(o.ExitCode == 0, o.Stderr);
        string html = File.ReadAllText(page);
        Assert.Contains("The books' collection tables", html);
        Assert.Contains("Deque&lt;int&gt;.PopFront()", html);
        Assert.Contains("HashCode.Combine(X, Y)", html);
    }

    [Fact]
    public void AnOlderReport_WithoutTables_StillRenders()
    {
        var report = new ReportFile { Created = DateTimeOffset.UtcNow, Machine = MachineInfo.Current(probeGpu: false), Benches = [] };
        Assert.DoesNotContain("collection tables", HtmlReport.Render(ReportFile.FromJson(report.ToJson())));
    }
}
