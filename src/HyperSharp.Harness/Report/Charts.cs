using ScottPlot;

namespace HyperSharp.Harness.Report;

/// <summary>The report's two charts per system, as PNG bytes (ScottPlot; fonts from fonts-dejavu-core on Linux).</summary>
public static class Charts
{
    private const int Width = 900;

    /// <summary>Throughput of every rung and peer at one size, fastest on top, with the value on each bar.</summary>
    public static byte[] ThroughputPerRung(BenchFile bench, double size)
    {
        var rows = bench.Results
            .Where(r => BenchTable.Ranked(r) && BenchTable.AxisValue(r, bench.SizeName) == size)
            .OrderBy(r => r.Throughput)
            .ToList();
        var plot = new Plot();
        var bars = rows.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.Throughput,
            FillColor = r.Kind == "peer" ? Colors.Gray : Colors.SteelBlue,
            Label = Units.Si(r.Throughput),
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(
            Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray(),
            rows.Select(r => $"{r.Rung} ×{r.Threads}").ToArray());
        plot.Axes.Margins(left: 0, right: 0.15);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Units.Si };
        plot.Title($"{bench.System}: throughput at {bench.SizeName} {size:N0} (blue: HyperSharp, grey: peers)");
        plot.XLabel($"{bench.Unit} — {MachineLabel(bench)}");
        return plot.GetImageBytes(Width, Math.Max(260, 60 + 28 * rows.Count), ImageFormat.Png);
    }

    /// <summary>Throughput against size for every rung and peer, both axes logarithmic.</summary>
    public static byte[] ThroughputAgainstSize(BenchFile bench)
    {
        var plot = new Plot();
        foreach (var group in bench.Results.Where(r => BenchTable.Ranked(r) && r.Throughput > 0)
                     .GroupBy(r => $"{r.Rung} ×{r.Threads}"))
        {
            var points = group.Select(r => (X: BenchTable.AxisValue(r, bench.SizeName), Y: r.Throughput))
                .Where(p => p.X > 0).OrderBy(p => p.X).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => Math.Log10(p.X)).ToArray(), points.Select(p => Math.Log10(p.Y)).ToArray());
            line.LegendText = group.Key;
            line.LinePattern = group.First().Kind == "peer" ? LinePattern.Dashed : LinePattern.Solid;
        }
        plot.Axes.Bottom.TickGenerator = LogTicks(v => $"{Math.Pow(10, v):N0}");
        plot.Axes.Left.TickGenerator = LogTicks(v => Units.Si(Math.Pow(10, v)));
        plot.Title($"{bench.System}: throughput against {bench.SizeName}");
        plot.XLabel($"{bench.SizeName} (log) — {MachineLabel(bench)}");
        plot.YLabel($"{bench.Unit} (log)");
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 10;
        return plot.GetImageBytes(Width, 520, ImageFormat.Png);
    }

    /// <summary>Which machine the chart was measured on, so a chart copied out of the report still says it.</summary>
    private static string MachineLabel(BenchFile bench) => $"{bench.Machine.Cpu}, {bench.Machine.LogicalCores} cores, {bench.Machine.Runtime}";

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks(Func<double, string> label) => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = label,
    };
}
