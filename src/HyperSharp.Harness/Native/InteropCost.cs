using System.Globalization;
using HyperSharp.Native;

namespace HyperSharp.Harness.Native;

/// <summary>
/// What the interop bench prints under its table: for each spec, the C loop's time per point (the work one call per
/// point does) and the price of one crossing into C for each rung that calls more than once
/// (<see cref="InteropLadder.SecondsPerCall"/> against native-grid's time at the same spec), with that price as a
/// share of the work: where it passes 100 %, crossing the boundary costs more than the work it buys.
/// </summary>
public static class InteropCost
{
    public static IEnumerable<string> Notes(BenchFile bench)
    {
        var runs = bench.Results.Where(r => r.Kind != "peer" && r.Error is null && r.Skipped != true && r.Seconds > 0).ToList();
        var specs = runs.GroupBy(r => (Width: BenchTable.AxisValue(r, "width"), MaxIter: BenchTable.AxisValue(r, "maxiter")))
            .OrderBy(g => g.Key.Width).ThenBy(g => g.Key.MaxIter).ToList();
        var rungs = InteropLadder.InteropRungs.Where(r => r.Kind == Ladder.RungKind.Compiled && r.Calls(2) > 1).ToList();
        bool any = false;
        foreach (var spec in specs)
        {
            RunResult? grid = spec.FirstOrDefault(r => r.Rung == "native-grid");
            if (grid is null || grid.Spec?.GetValueOrDefault("points") is not { IsNumber: true } pointsValue)
                continue;
            int pointsAlong = (int)pointsValue.Number;
            double points = (double)pointsAlong * pointsAlong;
            double workPerPoint = grid.Seconds / points;
            if (!any)
            {
                yield return "";
                yield return "The boundary's price, per call: (median - native-grid's median) / (calls - 1); "
                    + "share = that price / native-grid's time per point (the work one call per point does).";
                yield return $"{"width",6} {"maxiter",8} {"C work/point",13}  " + string.Join("  ", rungs.Select(r => $"{r.Name + " /call",24} {"share",6}"));
                any = true;
            }
            var cells = rungs.Select(r =>
            {
                RunResult? run = spec.FirstOrDefault(x => x.Rung == r.Name);
                double? perCall = run is null ? null : InteropLadder.SecondsPerCall(run.Seconds, r.Calls(pointsAlong), grid.Seconds);
                return perCall is { } s ? $"{Ns(s),24} {s / workPerPoint,6:P0}" : $"{"-",24} {"",6}";
            });
            yield return $"{spec.Key.Width,6:F0} {spec.Key.MaxIter,8:F0} {Ns(workPerPoint),13}  " + string.Join("  ", cells);
        }

        static string Ns(double seconds) => (seconds * 1e9).ToString("F1", CultureInfo.InvariantCulture) + " ns";
    }
}
