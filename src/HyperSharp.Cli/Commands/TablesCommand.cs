using System.CommandLine;
using HyperSharp.Harness;
using HyperSharp.Harness.Tables;
using HyperSharp.IO;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper tables collections</c>: the books' own tables of collection timings (Lanaro ch. 2; Gorelick ch. 3–4),
/// regenerated here with the book's, CPython's and .NET's figures side by side and the growth law each shows.
/// </summary>
internal static class TablesCommand
{
    public static Command Create()
    {
        var sizes = new Option<string?>("--sizes")
        {
            Description = $"Comma-separated N, from {TablesSettings.MinSize} to {TablesSettings.MaxSize} (default: the book's 10000,20000,30000; the hash table uses N / 10 keys).",
        };
        Option<bool> json = CommonOptions.Json();
        var output = new Option<string?>("--output", "-o") { Description = "Also write the tables as a self-contained HTML page (checked before anything runs)." };
        var quick = new Option<bool>("--quick") { Description = "One warm-up and one timed run per figure: checks that everything runs; the figures are noise." };
        var noPython = new Option<bool>("--no-cpython") { Description = "Leave out the CPython column (the Python peer is not run)." };
        Option<string?> peersDir = CommonOptions.PeersDir();
        var collections = new Command("collections",
            "Lists, deques, bisect, dict/set and heaps (Lanaro ch. 2), hash quality and list growth (Gorelick ch. 3–4): "
            + "the book's µs, CPython's and .NET's, with the growth law each shows.")
        {
            sizes, json, output, quick, noPython, peersDir,
        };
        collections.SetAction(p => Guard.Run(() =>
        {
            IReadOnlyList<int> n = TablesSettings.ParseSizes(p.GetValue(sizes));
            string? html = p.GetValue(output);
            if (html is not null)
                AtomicFile.CheckWritable(html);
            bool isQuick = p.GetValue(quick);
            var settings = new TablesSettings(n, isQuick ? MeasureOptions.Quick : TablesSettings.Default,
                CPython: !p.GetValue(noPython), PeersDir: p.GetValue(peersDir), PrimeSeconds: isQuick ? 0 : 0.5);
            CollectionsTables tables = Output.Progress("tables collections", log => CollectionsTables.Measure(settings, log));

            if (html is not null)
            {
                AtomicFile.WriteAllText(html, TablesHtml.Render(tables));
                Output.Log($"wrote {html}");
            }
            if (p.GetValue(json))
                Console.WriteLine(tables.ToJson());
            else
                Print(tables);
            if (!tables.AllAgree)
            {
                Output.Error("the .NET counterparts of a row gave different answers: " +
                    string.Join(", ", tables.Operations.Where(o => !o.Agree).Select(o => o.Book)));
                return Guard.Failure;
            }
            return 0;
        }));
        return new Command("tables", "The books' own tables, measured on this machine.") { collections };
    }

    internal static void Print(CollectionsTables tables)
    {
        foreach (TextTable t in TablesText.All(tables, ranges: false))
        {
            Output.Table(t.Title, t.Headers, t.Rows);
            if (t.Note is not null)
                Console.WriteLine(t.Note);
            Console.WriteLine();
        }
    }
}
