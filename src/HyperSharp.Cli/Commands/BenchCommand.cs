using System.CommandLine;
using HyperSharp.Harness.Bench;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// Builds <c>hyper bench NAME</c>: the options every system shares (rungs, threads, JSON file, peers) plus the
/// system's own size list and parameters. Everything is validated before the first run starts.
/// </summary>
internal static class BenchCommand
{
    /// <param name="sizes">The system's size list option (<c>--counts</c>, <c>--widths</c>…).</param>
    /// <param name="parameters">The system's other spec options (time, seed…).</param>
    /// <param name="bind">Makes the system's bench from its parsed parameters.</param>
    public static Command Create(
        string name, string description, Option<string?> sizes, IEnumerable<Option> parameters,
        Func<ParseResult, ISystemBench> bind)
    {
        Option<string?> rungs = CommonOptions.Rungs(), threads = CommonOptions.ThreadList(), json = CommonOptions.JsonFile(),
            peersDir = CommonOptions.PeersDir();
        Option<bool> peers = CommonOptions.Peers();
        var command = new Command(name, description) { rungs, sizes };
        foreach (Option option in parameters)
            command.Options.Add(option);
        foreach (Option option in new Option[] { threads, json, peers, peersDir })
            command.Options.Add(option);

        command.SetAction(p => Guard.Run(() =>
        {
            var settings = new BenchSettings(
                CommonOptions.Names(p.GetValue(rungs)), CommonOptions.Longs(p.GetValue(sizes), sizes.Name),
                CommonOptions.Ints(p.GetValue(threads), "--threads"), p.GetValue(peers), p.GetValue(peersDir));
            ISystemBench bench = bind(p);
            bench.Validate(settings);
            return BenchExecution.Execute(bench, settings, p.GetValue(json));
        }));
        return command;
    }
}
