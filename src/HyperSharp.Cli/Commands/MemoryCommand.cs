using System.CommandLine;
using System.Text.Json;
using HyperSharp.Diagnostics;
using HyperSharp.Harness;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper memory SYSTEM --rung NAME</c>: memory_profiler/mprof for a rung. Runs it in a child <c>hyper run</c>,
/// reads the child's working set every 10 ms and its GC heap from the GC's events (EventPipe), and prints the peaks
/// with what the child measured of its timed runs (bytes allocated per run, collections, GC pause); <c>-o</c> writes a
/// PNG of memory over time with each timed run shaded. The diagnostics assemblies load only when it runs.
/// </summary>
internal static class MemoryCommand
{
    private sealed class SystemOf : ILadderVisitor<Command>
    {
        public Command Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder) => ForSystem(ladder);
    }

    public static Command Create(IEnumerable<HyperSharp.Harness.Bench.ISystemBench> systems)
    {
        var memory = new Command("memory", "Memory over a rung's run (working set and GC heap every 10 ms), bytes allocated, collections, GC pause; -o plots it.");
        foreach (var system in systems)
            memory.Subcommands.Add(system.Ladder.Accept(new SystemOf()));
        return memory;
    }

    private static Command ForSystem<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
    {
        var rung = new Option<string>("--rung") { Description = $"Rung to run: {string.Join(", ", ladder.Rungs.Select(r => r.Name))}.", Required = true };
        var output = new Option<string?>("--output", "-o") { Description = "Write a PNG of memory over time, the timed runs shaded (written whole or not at all)." };
        Option<bool> json = CommonOptions.Json();
        var spec = new SpecOptions<TSpec>(ladder.Spec);
        Option[] forwarded = [rung, .. spec.Options, CommonOptions.Threads(), CommonOptions.Processes(), CommonOptions.Concurrency(), CommonOptions.NoCache()];
        var command = new Command(ladder.Name, $"Memory of one rung of {ladder.Title} over its run, in a child `hyper run`.") { output, json };
        foreach (Option o in forwarded)
            command.Options.Add(o);
        command.SetAction(p => Guard.Run(() =>
        {
            // Every input is checked here, before a child starts.
            string name = ladder.Find(p.GetValue(rung)!).Name;
            ladder.Validate(spec.Bind(p));
            string? png = p.GetValue(output);
            if (png is not null)
            {
                if (!png.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
                    throw new SpecException($"-o writes a PNG: give a name ending in .png (got '{png}')");
                AtomicFile.CheckWritable(png);
            }
            List<string> args = ["run", ladder.Name, .. ChildArgs.Forward(p, forwarded), "--json"];
            return Execute(ladder.Name, name, args, png, p.GetValue(json));
        }));
        return command;
    }

    private static int Execute(string system, string rung, IReadOnlyList<string> args, string? png, bool json)
    {
        string folder = Directory.CreateTempSubdirectory("hyper-memory-").FullName;
        try
        {
            string trace = Path.Combine(folder, "memory.nettrace");
            (RunResult result, List<(DateTime, long)> workingSet) = TracedChild.RunRecorded(args, trace, MemoryTrace.Providers(), rundown: false);
            MemoryTrace memory = MemoryTrace.Load(trace, workingSet);
            if (memory.Samples.Count == 0)
                throw new InvalidOperationException("no reading of the working set was taken (the run ended within one interval?)");
            var outputs = new List<string>();
            if (png is not null)
            {
                AtomicFile.WriteAllBytes(png, MemoryPlot.Png(memory, $"{system}/{rung}: {Spec(result)}"));
                outputs.Add(png);
            }
            if (json)
                PrintJson(memory, result, outputs);
            else
                Print(memory, result, outputs);
            return result.Verified == false ? Guard.Failure : 0;
        }
        catch (ProfileException ex)
        {
            throw new SpecException(ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Spec(RunResult r) => string.Join(", ", (r.Spec ?? []).Select(kv => $"{kv.Key} {kv.Value}"));

    private static void Print(MemoryTrace m, RunResult r, IReadOnlyList<string> outputs)
    {
        TimedSpan? timed = m.TimedRegion;
        Console.WriteLine($"{r.System}/{r.Rung} ({Spec(r)}): {m.Samples.Count:N0} readings every {MemoryTrace.IntervalMs:0} ms over {Units.Seconds(m.DurationSeconds)}"
            + (timed is { } t ? $", {m.Runs.Count} timed runs from {t.Start:F2} s to {t.Stop:F2} s" : ""));
        string During(Func<TimedSpan?, long> peak) => timed is null ? "" : $" (during the timed runs {Units.Bytes(peak(timed))})";
        Console.WriteLine($"  peak working set  {Units.Bytes(m.PeakWorkingSet())}{During(m.PeakWorkingSet)}");
        Console.WriteLine($"  peak GC heap      {Units.Bytes(m.PeakGcHeap())}{During(m.PeakGcHeap)}");
        Console.WriteLine($"  allocated         {Units.Bytes(r.AllocatedBytes)} per timed run (the most of {r.Repeats} runs)");
        if (r.GcCounts is { } gc)
            Console.WriteLine($"  collections       {gc.Gen0} gen0, {gc.Gen1} gen1, {gc.Gen2} gen2 during the timed runs");
        Console.WriteLine($"  GC pause          {Units.Seconds(r.GcPauseSeconds ?? 0)} during the timed runs");
        foreach (string o in outputs)
            Console.WriteLine($"wrote {o}");
    }

    private static void PrintJson(MemoryTrace m, RunResult r, IReadOnlyList<string> outputs)
    {
        TimedSpan? timed = m.TimedRegion;
        var json = new Dictionary<string, object?>
        {
            ["system"] = r.System,
            ["rung"] = r.Rung,
            ["spec"] = r.Spec,
            ["interval_ms"] = MemoryTrace.IntervalMs,
            ["readings"] = m.Samples.Count,
            ["duration_seconds"] = m.DurationSeconds,
            ["timed_region"] = timed is { } t ? new { start_seconds = t.Start, stop_seconds = t.Stop, runs = m.Runs.Count } : null,
            ["peak_working_set_bytes"] = m.PeakWorkingSet(),
            ["peak_gc_heap_bytes"] = m.PeakGcHeap(),
            ["timed_peak_working_set_bytes"] = timed is null ? null : m.PeakWorkingSet(timed),
            ["timed_peak_gc_heap_bytes"] = timed is null ? null : m.PeakGcHeap(timed),
            ["allocated_bytes"] = r.AllocatedBytes,
            ["repeats"] = r.Repeats,
            ["gc_counts"] = r.GcCounts,
            ["gc_pause_seconds"] = r.GcPauseSeconds,
            ["verified"] = r.Verified,
            ["series"] = m.Samples.Select(s => new { seconds = s.Seconds, working_set_bytes = s.WorkingSetBytes, gc_heap_bytes = s.GcHeapBytes }),
            ["runs"] = m.Runs.Select(s => new { start_seconds = s.Start, stop_seconds = s.Stop }),
            ["outputs"] = outputs,
        };
        Console.WriteLine(JsonSerializer.Serialize(json, RunResult.JsonOptions));
    }
}
