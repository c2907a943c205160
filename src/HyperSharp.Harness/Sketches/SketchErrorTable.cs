using System.Globalization;
using HyperSharp.Ladder;
using ScottPlot;
using HyperSharp.Sketches;

namespace HyperSharp.Harness.Sketches;

/// <summary>One row of the error table: a sketch at one cardinality over every trial.</summary>
public sealed record SketchErrorRow(string Sketch, long Bytes, long Cardinality, int Trials, double MeasuredError, double TheoreticalError, double Bias)
{
    /// <summary>Memory-variance product: bits × relative variance (lower is better per byte; 6-bit HLL's is ≈ 6.5).</summary>
    public double MemoryVarianceProduct => 8.0 * Bytes * MeasuredError * MeasuredError;
}

/// <summary>
/// Error measured, not assumed: for each sketch, <c>trials</c> independent streams (disjoint items, so independent
/// hashes) are inserted once, and the estimate is read at every cardinality 10³, 10⁴, … up to the largest; the relative
/// standard error over the trials is set against the sketch's theory.
/// </summary>
public static class SketchErrorTable
{
    /// <summary>The sketches compared, all at 16 KiB of state for precision 14: KMV k = 2^(p−3), HLL and ULL with 2^p registers.</summary>
    public static IReadOnlyList<(string Name, Func<IDistinctSketch> Make)> Sketches(int precision) =>
    [
        ($"kmv k={1 << (precision - 3)}", () => new KMinimumValues(1 << (precision - 3))),
        ($"hll p={precision}", () => new HyperLogLog(precision)),
        ($"ull p={precision}", () => new UltraLogLog(precision)),
    ];

    /// <summary>Measures every sketch at 10³ … <paramref name="maxCardinality"/> over <paramref name="trials"/> seeds.</summary>
    public static IReadOnlyList<SketchErrorRow> Measure(int trials, long maxCardinality, int precision, Action<string>? log = null)
    {
        if (trials < 2)
            throw new SpecException($"--trials {trials} must be 2 or more");
        if (maxCardinality is < 1000 or > 1_000_000_000)
            throw new SpecException($"--max {maxCardinality} must be from 1000 to 10^9");
        if (precision is < 6 or > HyperLogLog.MaxPrecision)
            throw new SpecException($"--precision {precision} must be 6 to {HyperLogLog.MaxPrecision}");
        var cardinalities = new List<long>();
        for (long c = 1000; c <= maxCardinality; c *= 10)
            cardinalities.Add(c);
        var rows = new List<SketchErrorRow>();
        foreach ((string name, Func<IDistinctSketch> make) in Sketches(precision))
        {
            log?.Invoke($"run {name}: {trials} trials to {maxCardinality:N0}");
            var errors = new double[trials, cardinalities.Count];
            long bytes = 0;
            Parallel.For(0, trials, t =>
            {
                IDistinctSketch sketch = make();
                Span<ulong> block = stackalloc ulong[1024];
                long added = 0;
                ulong baseValue = (ulong)(t + 1) << 40; // disjoint per trial; SketchHash.Of is a bijection
                for (int c = 0; c < cardinalities.Count; c++)
                {
                    while (added < cardinalities[c])
                    {
                        int n = (int)Math.Min(block.Length, cardinalities[c] - added);
                        for (int i = 0; i < n; i++)
                            block[i] = SketchHash.Of(baseValue + (ulong)(added + i));
                        sketch.AddHashes(block[..n]);
                        added += n;
                    }
                    errors[t, c] = sketch.Estimate() / cardinalities[c] - 1;
                }
                Interlocked.Exchange(ref bytes, sketch.StateBytes);
            });
            double theory = make().RelativeStandardError;
            for (int c = 0; c < cardinalities.Count; c++)
            {
                double sum = 0, squares = 0;
                for (int t = 0; t < trials; t++)
                {
                    sum += errors[t, c];
                    squares += errors[t, c] * errors[t, c];
                }
                rows.Add(new SketchErrorRow(name, bytes, cardinalities[c], trials, Math.Sqrt(squares / trials), theory, sum / trials));
            }
        }
        return rows;
    }

    /// <summary>
    /// The error-vs-cardinality chart (PNG): per sketch its measured relative standard error (points and line) and its
    /// theory (dashed, the same colour), cardinality logarithmic.
    /// </summary>
    public static byte[] Chart(IReadOnlyList<SketchErrorRow> rows)
    {
        var plot = new Plot();
        foreach (var sketch in rows.GroupBy(r => r.Sketch))
        {
            SketchErrorRow[] points = [.. sketch.OrderBy(r => r.Cardinality)];
            double[] x = [.. points.Select(r => Math.Log10(r.Cardinality))];
            var measured = plot.Add.Scatter(x, points.Select(r => 100 * r.MeasuredError).ToArray());
            measured.LegendText = $"{sketch.Key} ({points[0].Bytes:N0} B) measured";
            var theory = plot.Add.Scatter(x, points.Select(r => 100 * r.TheoreticalError).ToArray());
            theory.LegendText = $"{sketch.Key} theory";
            theory.Color = measured.Color;
            theory.LinePattern = LinePattern.Dashed;
            theory.MarkerSize = 0;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("N0", CultureInfo.InvariantCulture),
        };
        plot.Title($"Distinct-count error over {rows[0].Trials} seeds: relative standard error against cardinality");
        plot.XLabel("distinct items (log)");
        plot.YLabel("relative standard error (%)");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(1000, 500, ImageFormat.Png);
    }
}
