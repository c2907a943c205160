using System.CommandLine;
using System.Globalization;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Harness.Sketches;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper sketches error</c>: the distinct-count sketches' error against cardinality, measured over seeds.</summary>
internal sealed class SketchesCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Distinct;

    public Command? Tools()
    {
        var trials = new Option<int>("--trials") { Description = "Independent streams per sketch (default 200).", DefaultValueFactory = _ => 200 };
        var max = new Option<long>("--max") { Description = "The largest cardinality, a power of ten (default 1000000).", DefaultValueFactory = _ => 1_000_000 };
        var precision = new Option<int>("--precision") { Description = "HLL/ULL precision; KMV keeps 2^(P-3) hashes, the same bytes (default 14: 16 KiB).", DefaultValueFactory = _ => 14 };
        var plotPath = new Option<string>("--plot") { Description = "The error-vs-cardinality chart (PNG) to write (default sketch-error.png).", DefaultValueFactory = _ => "sketch-error.png" };
        var error = new Command("error", "Relative standard error of KMV, HyperLogLog and UltraLogLog at 10^3 … --max distinct items over --trials seeds, against theory; a PNG chart of it.")
        {
            trials, max, precision, plotPath,
        };
        error.SetAction(p => Guard.Run(() =>
        {
            string chart = p.GetValue(plotPath)!;
            HyperSharp.IO.AtomicFile.CheckWritable(chart);
            IReadOnlyList<SketchErrorRow> rows = Output.Progress("sketch error", log =>
                SketchErrorTable.Measure(p.GetValue(trials), p.GetValue(max), p.GetValue(precision), log));
            Output.Table($"Distinct-count error over {rows[0].Trials} seeds (relative standard error; MVP = bits × variance)",
                ["sketch", "bytes", "cardinality", "measured", "theory", "bias", "MVP"],
                rows.Select(r => new[]
                {
                    r.Sketch, r.Bytes.ToString(CultureInfo.InvariantCulture), r.Cardinality.ToString("N0", CultureInfo.InvariantCulture),
                    $"{r.MeasuredError * 100:F3} %", $"{r.TheoreticalError * 100:F3} %", $"{r.Bias * 100:+0.000;-0.000} %", r.MemoryVarianceProduct.ToString("F2", CultureInfo.InvariantCulture),
                }));
            HyperSharp.IO.AtomicFile.WriteAllBytes(chart, SketchErrorTable.Chart(rows));
            Output.Log($"wrote {chart}");
            return 0;
        }));
        return new Command("sketches", "The probabilistic sketches of HyperSharp.Sketches, measured.") { error };
    }
}
