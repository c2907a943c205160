using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>
/// The bench items for a ladder's rungs at one size: each rung through <c>hyper run SYSTEM --rung NAME … --json</c>
/// in a process of its own, parallel rungs once per thread count. Every system's bench uses it.
/// </summary>
public static class RungItems
{
    public static IEnumerable<BenchItem> For(ILadder ladder, BenchSettings settings, long size, IEnumerable<string> specArgs)
    {
        string[] args = specArgs.ToArray();
        IEnumerable<IRung> rungs = settings.Rungs.Count == 0
            ? ladder.Rungs.Where(r => r.Availability.IsAvailable)
            : settings.Rungs.Select(ladder.Find);
        foreach (IRung rung in rungs)
        {
            foreach (int threads in rung.IsParallel ? settings.ThreadCounts : [1])
            {
                yield return new BenchItem(rung.Name, IsPeer: false, size, threads,
                    [.. ChildProcess.Self(), "run", ladder.Name, "--rung", rung.Name, .. args,
                     "--threads", threads.ToString(CultureInfo.InvariantCulture), "--json"]);
            }
        }
    }

    public static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
