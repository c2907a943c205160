using System.Text.Json;
using HyperSharp.Harness;
using HyperSharp.Harness.Table;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Tables;

/// <summary>
/// <c>hyper table</c>: every cell of the magic table is planned on a rung that exists (or says why none does), a cell's
/// speed-up, interval and verdict follow from the two runs, disagreements with the talk are marked in the text, the
/// HTML and the image; <c>--quick</c> on one column runs end to end. Never a timing: the figures are not judged.
/// </summary>
public sealed class MagicTableTests
{
    [Fact]
    public void Plan_CoversEveryRowAndColumn_WithRungsThatExist()
    {
        IReadOnlyList<CellPlan> plan = MagicTable.Plan();
        Assert.Equal(MagicTable.Rows.Count * MagicTable.Columns.Count, plan.Count);
        foreach ((string row, _) in MagicTable.Rows)
            foreach ((string column, _) in MagicTable.Columns)
                Assert.Single(plan, p => p.Row == row && p.Column == column);
        foreach (CellPlan p in plan)
        {
            if (p.System is null)
            {
                Assert.False(string.IsNullOrWhiteSpace(p.Why), $"{p.Row} × {p.Column}: no system and no reason");
                continue;
            }
            HyperSharp.Ladder.IRung rung = Catalog.Find(p.System).Find(p.Rung!); // throws for a rung that does not exist
            Assert.NotEqual(HyperSharp.Ladder.RungKind.Reference, rung.Kind);
            foreach (bool quick in new[] { true, false })
            {
                // Every option of the table's specs is one of the system's, with a value it takes.
                IReadOnlyList<string> spec = MagicTable.SpecOf(p.System, quick);
                Assert.True(spec.Count > 0 && spec.Count % 2 == 0);
                for (int i = 0; i < spec.Count; i += 2)
                {
                    HyperSharp.Ladder.SpecParameter parameter = Catalog.Find(p.System).Parameters.Single(x => x.Option == spec[i]);
                    parameter.Check(parameter.Parse(spec[i + 1]));
                }
            }
        }
    }

    private static RunResult Run(double median, double min, double max, long peak) =>
        new() { System = "s", Rung = "r", Seconds = median, MinSeconds = min, MaxSeconds = max, PeakWorkingSetBytes = peak, Verified = true };

    [Fact]
    public void Cell_SpeedupIntervalMemory_AndTheVerdictAgainstTheTalk()
    {
        var plan = new CellPlan("threads", "cpu", "particles", "threads");
        TableCell fast = MagicTable.Cell(plan, Claim.NoHelp, Run(4, 3.8, 4.4, 100), Run(1, 0.9, 1.1, 150));
        Assert.Equal(4, fast.Speedup);
        Assert.Equal(3.8 / 1.1, fast.Low!.Value, 12);
        Assert.Equal(4.4 / 0.9, fast.High!.Value, 12);
        Assert.Equal(1.5, fast.MemoryMultiple);
        Assert.Equal(Measured.Helps, fast.Measured);
        Assert.True(fast.Disagrees); // the talk: threads do not help the CPU (the GIL); here they do

        TableCell same = MagicTable.Cell(plan, Claim.Helps, Run(1, 0.95, 1.05, 100), Run(1, 0.95, 1.05, 100));
        Assert.Equal(Measured.NoHelp, same.Measured);
        Assert.True(same.Disagrees);

        TableCell unclear = MagicTable.Cell(plan, Claim.Helps, Run(1.3, 1, 1.6, 100), Run(1, 0.9, 1.1, 100));
        Assert.Equal(Measured.Some, unclear.Measured);
        Assert.False(unclear.Disagrees);

        TableCell failed = MagicTable.Cell(plan, Claim.Helps, Run(1, 1, 1, 1), Run(1, 1, 1, 1) with { Verified = false });
        Assert.Null(failed.Speedup);
        Assert.Equal(Measured.None, failed.Measured);
        Assert.False(failed.Disagrees);
        Assert.Contains("differs", failed.Note);
    }

    [Fact]
    public void Claims_AreTheTalksRows_SimdAndGpuHaveNone()
    {
        Assert.Equal(Claim.Helps, MagicTable.ClaimOf("async", "network"));
        Assert.Equal(Claim.NoHelp, MagicTable.ClaimOf("threads", "cpu"));
        Assert.Equal(Claim.Helps, MagicTable.ClaimOf("processes", "cpu"));
        Assert.All(MagicTable.Columns, c => Assert.Equal(Claim.None, MagicTable.ClaimOf("simd", c.Key)));
        Assert.All(MagicTable.Columns, c => Assert.Equal(Claim.None, MagicTable.ClaimOf("gpu", c.Key)));
    }

    [Fact]
    public void Render_MarksDisagreements_InTextHtmlAndPng()
    {
        var plan = new CellPlan("threads", "cpu", "particles", "threads");
        MagicTableResult table = new(
            [
                MagicTable.Cell(plan, Claim.NoHelp, Run(4, 3.8, 4.4, 100), Run(1, 0.9, 1.1, 150)),
                new TableCell("gpu", "disk", null, null, null, null, null, null, "no GPU rung reads files", Claim.None),
            ], MachineInfo.Current(probeGpu: false), Quick: true, DateTimeOffset.UtcNow);
        string text = MagicTableRender.Text(table);
        Assert.Contains("≠ DISAGREES", text);
        Assert.Contains("1 cell disagrees", text);
        byte[] png = MagicTableRender.Png(table);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        string html = MagicTableRender.Html(table, png);
        Assert.Contains("class=\"disagrees\"", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("no GPU rung reads files", html);
        Assert.Contains("talk: no help ≠", html);
        Assert.DoesNotContain("<script", html);
        JsonElement cell = JsonDocument.Parse(MagicTableRender.Json(table)).RootElement.GetProperty("cells")[0];
        Assert.True(cell.GetProperty("disagrees").GetBoolean());
        Assert.Equal("helps", cell.GetProperty("measured").GetString());
        Assert.Equal("no help", cell.GetProperty("talk").GetString());
    }

    [Fact]
    public void Quick_NetworkColumn_RunsEndToEnd_AndWritesThePngAndThePage()
    {
        using var dir = new TempDirectory();
        Hyper.Outcome o = Hyper.Run("table", "--quick", "--columns", "network", "--json", "-o", dir.Path);
        Assert.True(o.ExitCode == 0, o.Stderr);
        JsonElement root = JsonDocument.Parse(o.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.True(root.GetProperty("quick").GetBoolean());
        JsonElement[] cells = [.. root.GetProperty("cells").EnumerateArray()];
        Assert.Equal(MagicTable.Rows.Count, cells.Length);
        Assert.All(cells, c => Assert.Equal("network", c.GetProperty("column").GetString()));
        foreach (string row in new[] { "threads", "async" })
        {
            JsonElement c = cells.Single(x => x.GetProperty("row").GetString() == row);
            Assert.Equal("crawl", c.GetProperty("system").GetString());
            Assert.True(c.GetProperty("speedup").GetDouble() > 0, c.ToString());
            Assert.True(c.GetProperty("low").GetDouble() <= c.GetProperty("high").GetDouble(), c.ToString());
        }
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(dir.Path, "table.png"))[..4]);
        Assert.Contains("The magic table, measured", File.ReadAllText(Path.Combine(dir.Path, "table.html")));
    }

    [Fact]
    public void BadInput_OneLineExit2()
    {
        Hyper.AssertBadInput("table", "--columns", "gpu");
    }
}
