using HyperSharp.Diagnostics;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Report;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper report --profile</c>: after a system's bench, its reference and its fastest verified rung at the largest
/// size where the reference's run takes at most a quarter of a second (a few seconds each), each in one child run recorded for both its profile and its
/// memory — the same child command as the bench's row, so the same spec, threads and verification.
/// </summary>
internal static class ReportProfiles
{
    /// <summary>The longest reference run (in the bench) a profiled size may have.</summary>
    internal const double MaxReferenceSeconds = 0.25;

    public static SystemProfile? Measure(ISystemBench system, BenchSettings settings, BenchFile bench, Action<string> log)
    {
        List<RunResult> rows = [.. bench.Results.Where(r => BenchTable.Ranked(r) && r.Kind != "peer")];
        // The largest size whose reference run takes at most MaxReferenceSeconds (its repeats then stop at the harness's
        // 2-second target), else the smallest: the fast rung gets as many samples as a bounded time allows.
        List<RunResult> references = [.. rows.Where(r => r.Kind == "reference").OrderBy(r => r.Work)];
        if (references.Count == 0)
            return null;
        RunResult reference = references.LastOrDefault(r => r.Seconds <= MaxReferenceSeconds) ?? references[0];
        RunResult fastest = rows.Where(r => SameSpec(r.Spec, reference.Spec)).MaxBy(r => r.Throughput)!;
        string work = Directory.CreateTempSubdirectory("hyper-report-profile-").FullName;
        try
        {
            List<BenchItem> items = [.. system.Plan(settings with { Peers = false }, work).Where(i => !i.IsPeer && !i.IsCheck && i.Skip is null)];
            RungProfile Of(RunResult row)
            {
                List<BenchItem> same = [.. items.Where(i => i.Label == row.Rung && SameSpec(i.Spec, row.Spec))];
                BenchItem? item = same.FirstOrDefault(i => i.Threads == row.Threads)
                    ?? same.FirstOrDefault(i => row.Resources?.GetValueOrDefault("processes") == i.Threads) ?? same.FirstOrDefault();
                if (item is null)
                    return new RungProfile { Rung = row.Rung, Error = "not in the bench's plan" };
                log($"run profile {system.Ladder.Name}/{row.Rung}");
                return Record(row.Rung, [.. item.Command.Skip(ChildProcess.Self().Count)]);
            }
            return new SystemProfile
            {
                System = system.Ladder.Name,
                Spec = string.Join(", ", system.Axes.Select(a => $"{a} {(reference.Spec?.TryGetValue(a, out SpecValue v) == true ? v.Display() : "?")}")),
                Reference = Of(reference),
                Fastest = ReferenceEquals(fastest, reference) ? null : Of(fastest),
            };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static bool SameSpec(IReadOnlyDictionary<string, SpecValue>? a, IReadOnlyDictionary<string, SpecValue>? b) =>
        a is not null && b is not null && a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out SpecValue v) && Peer.Same(v, kv.Value));

    /// <summary>One child run, recorded once for its samples and its memory.</summary>
    private static RungProfile Record(string rung, IReadOnlyList<string> args)
    {
        string folder = Directory.CreateTempSubdirectory("hyper-report-trace-").FullName;
        try
        {
            string trace = Path.Combine(folder, "trace.nettrace");
            (RunResult result, List<(DateTime, long)> workingSet) = TracedChild.RunRecorded(args, trace, Sampler.Providers(memory: true), rundown: true);
            Profile profile = Profile.Load(trace, lineMethods: 0);
            MemoryTrace memory = MemoryTrace.Load(trace, workingSet);
            return new RungProfile
            {
                Rung = rung,
                Threads = result.Threads,
                Seconds = result.Seconds,
                Samples = profile.Samples,
                Methods = [.. profile.Methods.Where(m => m.Exclusive > 0).Take(SystemProfile.TopMethods).Select(m => new MethodSummary(m.Name, m.ExclusivePct, m.InclusivePct))],
                AllocatedBytes = result.AllocatedBytes,
                PeakWorkingSetBytes = memory.PeakWorkingSet(),
                PeakGcHeapBytes = memory.PeakGcHeap(),
                GcCounts = result.GcCounts,
                GcPauseSeconds = result.GcPauseSeconds,
            };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A rung that cannot be profiled is a row that says why; the report goes on.
            return new RungProfile { Rung = rung, Error = ex.Message };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
