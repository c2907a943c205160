using ScottPlot;

namespace HyperSharp.Diagnostics;

/// <summary><c>hyper memory -o</c>: mprof's plot — working set and GC heap against time, each timed run shaded.</summary>
public static class MemoryPlot
{
    /// <summary>The plot as PNG bytes (the caller writes them atomically).</summary>
    public static byte[] Png(MemoryTrace trace, string title)
    {
        var plot = new Plot();
        // The runs first, so the lines are drawn over them.
        foreach (TimedSpan run in trace.Runs)
        {
            var span = plot.Add.HorizontalSpan(run.Start, run.Stop);
            span.FillStyle.Color = Colors.Orange.WithAlpha(0.25);
            span.LineStyle.Width = 0;
        }
        if (trace.Runs.Count > 0)
        {
            // One legend entry for all the runs (each span would otherwise add its own).
            var legend = plot.Add.HorizontalSpan(trace.Runs[0].Start, trace.Runs[0].Start);
            legend.FillStyle.Color = Colors.Orange.WithAlpha(0.25);
            legend.LineStyle.Width = 0;
            legend.LegendText = $"timed runs ({trace.Runs.Count})";
        }
        double[] seconds = [.. trace.Samples.Select(s => s.Seconds)];
        var ws = plot.Add.Scatter(seconds, trace.Samples.Select(s => s.WorkingSetBytes / 1048576.0).ToArray());
        ws.LegendText = "working set";
        ws.MarkerSize = 0;
        ws.Color = Colors.SteelBlue;
        if (trace.GcHeap.Count > 0)
        {
            // The heap at each of its events (not the 10 ms readings): a step at each collection, a rise with each 100 KB allocated.
            var heap = plot.Add.Scatter(trace.GcHeap.Select(h => h.Seconds).ToArray(), trace.GcHeap.Select(h => h.Bytes / 1048576.0).ToArray());
            heap.ConnectStyle = ConnectStyle.StepHorizontal;
            heap.LegendText = "GC heap";
            heap.MarkerSize = 0;
            heap.Color = Colors.SeaGreen;
        }
        plot.Axes.SetLimitsY(0, Math.Max(1, Math.Max(trace.PeakWorkingSet(), trace.PeakGcHeap()) / 1048576.0 * 1.08));
        plot.Title(title);
        plot.XLabel($"seconds since start (sampled every {MemoryTrace.IntervalMs:0} ms)");
        plot.YLabel("MiB");
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(1000, 480, ImageFormat.Png);
    }
}
