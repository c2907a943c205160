using System.Globalization;
using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>The body of every <c>hyper run SYSTEM</c>: measure one rung, verify it, print text or one JSON object.</summary>
internal static class RunExecution
{
    public static int Execute<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, string rungName, TSpec spec, int? threads, bool json)
    {
        Rung<TProblem, TResult> rung = ladder.Find(rungName);
        RunContext context = CommonOptions.Context(threads);
        ladder.Validate(spec);
        Output.Log($"{ladder.Name}/{rung.Name}: {string.Join(", ", ladder.Describe(spec).Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)}"))}");

        RunResult result = LadderRunner.Run(ladder, rung, spec, context, MeasureOptions.Default, json ? null : Output.Log);
        if (json)
        {
            Console.WriteLine(result.ToJson());
        }
        else
        {
            Console.WriteLine($"{result.System}/{result.Rung} ({result.Kind}, {result.Threads} thread{(result.Threads == 1 ? "" : "s")}{(result.Device is null ? "" : $", {result.Device}")})");
            Console.WriteLine($"  median {Units.Seconds(result.Seconds)} (min {Units.Seconds(result.MinSeconds)}, max {Units.Seconds(result.MaxSeconds)}, {result.Repeats} runs)");
            Console.WriteLine($"  throughput {Units.Si(result.Throughput)} {result.Unit}");
            Console.WriteLine($"  checksum {result.Checksum.ToString("R", CultureInfo.InvariantCulture)}");
            Console.WriteLine($"  allocated {Units.Bytes(result.AllocatedBytes)} per run, peak memory {Units.Bytes(result.PeakWorkingSetBytes)}");
            VerificationInfo v = result.Verification!;
            Console.WriteLine(result.Verified == true
                ? $"  verified against {v.Against}: {v.Measure} = {v.Error:G3} ≤ {v.Tolerance:G3}"
                : $"  NOT VERIFIED against {v.Against}: {v.Measure} = {v.Error:G3} > {v.Tolerance:G3}");
            if (v.Note is not null)
                Console.WriteLine($"  ({v.Note}: {string.Join(", ", v.Spec!.Select(kv => $"{kv.Key} {kv.Value.ToString(CultureInfo.InvariantCulture)}"))})");
        }
        return result.Verified == false ? Guard.Failure : 0;
    }
}
