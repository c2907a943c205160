using System.Globalization;
using HyperSharp.Ladder;
using ScottPlot;

namespace HyperSharp.Harness.Primes;

/// <summary>
/// The book's comparison of early-exit flags (Gorelick ch. 9): for each number and worker count, the median time of
/// every flag mechanism (the primecheck rungs that sweep <c>check_every</c>) at each check interval, as a table under
/// the bench and a chart in the report. Times, not throughput: the book plots seconds against the interval.
/// </summary>
public static class FlagSweep
{
    private const string Parameter = "check_every";

    private sealed record Cell(string Number, int Threads, string Rung, double CheckEvery, double Seconds);

    private static List<Cell> Cells(BenchFile bench)
    {
        if (bench.System != Catalog.PrimeCheck.Name)
            return [];
        var mechanisms = Catalog.PrimeCheck.Rungs.Where(r => r.Sweeps == Parameter).Select(r => r.Name).ToHashSet();
        return bench.Results
            .Where(r => BenchTable.Ranked(r) && mechanisms.Contains(r.Rung) && r.Spec is not null && r.Spec.ContainsKey(Parameter))
            .Select(r => new Cell(r.Spec!.TryGetValue("numbers", out SpecValue n) ? n.Display() : "", Workers(r), r.Rung,
                BenchTable.AxisValue(r, Parameter), r.Seconds))
            .ToList();
    }

    /// <summary>Worker processes of a processes rung, else threads.</summary>
    private static int Workers(RunResult r) => r.Resources?.GetValueOrDefault("processes") is > 0 and int p ? p : r.Threads;

    /// <summary>One table per number and worker count: a row per interval, a column per mechanism; empty without a sweep.</summary>
    public static IEnumerable<string> Notes(BenchFile bench)
    {
        List<Cell> cells = Cells(bench);
        if (cells.Select(c => c.CheckEvery).Distinct().Count() < 2)
            yield break;
        string[] rungs = Catalog.PrimeCheck.Rungs.Where(r => cells.Any(c => c.Rung == r.Name)).Select(r => r.Name).ToArray();
        yield return "";
        yield return "Early-exit flags (Gorelick ch. 9): median seconds against the check interval, per mechanism";
        foreach (var group in cells.GroupBy(c => (c.Number, c.Threads)))
        {
            yield return $"number {group.Key.Number}, {group.Key.Threads} workers";
            yield return Row(["check every", .. rungs]);
            foreach (double every in group.Select(c => c.CheckEvery).Distinct().Order())
            {
                yield return Row([every.ToString("N0", CultureInfo.InvariantCulture),
                    .. rungs.Select(r => group.FirstOrDefault(c => c.Rung == r && c.CheckEvery == every) is { } c ? Units.Seconds(c.Seconds) : "—")]);
            }
        }

        static string Row(IEnumerable<string> cells) => string.Concat(cells.Select((c, i) => i == 0 ? c.PadRight(12) : c.PadLeft(18)));
    }

    /// <summary>A chart per number (at the largest worker count): seconds against the interval, both logarithmic, a line per mechanism.</summary>
    public static IEnumerable<(byte[] Png, string Alt)> Charts(BenchFile bench)
    {
        List<Cell> cells = Cells(bench);
        if (cells.Select(c => c.CheckEvery).Distinct().Count() < 2)
            yield break;
        int threads = cells.Max(c => c.Threads);
        foreach (var number in cells.Where(c => c.Threads == threads).GroupBy(c => c.Number))
        {
            var plot = new Plot();
            foreach (var rung in number.GroupBy(c => c.Rung))
            {
                Cell[] points = rung.Where(c => c.CheckEvery > 0 && c.Seconds > 0).OrderBy(c => c.CheckEvery).ToArray();
                var line = plot.Add.Scatter(points.Select(c => Math.Log10(c.CheckEvery)).ToArray(), points.Select(c => Math.Log10(c.Seconds)).ToArray());
                line.LegendText = rung.Key;
            }
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString("N0", CultureInfo.InvariantCulture),
            };
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Units.Seconds(Math.Pow(10, v)) };
            plot.Title($"primecheck {number.Key}, {threads} workers: time against the flag's check interval");
            plot.XLabel("divisors between two looks at the flag (log)");
            plot.YLabel("median time (log)");
            plot.ShowLegend(Edge.Right);
            yield return (plot.GetImageBytes(900, 480, ImageFormat.Png), $"primecheck flags, {number.Key}");
        }
    }
}
