using HyperSharp.IO;
using System.CommandLine;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// Builds <c>hyper bench NAME</c> for any system from its spec declaration: a list option for each size axis
/// (<c>--counts</c>) and each swept parameter (<c>--chunks</c>), a single value for the others, plus the options every
/// bench shares (rungs, threads, JSON file, peers). Everything — the values, the rungs, the output path — is checked
/// before the first run starts.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(ISystemBench bench)
    {
        ILadder ladder = bench.Ladder;
        Option<string?> rungs = CommonOptions.Rungs(), threads = CommonOptions.ThreadList(), json = CommonOptions.JsonFile(),
            peersDir = CommonOptions.PeersDir();
        Option<bool> peers = CommonOptions.Peers(), noCache = CommonOptions.NoCache();
        var command = new Command(ladder.Name, $"{ladder.Title}. Bench every rung (and the peers), each in its own process; a table and JSON.") { rungs };
        var parameters = new List<(SpecParameter Parameter, Option<string?> Option, bool List)>();
        foreach (SpecParameter p in ladder.Parameters.Where(p => !p.IsDerived))
        {
            (string name, bool list, string description) = p switch
            {
                { Axis: { } axis } => ("--" + axis.Option, true,
                    $"Comma-separated values of {p.Name}, one row each (default: {string.Join(",", axis.Bench)}). {p.Describe(withDefault: false)}"),
                { SweepOption: { } sweep } => ("--" + sweep, true,
                    $"Comma-separated values of {p.Name}: every rung at the first, the rungs it matters to at every other (default: {p.Default}). {p.Describe(withDefault: false)}"),
                _ => (p.Option, false, p.Describe()),
            };
            var option = new Option<string?>(name) { Description = description };
            parameters.Add((p, option, list));
            command.Options.Add(option);
        }
        var rounds = new Option<int>("--rounds")
        {
            Description = "Run the whole plan this many times, row after row, each row pooling its rounds' timings: rows interleaved in time, so a drift of the machine's speed falls on all of them (default: 1).",
            DefaultValueFactory = _ => 1,
        };
        foreach (Option option in new Option[] { threads, json, peers, peersDir, noCache, rounds })
            command.Options.Add(option);
        // Only a system whose rungs keep operations in flight (the crawler) takes counts of them.
        Option<string?>? concurrency = ladder.Rungs.Any(r => r.Uses.HasFlag(RungResources.Concurrency))
            ? new Option<string?>("--concurrency") { Description = $"Comma-separated counts of operations in flight for the rungs and peers that keep them (default: {string.Join(",", BenchSettings.DefaultConcurrency)})." }
            : null;
        if (concurrency is not null)
            command.Options.Add(concurrency);
        // Only a ladder with a distributed rung takes counts of silos.
        Option<string?>? nodes = ClusterOptions.Apply(ladder)
            ? new Option<string?>("--nodes") { Description = $"Comma-separated counts of silos the distributed rung embeds in its process, a row each (default: {string.Join(",", BenchSettings.DefaultNodes)}); the other rungs run once, and --rungs without the distributed rung is an error." }
            : null;
        if (nodes is not null)
            command.Options.Add(nodes);

        command.SetAction(p => Guard.Run(() =>
        {
            var values = new Dictionary<string, IReadOnlyList<SpecValue>>();
            foreach ((SpecParameter parameter, Option<string?> option, bool list) in parameters)
            {
                if (p.GetValue(option) is not { } text)
                    continue;
                string[] items = list ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [text];
                if (items.Length == 0)
                    throw new SpecException($"{option.Name} needs at least one value");
                values[parameter.Name] = items.Select(parameter.Parse).ToArray();
            }
            var settings = new BenchSettings(CommonOptions.Names(p.GetValue(rungs)), values,
                CommonOptions.Counts(p.GetValue(threads), "--threads"), p.GetValue(peers), p.GetValue(peersDir), NoCache: p.GetValue(noCache))
            {
                Concurrency = concurrency is null ? [] : CommonOptions.Counts(p.GetValue(concurrency), "--concurrency"),
                Nodes = nodes is null ? [] : CommonOptions.Counts(p.GetValue(nodes), "--nodes"),
                Rounds = p.GetValue(rounds) is var r and >= 1 and <= 100 ? r : throw new SpecException("--rounds must be 1 to 100"),
            };
            string? jsonFile = p.GetValue(json);
            if (jsonFile is not null)
                AtomicFile.CheckWritable(jsonFile);
            bench.Validate(settings);
            return BenchExecution.Execute(bench, settings, jsonFile);
        }));
        return command;
    }
}
