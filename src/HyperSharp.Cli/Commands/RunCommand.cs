using System.CommandLine;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// Builds <c>hyper run NAME</c> for any ladder: <c>--rung</c>, the spec's declared options, the resources
/// (<c>--threads</c>, <c>--processes</c>, <c>--concurrency</c>; <c>--on</c>, <c>--gateway</c>, <c>--nodes</c> for a ladder with a distributed rung) and <c>--json</c>, and the action that measures the
/// rung and verifies it (<see cref="RunExecution"/>).
/// </summary>
internal static class RunCommand
{
    public static Command Create<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
    {
        var rung = new Option<string>("--rung")
        {
            Description = $"Rung to run: {string.Join(", ", ladder.Rungs.Select(r => r.Name))} (see `hyper list`).",
            Required = true,
        };
        var spec = new SpecOptions<TSpec>(ladder.Spec);
        Option<string?> threads = CommonOptions.Threads(), processes = CommonOptions.Processes(), concurrency = CommonOptions.Concurrency();
        Option<bool> json = CommonOptions.Json(), noCache = CommonOptions.NoCache();
        // --on, --gateway, --nodes: only for a ladder with a distributed rung.
        ClusterOptions? cluster = ClusterOptions.Apply(ladder) ? new ClusterOptions() : null;
        var command = new Command(ladder.Name, $"{ladder.Title}. Run one rung: warm up, time repeats, verify its answer.") { rung };
        foreach (Option option in spec.Options.Concat([threads, processes, concurrency]).Concat(cluster?.All ?? []).Concat([json, noCache]))
            command.Options.Add(option);
        command.SetAction(p => Guard.Run(() =>
        {
            RunContext context = CommonOptions.Context(p.GetValue(threads), p.GetValue(processes), p.GetValue(concurrency));
            if (cluster is not null)
                context = cluster.Bind(p, ladder.Find(p.GetValue(rung)!), context);
            return RunExecution.Execute(ladder, p.GetValue(rung)!, spec.Bind(p), context, p.GetValue(json), CommonOptions.Measure(p.GetValue(noCache)));
        }));
        return command;
    }
}
