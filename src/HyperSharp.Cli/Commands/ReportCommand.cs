using HyperSharp.Ladder;
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
        var systems = new Option<string?>("--systems")
        {
            Description = "Only these systems, separated by commas (as hyper list names them), and no collections tables; default: every system.",
        };
        var command = new Command("report", "Bench every system and write an HTML report with tables and charts, plus its JSON.")
        {
            output, peers, peersDir, from, noCache, systems,
        };
        command.SetAction(p => Guard.Run(() =>
        {
            string html = p.GetValue(output)!;
            string json = Path.ChangeExtension(html, ".json");
            string? source = p.GetValue(from);
            IReadOnlyList<string> only = CommonOptions.Names(p.GetValue(systems));
            if (only.Count > 0 && source is not null)
                throw new SpecException("--systems chooses what to measure; it cannot be used with --from");
            IReadOnlyList<ISystemBench> chosen = only.Count == 0 ? Catalog.Benches : only.Select(n => Catalog.BenchOf(Catalog.Find(n))).Distinct().ToArray();
            AtomicFile.CheckWritable(html);
            if (source is null)
                AtomicFile.CheckWritable(json);
            ReportFile report = source is not null
                ? ReportFile.Load(source)
                : Measure(chosen, tables: only.Count == 0, p.GetValue(peers), p.GetValue(peersDir), p.GetValue(noCache));

            if (source is null)
                AtomicFile.WriteAllText(json, report.ToJson());
            AtomicFile.WriteAllText(html, HtmlReport.Render(report));
            foreach (BenchFile bench in report.Benches)
                BenchExecution.Print(bench);
            if (report.Collections is not null)
                TablesCommand.Print(report.Collections);
            Output.Table("summary", Headline.Headers, report.Benches.Select(Headline.Of).OfType<Headline>().Select(h => h.Row()));
            Output.Log(source is null ? $"wrote {html} and {json}" : $"wrote {html}");
            return report.Benches.SelectMany(b => b.Results).Any(r => r.Verified == false) || report.Collections?.AllAgree == false
                ? Guard.Failure : 0;
        }));
        return command;
    }

    private static ReportFile Measure(IReadOnlyList<ISystemBench> systems, bool tables, bool peers, string? peersDir, bool noCache)
    {
        MachineInfo machine = MachineInfo.Current();
        var benches = new List<BenchFile>();
        foreach (ISystemBench system in systems)
        {
            BenchSettings settings = BenchSettings.Defaults(peers, peersDir, report: true) with { NoCache = noCache };
            benches.Add(Output.Progress($"report: {system.Ladder.Name}",
                log => BenchRunner.Run(system, settings, machine, log)));
        }
        if (!tables)
            return new ReportFile { Created = DateTimeOffset.UtcNow, Machine = machine, Benches = benches };
        var tableSettings = new TablesSettings(CollectionsTable.DefaultSizes, TablesSettings.Default, CPython: peers, PeersDir: peersDir);
        CollectionsTables collections = Output.Progress("report: collections tables", log => CollectionsTables.Measure(tableSettings, log));
        return new ReportFile { Created = DateTimeOffset.UtcNow, Machine = machine, Benches = benches, Collections = collections };
    }
}
