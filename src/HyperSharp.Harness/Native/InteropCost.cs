using System.Diagnostics;
using System.Globalization;
using HyperSharp.Native;

namespace HyperSharp.Harness.Native;

/// <summary>
/// What the interop bench prints under its table: the price of one crossing into C measured directly
/// (<see cref="InteropCrossing"/>: batches of calls to a C function that does no work, median and range per call),
/// then for each spec the C loop's work per point and per row (from native-grid's median) and the crossing's price as
/// a share of the work one call buys at that granularity: where it passes 100 %, crossing costs more than the work.
/// The medians' own difference, (native-point − native-grid) / (calls − 1), is printed beside it as a cross-check.
/// </summary>
public static class InteropCost
{
    /// <summary>Batches timed per target; the first, a warm-up, is not counted.</summary>
    private const int Batches = 11;

    /// <summary>A batch lasts about this long: long against the clock's resolution, short against a scheduler slice.</summary>
    private const double BatchSeconds = 0.02;

    /// <summary>The per-call price of each target, in seconds (median, min, max over the batches).</summary>
    public static IReadOnlyDictionary<InteropCrossing.Target, Statistics> MeasureCrossing()
    {
        var prices = new Dictionary<InteropCrossing.Target, Statistics>();
        foreach (InteropCrossing.Target target in Enum.GetValues<InteropCrossing.Target>())
        {
            if (target != InteropCrossing.Target.Managed && !NativePeers.Availability.IsAvailable)
                continue;
            // Calibrate the batch length with a short loop (which also warms the call up to tier 1 via OSR/PGO).
            long calls = 100_000;
            double seconds = Time(target, calls);
            calls = Math.Max(calls, (long)(calls * BatchSeconds / Math.Max(seconds, 1e-9)));
            Time(target, calls);
            var perCall = new double[Batches];
            for (int b = 0; b < Batches; b++)
                perCall[b] = Time(target, calls) / calls;
            prices[target] = Statistics.Of(perCall);
        }
        return prices;

        static double Time(InteropCrossing.Target target, long calls)
        {
            long start = Stopwatch.GetTimestamp();
            GC.KeepAlive(InteropCrossing.Call(target, calls));
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
    }

    public static IEnumerable<string> Notes(BenchFile bench)
    {
        if (!NativePeers.Availability.IsAvailable)
            yield break;
        var runs = bench.Results.Where(r => r.Kind != "peer" && r.Error is null && r.Skipped != true && r.Seconds > 0).ToList();
        var specs = runs.GroupBy(r => (Width: BenchTable.AxisValue(r, "width"), MaxIter: BenchTable.AxisValue(r, "maxiter")))
            .OrderBy(g => g.Key.Width).ThenBy(g => g.Key.MaxIter).ToList();

        var prices = MeasureCrossing();
        Statistics native = prices[InteropCrossing.Target.Native], noGc = prices[InteropCrossing.Target.NativeNoTransition];
        yield return "";
        yield return $"One crossing, measured after the bench ({Batches} batches of ~{BatchSeconds * 1e3:F0} ms of calls to a C function that does no work; median [min-max] per call):";
        foreach (var (target, label) in new[] { (InteropCrossing.Target.Managed, "empty managed call (not inlined)"), (InteropCrossing.Target.Native, "[LibraryImport]"), (InteropCrossing.Target.NativeNoTransition, "[LibraryImport] + [SuppressGCTransition]") })
            yield return $"  {label,-42} {Ns(prices[target].Median),9} [{Ns(prices[target].Min)}-{Ns(prices[target].Max)}]";

        bool header = false;
        foreach (var spec in specs)
        {
            RunResult? grid = spec.FirstOrDefault(r => r.Rung == "native-grid");
            if (grid is null || grid.Spec?.GetValueOrDefault("points") is not { IsNumber: true } pointsValue)
                continue;
            int pointsAlong = (int)pointsValue.Number;
            double points = (double)pointsAlong * pointsAlong;
            double workPerPoint = grid.Seconds / points, workPerRow = grid.Seconds / pointsAlong;
            if (!header)
            {
                yield return "";
                yield return "Share = one crossing / the C work one call does (from native-grid's median); per call from medians = (native-point - native-grid) / (calls - 1), a cross-check.";
                yield return $"{"width",6} {"maxiter",8} {"C work/point",13} {"C work/row",13} {"row share",10} {"point share",12} {"nogc share",11} {"per call from medians",22}";
                header = true;
            }
            RunResult? point = spec.FirstOrDefault(r => r.Rung == "native-point");
            double? fromMedians = point is null ? null
                : InteropLadder.SecondsPerCall(point.Seconds, InteropLadder.InteropRungs.First(r => r.Name == "native-point").Calls(pointsAlong), grid.Seconds);
            yield return $"{spec.Key.Width,6:F0} {spec.Key.MaxIter,8:F0} {Ns(workPerPoint),13} {Ns(workPerRow),13} "
                + $"{native.Median / workPerRow,10:P1} {native.Median / workPerPoint,12:P0} {noGc.Median / workPerPoint,11:P0} {(fromMedians is { } s ? Ns(s) : "-"),22}";
        }

        static string Ns(double seconds) => (seconds * 1e9).ToString("F1", CultureInfo.InvariantCulture) + " ns";
    }
}
