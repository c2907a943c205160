using System.Globalization;
using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>The body of every <c>hyper run SYSTEM</c>: measure one rung, verify it, print text or one JSON object.</summary>
internal static class RunExecution
{
    public static int Execute<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, string rungName, TSpec spec, RunContext context, bool json,
        MeasureOptions? options = null)
    {
        Rung<TProblem, TResult> rung = ladder.Find(rungName);
        ladder.Validate(spec);

        RunResult result = LadderRunner.Run(ladder, rung, spec, context, options ?? (Environment.GetEnvironmentVariable(HyperSharp.Harness.Table.MagicTable.QuickVariable) == "1" ? MeasureOptions.Quick : MeasureOptions.Default),
            json ? null : Output.Log,
            started: () => Output.Log($"{ladder.Name}/{rung.Name}: {string.Join(", ", ladder.Describe(spec).Select(kv => $"{kv.Key} {kv.Value}"))}"));
        if (json)
        {
            Console.WriteLine(result.ToJson());
        }
        else
        {
            Console.WriteLine($"{result.System}/{result.Rung} ({result.Kind}, {BenchTable.Uses(result)}{(result.Device is null ? "" : $", {result.Device}")})");
            Console.WriteLine($"  median {Units.Seconds(result.Seconds)} (min {Units.Seconds(result.MinSeconds)}, max {Units.Seconds(result.MaxSeconds)}, {result.Repeats} runs){(result.Unstable == true ? $" UNSTABLE: the median is more than {RunResult.UnstableRatio:0.##} × the minimum" : "")}");
            if (result.MedianInterval is { } ci)
                Console.WriteLine($"  median 99% CI [{Units.Seconds(ci.Lower)}, {Units.Seconds(ci.Upper)}]{(result.Outliers is { Count: > 0 } o ? $", {o.Count} outlier run{(o.Count == 1 ? "" : "s")} ({o.Lower} low, {o.Upper} high)" : "")}");
            foreach (PhaseResult phase in result.Phases ?? [])
                Console.WriteLine($"  phase {phase.Name}: median {Units.Seconds(phase.Seconds)} (min {Units.Seconds(phase.MinSeconds)}, max {Units.Seconds(phase.MaxSeconds)})");
            if (result.Latency is { } l)
                Console.WriteLine($"  latency over {l.Count:N0} operations: p50 {Units.Seconds(l.P50)}, p90 {Units.Seconds(l.P90)}, p99 {Units.Seconds(l.P99)}, p99.9 {Units.Seconds(l.P999)}, max {Units.Seconds(l.Max)}");
            Console.WriteLine($"  throughput {Units.Si(result.Throughput)} {result.Unit}");
            Console.WriteLine($"  checksum {result.Checksum.ToString("R", CultureInfo.InvariantCulture)}");
            if (result.Fingerprint is not null)
                Console.WriteLine($"  fingerprint {result.Fingerprint}");
            foreach ((string name, double value) in result.Figures ?? [])
                Console.WriteLine($"  {name} {value.ToString("#,0.##", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"  allocated {Units.Bytes(result.AllocatedBytes)} per run, peak memory {Units.Bytes(result.PeakWorkingSetBytes)}");
            if (result.GcCounts is { } gc)
                Console.WriteLine($"  GC during the timed runs: {gc.Gen0} gen0, {gc.Gen1} gen1, {gc.Gen2} gen2, paused {Units.Seconds(result.GcPauseSeconds ?? 0)}");
            VerificationInfo v = result.Verification!;
            Console.WriteLine(result.Verified == true
                ? $"  verified ({How(v)}): {v.Measure} = {v.Error:G3} ≤ {v.Tolerance:G3}"
                : $"  NOT VERIFIED ({How(v)}): {v.Measure} = {v.Error:G3} > {v.Tolerance:G3}");
            if (v.Note is not null)
                Console.WriteLine($"  ({v.Note}: {string.Join(", ", v.Spec!.Select(kv => $"{kv.Key} {kv.Value}"))})");
        }
        return result.Verified == false ? Guard.Failure : 0;
    }

    /// <summary>"against reference", or the oracle's method when it needs no reference ("exact", "statistical").</summary>
    private static string How(VerificationInfo v) => v.Method is null or "reference" ? $"against {v.Against}" : v.Method;
}
