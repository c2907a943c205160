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
            // With several rounds the plan runs again and again, item after item, so a drift of the machine's speed
            // (another tenant, a clock change) falls on every row alike instead of on the rows that ran during it.
            BenchItem[] plan = [.. system.Plan(settings, work)];
            int rounds = Math.Max(1, settings.Rounds);
            var perItem = new List<RunResult>?[plan.Length];
            // Exact answers run only to check the peers against: used for that, not rows of the bench.
            var checks = new List<RunResult>();
            for (int round = 0; round < rounds; round++)
            {
                if (rounds > 1)
                    log($"round {round + 1} of {rounds}");
                var thisRound = new List<RunResult>();
                for (int i = 0; i < plan.Length; i++)
                {
                    BenchItem item = plan[i];
                    // A skipped item says so once; a check answers the same every round.
                    if (round > 0 && (item.Skip is not null || item.IsCheck))
                        continue;
                    RunResult result = RunItem(system, settings, item, [.. thisRound, .. checks], log);
                    if (item.IsCheck)
                        checks.Add(result);
                    else
                    {
                        thisRound.Add(result);
                        (perItem[i] ??= []).Add(result);
                    }
                }
            }
            List<RunResult> results = [.. perItem.OfType<List<RunResult>>().Select(RunResult.Pooled)];
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
            }, system.Ladder.Cost, system.Ladder.CostOf, log) with { Rounds = rounds > 1 ? rounds : null };
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>One item in a process of its own (or its reason to skip); a peer checked against <paramref name="earlier"/>.</summary>
    private static RunResult RunItem(ISystemBench system, BenchSettings settings, BenchItem item, List<RunResult> earlier, Action<string> log)
    {
        string where = item.Where(system.Axes);
        if (item.Skip is not null)
        {
            log($"skip {where}: {item.Skip}");
            return ChildProcess.Failed(system.Ladder.Name, item.Label, item.Skip) with
            {
                Kind = item.IsPeer ? "peer" : null,
                Threads = item.Threads,
                Resources = item.Resources,
                Spec = item.Spec.ToDictionary(),
                Skipped = true,
            };
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
                }, peer, earlier, item.AnswerPath);
            }
        }
        if (item.AnswerPath is not null)
            File.Delete(item.AnswerPath); // a large grid's answer is as big as the grid
        if (result.Error is not null)
            log($"     {item.Label}: {result.Error}");
        return result;
    }
}
