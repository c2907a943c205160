using HyperSharp.Harness;
using HyperSharp.Harness.Bench;

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
        // A rung that ran and disagrees with the reference is a failure; peers that are missing are not.
        bool wrong = bench.Results.Any(r => r.Verified == false || (r.Kind != "peer" && r.Skipped != true && r.Error is not null));
        return wrong ? Guard.Failure : 0;
    }

    public static void Print(BenchFile bench)
    {
        Console.WriteLine($"{bench.Title}");
        Console.WriteLine($"{bench.Machine.Cpu}, {bench.Machine.LogicalCores} cores, {bench.Machine.Runtime}, SIMD: {bench.Machine.Simd}");
        Console.WriteLine($"GPU rungs run on: {bench.Machine.Gpu}");
        Output.Table(null, BenchTable.Headers(bench), BenchTable.Rows(bench));
    }
}
