using HyperSharp.IO;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Report;

namespace HyperSharp.Cli.Commands;

/// <summary>The body of every <c>hyper bench SYSTEM</c>: run the plan, print the table, write the JSON.</summary>
internal static class BenchExecution
{
    public static int Execute(ISystemBench system, BenchSettings settings, string? jsonFile)
    {
        BenchFile bench = Output.Progress($"bench {system.Ladder.Name}",
            log => BenchRunner.Run(system, settings, MachineInfo.Current(), log));
        Print(bench);
        foreach (string note in system.Notes(bench))
            Console.WriteLine(note);
        if (jsonFile is not null)
        {
            AtomicFile.WriteAllText(jsonFile, bench.ToJson());
            Output.Log($"wrote {jsonFile}");
        }
        // A row that ran and disagrees (a rung or a peer), or a peer that ran another spec, is a failure, one line each;
        // peers that are missing are not.
        List<RunResult> failed = bench.Results.Where(BenchTable.Failed).ToList();
        foreach (RunResult r in failed)
            Console.Error.WriteLine($"verification failed: {BenchTable.Where(bench, r)}: {r.Error ?? BenchTable.Verdict(r)}");
        return failed.Count > 0 ? Guard.Failure : 0;
    }

    public static void Print(BenchFile bench)
    {
        Console.WriteLine($"{bench.Title}");
        Console.WriteLine($"{bench.Machine.Cpu}, {bench.Machine.LogicalCores} cores, {bench.Machine.Runtime}, SIMD: {bench.Machine.Simd}");
        Console.WriteLine($"GPU rungs run on: {bench.Machine.Gpu}");
        Output.Table(null, BenchTable.Headers(bench), BenchTable.Rows(bench));
        if (Headline.Of(bench) is { } headline)
            Output.Table(null, Headline.Headers, [headline.Row()]);
    }
}
