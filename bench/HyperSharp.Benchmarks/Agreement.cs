using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using HyperSharp.Harness;

namespace HyperSharp.Benchmarks;

/// <summary>
/// <c>-- --agreement [--quick]</c>: does the harness measure what BenchmarkDotNet measures? For particles, Julia and π
/// <c>simd</c> at each system's smallest planned size, <c>hyper run</c>'s median (a child process, as every bench row)
/// beside BenchmarkDotNet's median of its actual workload iterations, both with the 99 % confidence interval of the
/// median computed the same way (<see cref="RobustStatistics.MedianInterval"/>, Harrell–Davis through Perfolizer), and
/// whether the intervals overlap. Prints a Markdown table. <c>--quick</c> (BenchmarkDotNet's short run) checks the
/// tooling; its intervals are too wide to prove anything.
/// </summary>
internal static class Agreement
{
    private static readonly (string System, string Rung)[] Pairs = [("particles", "simd"), ("julia", "simd"), ("pi", "simd")];

    public static int Run(bool quick)
    {
        LadderCase[] cases = [.. Pairs.Select(c => LadderCases.All.FirstOrDefault(x => x.System == c.System && x.Rung == c.Rung)
            ?? throw new InvalidOperationException($"no planned case for {c.System} {c.Rung}"))];

        // hyper first, each in its own process, while nothing else runs.
        var hyper = new Dictionary<LadderCase, RunResult>();
        foreach (LadderCase c in cases)
        {
            Console.Error.WriteLine($"agreement: hyper run {c.System} --rung {c.Rung} {string.Join(' ', c.Arguments)}");
            RunResult r = ChildProcess.Run([.. ChildProcess.Self(), "run", c.System, "--rung", c.Rung, .. c.Arguments, "--json"],
                c.System, c.Rung, TimeSpan.FromMinutes(10), Console.Error.WriteLine);
            if (r.Error is not null || r.Verified == false)
                throw new InvalidOperationException($"hyper run {c}: {r.Error ?? "not verified"}");
            hyper[c] = r;
        }

        // BenchmarkDotNet: the three cases in one run (one generated project), out of process as by default.
        IConfig config = DefaultConfig.Instance
            .AddJob(quick ? Job.ShortRun : Job.Default)
            .AddFilter(new SimpleFilter(b => LadderBenchmarkConfig.CaseOf(b) is { } c && cases.Contains(c)));
        Summary summary = BenchmarkRunner.Run<LadderBenchmarks>(config);

        Console.WriteLine();
        Console.WriteLine("| system | rung | size | `hyper run` median [99 % CI] (runs) | BenchmarkDotNet median [99 % CI] (iterations) | BDN ÷ hyper | intervals |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        bool allAgree = true;
        foreach (LadderCase c in cases)
        {
            RunResult h = hyper[c];
            BenchmarkReport? report = summary.Reports.FirstOrDefault(r => LadderBenchmarkConfig.CaseOf(r.BenchmarkCase) == c);
            double[] seconds = report is null ? [] : [.. report.AllMeasurements
                .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
                .Select(m => m.Nanoseconds / m.Operations / 1e9)];
            if (seconds.Length == 0)
            {
                Console.WriteLine($"| {c.System} | {c.Rung} | {c.Size} | {Cell(h.Seconds, h.MedianInterval, h.Repeats)} | no measurement | | |");
                allAgree = false;
                continue;
            }
            double median = Statistics.Of(seconds).Median;
            MedianInterval? ci = RobustStatistics.MedianInterval(seconds);
            bool overlap = h.MedianInterval is { } a && ci is { } b && !a.DisjointFrom(b);
            allAgree &= overlap;
            Console.WriteLine($"| {c.System} | {c.Rung} | {c.Size} | {Cell(h.Seconds, h.MedianInterval, h.Repeats)} | {Cell(median, ci, seconds.Length)} | " +
                $"{(median / h.Seconds).ToString("F3", CultureInfo.InvariantCulture)} | {(overlap ? "overlap" : "disjoint")} |");
        }
        return allAgree ? 0 : 1;
    }

    /// <summary>
    /// <c>-- --cases</c>: what the benchmark plans, per system — its sizes and rungs, the reference (each size's
    /// baseline) first — and exit 1 when a system of the catalogue has no case or a size has no reference to be its
    /// baseline (its Ratio column would be empty).
    /// </summary>
    public static int Cases()
    {
        int missing = 0;
        foreach (HyperSharp.Ladder.ILadder ladder in Catalog.Ladders)
        {
            var sizes = LadderCases.All.Where(c => c.System == ladder.Name).GroupBy(c => c.Size).ToList();
            if (sizes.Count == 0)
            {
                Console.WriteLine($"{ladder.Name}: NO CASE (every size's reference is too slow to repeat)");
                missing++;
                continue;
            }
            foreach (var size in sizes)
            {
                bool baseline = size.Any(c => c.IsReference);
                missing += baseline ? 0 : 1;
                Console.WriteLine($"{ladder.Name} {size.Key}: {string.Join(", ", size.Select(c => c.IsReference ? $"{c.Rung} (baseline)" : c.Rung))}{(baseline ? "" : "  NO BASELINE")}");
            }
        }
        return missing == 0 ? 0 : 1;
    }

    private static string Cell(double median, MedianInterval? ci, int n) =>
        $"{Units.Seconds(median)} [{(ci is null ? "—" : $"{Units.Seconds(ci.Lower)}, {Units.Seconds(ci.Upper)}")}] ({n})";
}
