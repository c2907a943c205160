using System.CommandLine;
using HyperSharp.Harness.Table;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper table</c>: the talk's magic table (which technique helps which bottleneck) measured on this machine with
/// the existing ladders, written as a coloured PNG and an HTML page beside the talk's claims.
/// </summary>
internal static class TableCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Folder for table.png and table.html (created; checked before anything runs).", DefaultValueFactory = _ => "." };
        var quick = new Option<bool>("--quick") { Description = "Tiny specs, one run each: checks that every cell runs; the figures are noise." };
        var columns = new Option<string?>("--columns") { Description = "Comma-separated columns to measure (cpu, ram, disk, network; default: all)." };
        Option<bool> json = CommonOptions.Json();
        var table = new Command("table", "The talk's magic table measured here: threads, processes, async, SIMD, GPU and Native AOT against CPU, RAM, disk and network; each cell the speed-up over the serial rung with its range and memory multiple, beside the talk's claim (a PNG and an HTML page).")
        {
            output, quick, columns, json,
        };
        table.SetAction(p => Guard.Run(() =>
        {
            string folder = p.GetValue(output)!;
            string png = Path.Combine(folder, "table.png"), html = Path.Combine(folder, "table.html");
            IReadOnlyList<string> chosen = CommonOptions.Names(p.GetValue(columns));
            foreach (string c in chosen)
                if (!MagicTable.Columns.Any(k => k.Key == c))
                    throw new SpecException($"--columns: unknown column '{c}' (columns: {string.Join(", ", MagicTable.Columns.Select(k => k.Key))})");
            Directory.CreateDirectory(folder);
            AtomicFile.CheckWritable(png);
            AtomicFile.CheckWritable(html);
            MagicTableResult result = Output.Progress("table", log => MagicTable.Measure(p.GetValue(quick), [.. chosen], log));
            byte[] image = MagicTableRender.Png(result);
            AtomicFile.WriteAllBytes(png, image);
            AtomicFile.WriteAllText(html, MagicTableRender.Html(result, image));
            Console.WriteLine(p.GetValue(json) ? MagicTableRender.Json(result) : MagicTableRender.Text(result));
            Output.Log($"wrote {png} and {html}");
            return 0;
        }));
        return table;
    }
}
