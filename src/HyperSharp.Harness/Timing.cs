using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Harness;

/// <summary>The timed repeats of one rung on one problem, and the answer of the last one.</summary>
public sealed record Timing<TResult>(IReadOnlyList<double> Seconds, long AllocatedBytes, TResult Result)
{
    public Statistics Statistics => Statistics.Of((IReadOnlyCollection<double>)Seconds);

    /// <summary>Warm up, then repeat until both the minimum count and the time target are reached.</summary>
    public static Timing<TResult> Measure<TProblem>(
        Rung<TProblem, TResult> rung, TProblem problem, RunContext context, MeasureOptions options,
        Action<string>? log = null)
    {
        TResult result = default!;
        long warmupStart = Stopwatch.GetTimestamp();
        int warmups = 0;
        while (warmups < options.Warmups ||
               (Stopwatch.GetElapsedTime(warmupStart).TotalSeconds < options.WarmupSeconds && warmups < options.MaxRepeats))
        {
            result = rung.Run(problem, context);
            warmups++;
        }
        log?.Invoke($"{rung.Name}: {warmups} warm-up run{(warmups == 1 ? "" : "s")}");

        var seconds = new List<double>();
        long allocated = 0;
        double spent = 0;
        while (seconds.Count < options.MinRepeats || (spent < options.TargetSeconds && seconds.Count < options.MaxRepeats))
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            long start = Stopwatch.GetTimestamp();
            result = rung.Run(problem, context);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            allocated = Math.Max(allocated, GC.GetTotalAllocatedBytes(precise: true) - before);
            seconds.Add(elapsed);
            spent += elapsed;
        }
        log?.Invoke($"{rung.Name}: {seconds.Count} timed runs in {spent:F2} s");
        return new Timing<TResult>(seconds, allocated, result);
    }
}
