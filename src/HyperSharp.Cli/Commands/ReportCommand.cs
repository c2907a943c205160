using HyperSharp.IO;
using System.CommandLine;
using HyperSharp.Cli.Systems;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Report;
using HyperSharp.Harness.Tables;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper report</c>, the main job: bench every system at sizes that finish in a few minutes on 2 cores, then
/// write a self-contained HTML page and the JSON it was made from (each written atomically).
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "The HTML page to write; the JSON goes beside it with the extension .json.",
            DefaultValueFactory = _ => "hypersharp-report.html",
        };
        var from = new Option<string?>("--from") { Description = "Render an existing report JSON instead of measuring." };
        Option<bool> peers = CommonOptions.Peers();
        Option<string?> peersDir = CommonOptions.PeersDir();
        Option<bool> noCache = CommonOptions.NoCache();
        var profile = new Option<bool>("--profile")
        {
            Description = "Also profile each system's reference and fastest rung (hot methods side by side, memory): a few seconds a system.",
        };
        var systems = new Option<string?>("--systems") { Description = "Comma-separated systems to report on (default: every system)." };
        var command = new Command("report", "Bench every system and write an HTML report with tables and charts, plus its JSON.")
        {
            output, peers, peersDir, from, noCache, profile, systems,
        };
        command.SetAction(p => Guard.Run(() =>
        {
            string html = p.GetValue(output)!;
            string json = Path.ChangeExtension(html, ".json");
            string? source = p.GetValue(from);
            IReadOnlyList<string> names = CommonOptions.Names(p.GetValue(systems));
            ISystemBench[] chosen = names.Count == 0 ? [.. Catalog.Benches] : [.. names.Select(n => Catalog.Benches.FirstOrDefault(b => b.Ladder.Name == n)
                ?? throw new HyperSharp.Ladder.SpecException($"unknown system '{n}' (systems: {string.Join(", ", Catalog.Ladders.Select(l => l.Name))})"))];
            AtomicFile.CheckWritable(html);
            if (source is null)
                AtomicFile.CheckWritable(json);
            ReportFile report = source is not null
                ? ReportFile.Load(source)
                : Measure(chosen, tables: names.Count == 0, p.GetValue(peers), p.GetValue(peersDir), p.GetValue(noCache), p.GetValue(profile));

            if (source is null)
                AtomicFile.WriteAllText(json, report.ToJson());
            AtomicFile.WriteAllText(html, HtmlReport.Render(report));
            foreach (BenchFile bench in report.Benches)
                BenchExecution.Print(bench);
            if (report.Collections is not null)
                TablesCommand.Print(report.Collections);
            foreach (SystemProfile sp in report.Profiles ?? [])
                PrintProfile(sp);
            Output.Table("summary", Headline.Headers, report.Benches.Select(Headline.Of).OfType<Headline>().Select(h => h.Row()));
            Output.Log(source is null ? $"wrote {html} and {json}" : $"wrote {html}");
            return report.Benches.SelectMany(b => b.Results).Any(r => r.Verified == false) || report.Collections?.AllAgree == false
                ? Guard.Failure : 0;
        }));
        return command;
    }

    /// <summary>The benches of <paramref name="systems"/>; the books' collection tables too when <paramref name="tables"/> (a report of every system).</summary>
    private static ReportFile Measure(IReadOnlyList<ISystemBench> systems, bool tables, bool peers, string? peersDir, bool noCache, bool profile)
    {
        MachineInfo machine = MachineInfo.Current();
        var benches = new List<BenchFile>();
        List<SystemProfile>? profiles = profile ? [] : null;
        foreach (ISystemBench system in systems)
        {
            BenchSettings settings = BenchSettings.Defaults(peers, peersDir, report: true) with { NoCache = noCache };
            BenchFile bench = Output.Progress($"report: {system.Ladder.Name}", log => BenchRunner.Run(system, settings, machine, log));
            benches.Add(bench);
            if (profiles is not null && Output.Progress($"report: {system.Ladder.Name} profile", log => ReportProfiles.Measure(system, settings, bench, log)) is { } sp)
                profiles.Add(sp);
        }
        var tableSettings = new TablesSettings(CollectionsTable.DefaultSizes, TablesSettings.Default, CPython: peers, PeersDir: peersDir);
        CollectionsTables? collections = tables ? Output.Progress("report: collections tables", log => CollectionsTables.Measure(tableSettings, log)) : null;
        return new ReportFile { Created = DateTimeOffset.UtcNow, Machine = machine, Benches = benches, Collections = collections, Profiles = profiles };
    }

    private static void PrintProfile(SystemProfile p)
    {
        Output.Table($"{p.System}: {p.Reference.Rung} against {p.Fastest?.Rung ?? "—"} at {p.Spec} (exclusive and inclusive % of each rung's samples)",
            p.MethodHeaders(), p.MethodRows());
        Output.Table(null, SystemProfile.MemoryHeaders, p.MemoryRows());
    }
}
