using HyperSharp.Ladder;
using ScottPlot;

namespace HyperSharp.Harness.Report;

/// <summary>One measured row on the roofline: its system, label, arithmetic intensity and attained flop rate.</summary>
/// <param name="System">The system (norm, expr, …).</param>
/// <param name="Label">The rung or peer and its threads.</param>
/// <param name="Intensity">Flops per byte of the system's work as counted (∞ where no memory traffic is counted).</param>
/// <param name="FlopsPerSecond">Throughput × flops per unit.</param>
/// <param name="IsPeer">A C or Python peer, not a HyperSharp rung.</param>
public sealed record RooflinePoint(string System, string Label, double Intensity, double FlopsPerSecond, bool IsPeer);

/// <summary>
/// The roofline (Williams, Waterman and Patterson): every verified CPU row of every system that counts its work
/// (<see cref="HyperSharp.Ladder.WorkCost"/>), at its largest size, as attained flop/s against arithmetic intensity
/// (flops per byte moved), under the machine's two roofs measured in the same run: memory bandwidth × intensity
/// (STREAM) and the FMA peak. GPU rows are left out: their roofs are the device's.
/// </summary>
public static class Roofline
{
    /// <summary>The intensity axis: 1/32 to 128 flops per byte; rows that count no bytes sit at the right edge.</summary>
    public const double MinIntensity = 1.0 / 32, MaxIntensity = 128;

    /// <summary>The rows of <paramref name="benches"/> placed on the roofline.</summary>
    public static IReadOnlyList<RooflinePoint> Points(IEnumerable<BenchFile> benches) =>
        benches.Where(b => b.Cost is { FlopsPerUnit: > 0 }).SelectMany(b =>
        {
            var rows = b.Results.Where(r => BenchTable.Ranked(r) && r.Throughput > 0 && r.Device is null).ToList();
            double largest = rows.Count == 0 ? 0 : rows.Max(r => BenchTable.AxisValue(r, b.SizeName));
            return rows.Where(r => BenchTable.AxisValue(r, b.SizeName) == largest)
                .GroupBy(r => (r.Rung, r.Threads, Variant: Variant(b, r)))
                .Select(g =>
                {
                    RunResult r = g.MaxBy(r => r.Throughput)!;
                    // A placed row carries its own spec's cost (an expression's arrays, float32's width); else the bench's.
                    WorkCost cost = r.Limit?.Cost ?? b.Cost!;
                    return new RooflinePoint(b.System, $"{r.Rung} ×{r.Threads}{(g.Key.Variant.Length > 0 ? $" {g.Key.Variant}" : "")}",
                        cost.BytesPerUnit > 0 ? cost.FlopsPerUnit / cost.BytesPerUnit : double.PositiveInfinity,
                        r.Throughput * cost.FlopsPerUnit, r.Kind == "peer");
                });
        }).ToList();

    // The element type, and the spec values beyond the size axis and the seed that differ between the bench's rows.
    private static string Variant(BenchFile b, RunResult r) => r.Spec is null ? "" : string.Join(" ",
        r.Spec.Where(p => p.Key == "dtype" || p.Key != b.SizeName && p.Key != "seed"
                && b.Results.Any(o => o.Spec is { } os && os.TryGetValue(p.Key, out var v) && !v.Equals(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToString()));

    /// <summary>The machine's limits at the most threads any bench measured, and at one thread.</summary>
    public static (MachineLimit? All, MachineLimit? One) Limits(IEnumerable<BenchFile> benches)
    {
        var limits = benches.SelectMany(b => b.Limits ?? []).ToList();
        return (limits.MaxBy(l => l.Threads), limits.Where(l => l.Threads == 1).MaxBy(l => l.FmaFlopsPerSecond));
    }

    /// <summary>The chart as PNG bytes; a one-line <see cref="HyperSharp.Ladder.SpecException"/> when there is nothing to place.</summary>
    public static byte[] Chart(IReadOnlyList<BenchFile> benches)
    {
        IReadOnlyList<RooflinePoint> points = Points(benches);
        (MachineLimit? all, MachineLimit? one) = Limits(benches);
        if (points.Count == 0 || all is null)
            throw new HyperSharp.Ladder.SpecException("nothing to place on a roofline: no verified rows of a system that counts its work, or no measured limits (bench with the limits measured)");
        var plot = new Plot();
        Roof(plot, all, $"roof, {all.Threads} threads: {Units.Si(all.StreamBytesPerSecond)}B/s × intensity, {Units.Si(all.FmaFlopsPerSecond)}FLOP/s", LinePattern.Solid);
        if (one is not null && one.Threads != all.Threads)
            Roof(plot, one, $"roof, 1 thread: {Units.Si(one.StreamBytesPerSecond)}B/s, {Units.Si(one.FmaFlopsPerSecond)}FLOP/s", LinePattern.Dashed);

        var palette = new ScottPlot.Palettes.Category10();
        string[] systems = points.Select(p => p.System).Distinct().ToArray();
        for (int s = 0; s < systems.Length; s++)
        {
            var mine = points.Where(p => p.System == systems[s]).ToList();
            double[] xs = mine.Select(p => Math.Log10(Math.Min(p.Intensity, MaxIntensity))).ToArray();
            Color color = palette.GetColor(s);
            var marks = plot.Add.Scatter(xs, mine.Select(p => Math.Log10(p.FlopsPerSecond)).ToArray());
            marks.LineWidth = 0;
            marks.MarkerSize = 8;
            marks.Color = color;
            marks.LegendText = mine.All(p => double.IsInfinity(p.Intensity)) ? $"{systems[s]} (no bytes counted: right edge)" : systems[s];
            for (int i = 0; i < mine.Count; i++)
            {
                var text = plot.Add.Text(mine[i].Label, xs[i], Math.Log10(mine[i].FlopsPerSecond));
                text.LabelFontSize = 9;
                text.LabelFontColor = mine[i].IsPeer ? Colors.Gray : color;
                text.LabelOffsetX = 6;
            }
        }
        plot.Axes.Bottom.TickGenerator = LogTicks(v => Math.Pow(10, v).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Left.TickGenerator = LogTicks(v => Units.Si(Math.Pow(10, v)));
        plot.Axes.SetLimitsX(Math.Log10(MinIntensity), Math.Log10(MaxIntensity) + 0.6);
        plot.Title("Roofline: every verified CPU row at its largest size (grey labels: peers)");
        BenchFile first = benches[0];
        plot.XLabel($"arithmetic intensity, flop/byte (log) — {first.Machine.Cpu}, {first.Machine.LogicalCores} cores");
        plot.YLabel("attained FLOP/s (log; float32 rows may pass the FP64 roof)");
        plot.ShowLegend(Edge.Right);
        plot.Legend.FontSize = 10;
        return plot.GetImageBytes(1100, 640, ImageFormat.Png);
    }

    private static void Roof(Plot plot, MachineLimit limit, string legend, LinePattern pattern)
    {
        double ridge = limit.FmaFlopsPerSecond / limit.StreamBytesPerSecond;
        double[] xs = [MinIntensity, Math.Clamp(ridge, MinIntensity, MaxIntensity), MaxIntensity];
        var roof = plot.Add.Scatter(xs.Select(Math.Log10).ToArray(),
            xs.Select(x => Math.Log10(Math.Min(limit.FmaFlopsPerSecond, limit.StreamBytesPerSecond * x))).ToArray());
        roof.MarkerSize = 0;
        roof.LineWidth = 2;
        roof.Color = Colors.Black;
        roof.LinePattern = pattern;
        roof.LegendText = legend;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks(Func<double, string> label) => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = label,
    };

    /// <summary>
    /// The benches in <paramref name="paths"/>: each a report JSON (<c>hyper report</c>) or a bench JSON
    /// (<c>hyper bench --json</c>); anything else is a one-line <see cref="HyperSharp.Ladder.SpecException"/>.
    /// </summary>
    public static List<BenchFile> Load(IEnumerable<string> paths)
    {
        var benches = new List<BenchFile>();
        foreach (string path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new HyperSharp.Ladder.SpecException($"cannot read '{path}': {(ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message)}");
            }
            if (text.Contains("\"hypersharp/report@", StringComparison.Ordinal))
            {
                benches.AddRange(ReportFile.Load(path).Benches);
                continue;
            }
            try
            {
                BenchFile bench = BenchFile.FromJson(text);
                if (bench.Results is null || bench.Machine is null)
                    throw new System.Text.Json.JsonException("no results");
                benches.Add(bench);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new HyperSharp.Ladder.SpecException($"'{path}' is neither a report JSON (hyper report) nor a bench JSON (hyper bench --json): {ex.Message.Split(". ")[0]}");
            }
        }
        return benches;
    }
}
