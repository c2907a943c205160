using System.Globalization;
using System.Collections.Concurrent;
using HyperSharp.Gpu.Ptx;
using HyperSharp.Ladder;

namespace HyperSharp.Harness;

/// <summary>The machine's memory bandwidth (STREAM-like) and FP64 FMA peak at one thread count, as measured.</summary>
public sealed record MachineLimit(int Threads, double StreamBytesPerSecond, double FmaFlopsPerSecond);

/// <summary>
/// Measures the limits once per thread count and process (a report benches every system), and places each verified
/// row of a bench against them.
/// </summary>
public static class MachineLimits
{
    private static readonly ConcurrentDictionary<int, MachineLimit> s_measured = new();

    public static MachineLimit Measure(int threads) => s_measured.GetOrAdd(threads, t =>
        new MachineLimit(t, MemoryBandwidth.Measure(t).BestBytesPerSecond, ComputePeak.MeasureFlopsPerSecond(t)));

    /// <summary>
    /// The bench with its limits measured at each thread count of its ranked rows, and every such row's
    /// <see cref="RunResult.Limit"/> set against its own spec's cost (<paramref name="costOf"/>, e.g.
    /// <see cref="ILadder.CostOf"/>: an expression's arrays, an element type's width; <paramref name="cost"/> where it
    /// is null); unchanged when the system declares no cost.
    /// </summary>
    public static BenchFile Place(BenchFile bench, WorkCost? cost, Func<IReadOnlyDictionary<string, SpecValue>, WorkCost?>? costOf = null,
        Action<string>? log = null)
    {
        if (cost is null)
            return bench;
        var threads = bench.Results.Where(r => BenchTable.Ranked(r) && GpuOf(r) is null).Select(r => r.Threads).Where(t => t > 0)
            .Distinct().Order().ToList();
        if (threads.Count == 0 && !bench.Results.Any(r => GpuOf(r) is not null))
            return bench;
        log?.Invoke($"limits: memory bandwidth and FMA peak at {string.Join(", ", threads)} thread(s)");
        var limits = threads.Select(Measure).ToList();
        WorkCost? CostOf(RunResult r) => r.Spec is null || costOf is null ? cost : costOf(r.Spec);
        return bench with
        {
            Cost = cost,
            Limits = limits,
            Results = bench.Results.Select(r => !BenchTable.Ranked(r) || CostOf(r) is not { } own ? r
                : GpuOf(r) is { } gpu ? r with { Limit = Against(r, own, gpu) }
                : limits.Find(l => l.Threads == r.Threads) is { } limit ? r with { Limit = Against(r, own, limit) }
                : r).ToList(),
        };
    }

    /// <summary>The published peaks of the GPU a gpu rung ran on, where known (not ILGPU's CPU accelerator).</summary>
    private static GpuPeaks? GpuOf(RunResult r) => r.Kind == "gpu" ? GpuPeaks.ForDevice(r.Device) : null;

    /// <summary>A GPU run against its device's published peaks: HBM bandwidth and the FP64 vector rate.</summary>
    public static LimitInfo Against(RunResult run, WorkCost cost, GpuPeaks gpu)
    {
        (double attainable, string bound) = cost.Attainable(gpu.Fp64FlopsPerSecond, gpu.MemoryBytesPerSecond);
        return new LimitInfo(bound, run.Throughput / attainable, attainable, run.Throughput * cost.BytesPerUnit,
            run.Throughput * cost.FlopsPerUnit) { Device = gpu.Name, Cost = cost };
    }

    public static LimitInfo Against(RunResult run, WorkCost cost, MachineLimit limit)
    {
        (double attainable, string bound) = cost.Attainable(limit.FmaFlopsPerSecond, limit.StreamBytesPerSecond);
        return new LimitInfo(bound, run.Throughput / attainable, attainable,
            run.Throughput * cost.BytesPerUnit, run.Throughput * cost.FlopsPerUnit) { Cost = cost };
    }

    /// <summary>The lines under a bench's table: the limits measured, and how the work was counted.</summary>
    public static IEnumerable<string> Notes(BenchFile bench)
    {
        if (bench.Cost is not { } cost || bench.Limits is not { Count: > 0 } limits)
            yield break;
        yield return "";
        yield return $"Limits measured now (STREAM-like copy/triad over 3 × {MemoryBandwidth.DefaultArrayBytes >> 20} MiB arrays; FP64 FMA chains in the widest registers): " +
            string.Join("; ", limits.Select(l => $"{l.Threads} thread{(l.Threads == 1 ? "" : "s")}: " +
                $"{(l.StreamBytesPerSecond / 1e9).ToString("F1", CultureInfo.InvariantCulture)} GB/s, " +
                $"{(l.FmaFlopsPerSecond / 1e9).ToString("F0", CultureInfo.InvariantCulture)} GFLOP/s"));
        var counted = bench.Results.Select(r => r.Limit?.Cost?.Counted).OfType<string>().Distinct().DefaultIfEmpty(cost.Counted);
        yield return $"Work counted as {string.Join("; ", counted)}; \"of limit\" is the throughput over the lower of the two bounds (above 100 % of STREAM: the data lives in cache).";
    }

    /// <summary>"41 % of STREAM" / "63 % of FMA peak", or "" for a row without a limit.</summary>
    public static string Describe(LimitInfo? limit) => limit is null ? "" : limit.Device is { } gpu
        ? $"{limit.Fraction * 100:F0} % of {gpu} {(limit.Bound == "memory" ? "memory" : "FP64")} peak"
        : $"{limit.Fraction * 100:F0} % of {(limit.Bound == "memory" ? "STREAM" : "FMA peak")}";
}
