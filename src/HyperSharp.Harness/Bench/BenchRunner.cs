using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>
/// Runs a system's bench plan, every item in a process of its own, and gathers the results into a
/// <see cref="BenchFile"/>. Items that cannot run are kept with the reason, so a table can say why a row is missing.
/// </summary>
public static class BenchRunner
{
    public static BenchFile Run(ISystemBench system, BenchSettings settings, MachineInfo machine, Action<string> log)
    {
        string work = Directory.CreateTempSubdirectory("hypersharp-bench-").FullName;
        try
        {
            var results = new List<RunResult>();
            // Exact answers run only to check the peers against: used for that, not rows of the bench.
            var checks = new List<RunResult>();
            foreach (BenchItem item in system.Plan(settings, work))
            {
                string where = item.Where(system.Axes);
                if (item.Skip is not null)
                {
                    log($"skip {where}: {item.Skip}");
                    results.Add(ChildProcess.Failed(system.Ladder.Name, item.Label, item.Skip) with
                    {
                        Kind = item.IsPeer ? "peer" : null,
                        Threads = item.Threads,
                        Resources = item.Resources,
                        Spec = item.Spec.ToDictionary(),
                        Skipped = true,
                    });
                    continue;
                }
                log($"{(item.IsCheck ? "check" : "run ")} {where}{(item.IsCheck ? " (an exact rung for the peers to be checked against)" : "")}");
                RunResult result = ChildProcess.Run(item.Command, system.Ladder.Name, item.Label, settings.ChildTimeout, log);
                result = result.Error is null ? result : result with
                {
                    Kind = item.IsPeer ? "peer" : result.Kind,
                    Threads = item.Threads,
                    Resources = result.Resources ?? item.Resources,
                    Spec = result.Spec ?? item.Spec.ToDictionary(),
                };
                if (item.Program is { } peer && result.Error is null)
                {
                    result = Peer.Account(result, item, system.Ladder.Unit);
                    if (result.Error is null)
                    {
                        result = system.VerifyPeer(result with
                        {
                            Unstable = result.Seconds > RunResult.UnstableRatio * result.MinSeconds ? true : null,
                        }, peer, [.. results, .. checks], item.AnswerPath);
                    }
                }
                if (item.AnswerPath is not null)
                    File.Delete(item.AnswerPath); // a large grid's answer is as big as the grid
                if (result.Error is not null)
                    log($"     {item.Label}: {result.Error}");
                (item.IsCheck ? checks : results).Add(result);
            }
            return MachineLimits.Place(new BenchFile
            {
                Created = DateTimeOffset.UtcNow,
                Machine = machine,
                System = system.Ladder.Name,
                Title = system.Ladder.Title,
                Unit = system.Ladder.Unit,
                SizeName = system.Axes.FirstOrDefault() ?? "",
                Axes = [.. system.Axes],
                Results = results,
            }, system.Ladder.Cost, system.Ladder.CostOf, log);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
