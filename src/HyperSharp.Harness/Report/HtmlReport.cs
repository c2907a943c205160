using System.Globalization;
using System.Net;
using System.Text;

namespace HyperSharp.Harness.Report;

/// <summary>
/// Renders a <see cref="ReportFile"/> as one self-contained HTML page: machine, per-system tables (the same rows as
/// the console's), charts as embedded PNGs, verification notes and versions.
/// </summary>
public static class HtmlReport
{
    public static string Render(ReportFile report)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>HyperSharp report</title>
            <style>
             body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1320px;padding:0 1em;color:#222}
             .scroll{overflow-x:auto;max-width:100%}
             table{border-collapse:collapse;margin:1em 0;font-size:.8em} th,td{border:1px solid #ccc;padding:.2em .45em;text-align:right;white-space:nowrap}
             th{background:#f0f0f0} td:last-child{white-space:normal;min-width:14em;text-align:left}
             table.summary{font-size:.95em} table.summary td{text-align:left}
             tr.peer td{color:#555;background:#fafafa} tr.bad td{background:#fdd;color:#777} .note{color:#555;font-size:.9em}
             details{margin:1em 0} summary{cursor:pointer;font-weight:600}
             img{max-width:100%;border:1px solid #eee;margin:.5em 0}
            </style></head><body>
            <h1>HyperSharp report</h1>
            <p class="note">Made {{Enc(report.Created.ToString("u", CultureInfo.InvariantCulture))}} by <code>hyper report</code>.
            Every rung ran in its own process: warm-up, then timed repeats; the table gives the median and the range.
            Each rung's answer was checked against its system's reference rung (on a smaller spec where the reference would take too long);
            peers (C, Python) ran on the same input and their checksums were compared with an exact rung's.</p>
            <h2>Machine</h2>
            """);
        MachineInfo m = report.Machine;
        Table(html, [],
        [
            ["CPU", m.Cpu], ["logical cores", m.LogicalCores.ToString(CultureInfo.InvariantCulture)],
            ["memory", Units.Bytes(m.MemoryBytes)], ["OS", m.Os], ["runtime", m.Runtime], ["SIMD", m.Simd],
            ["GPU rungs run on", m.Gpu], ["HyperSharp", m.HyperSharp],
        ], _ => null);

        // The summary first: per system, the fastest verified rung against the reference, the peers and the limit.
        html.Append("<h2>Summary</h2><p class=\"note\">Per system, its fastest verified rung at the largest size the reference ran: " +
            "the speed-up over the reference, the ratio to the best C and Python peers at the same size (when peers ran), and the fraction of " +
            "the machine's limit measured in the same run (STREAM for memory-bound work, the FMA peak for compute-bound work; " +
            "work counted as each system states below its table). Unverified rows are never ranked.</p>");
        Table(html, Headline.Headers, report.Benches.Select(Headline.Of).OfType<Headline>().Select(h => h.Row()).ToList(), _ => null, "summary");

        // The roofline: every system that counts its work, against the bandwidth and FMA roofs measured in the same run.
        if (Roofline.Points(report.Benches).Count > 0 && Roofline.Limits(report.Benches).All is not null)
        {
            html.Append("<h2>Roofline</h2><p class=\"note\">Attained FLOP/s of every verified CPU row at its system's largest size against its " +
                "arithmetic intensity (flops per byte, as each system counts its work below its table), under the memory roof (STREAM × intensity) " +
                "and the FMA peak measured in this run. Systems that count no bytes (all in registers) sit at the right edge.</p>");
            Image(html, Roofline.Chart(report.Benches), "roofline");
        }

        foreach (BenchFile bench in report.Benches)
        {
            html.Append($"<h2>{Enc(bench.System)}</h2><p>{Enc(bench.Title)}. Throughput in {Enc(bench.Unit)}.</p>");
            if (Headline.Of(bench) is { } headline)
                html.Append($"<p>Fastest: <b>{Enc(headline.Fastest.Rung)}</b> ({Enc(BenchTable.Uses(headline.Fastest))}) at {Enc(headline.Size)}: " +
                    $"{Enc(Units.Si(headline.Fastest.Throughput))} {Enc(bench.Unit)}" +
                    (headline.VsReference is { } x ? $", {Enc(Units.Ratio(x))} the reference" : "") +
                    (headline.Fastest.Limit is { } l ? $", {Enc(MachineLimits.Describe(l))}" : "") + ".</p>");
            if (report.Profiles?.FirstOrDefault(p => p.System == bench.System) is { } profile)
                ProfileSection(html, profile);
            html.Append($"<details><summary>Every row ({bench.Results.Count}), charts and notes</summary>");
            Table(html, BenchTable.Headers(bench), BenchTable.Rows(bench).ToList(),
                i => bench.Results[i] switch
                {
                    { Verified: false } => "bad",
                    { Error: null } r when !BenchTable.Ranked(r) => "bad",
                    { Kind: "peer" } => "peer",
                    _ => null,
                });

            double[] sizes = bench.Results.Where(BenchTable.Ranked)
                .Select(r => BenchTable.AxisValue(r, bench.SizeName)).Where(s => s > 0).Distinct().Order().ToArray();
            if (sizes.Length > 0)
                Image(html, Charts.ThroughputPerRung(bench, sizes[^1]), $"throughput per rung, {bench.System}");
            if (sizes.Length > 1)
                Image(html, Charts.ThroughputAgainstSize(bench), $"throughput against size, {bench.System}");
            // primecheck's flag mechanisms against the check interval (nothing for other systems).
            string flags = string.Join('\n', Primes.FlagSweep.Notes(bench));
            if (flags.Length > 0)
                html.Append($"<pre class=\"note\">{Enc(flags.Trim())}</pre>\n");
            foreach ((byte[] png, string alt) in Primes.FlagSweep.Charts(bench))
                Image(html, png, alt);

            var versions = bench.Results.Where(r => r.Version is not null)
                .GroupBy(r => r.Version!)
                .Select(g => $"{string.Join(", ", g.Select(r => r.Rung).Distinct())}: {g.Key}").ToList();
            if (versions.Count > 0)
                html.Append($"<p class=\"note\">Versions: {Enc(string.Join("; ", versions))}</p>");
            string limits = string.Join(" ", MachineLimits.Notes(bench).Where(n => n.Length > 0));
            if (limits.Length > 0)
                html.Append($"<p class=\"note\">{Enc(limits)}</p>");
            html.Append("</details>\n");
        }
        if (report.Collections is { } collections)
        {
            html.Append("<h2>The books' collection tables</h2>\n");
            Tables.TablesHtml.AppendTables(html, collections, level: 3);
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Why the fast rung is fast: both rungs' hot methods side by side, then their memory.</summary>
    private static void ProfileSection(StringBuilder html, SystemProfile p)
    {
        html.Append($"<details open><summary>Profile: {Enc(p.Reference.Rung)} against {Enc(p.Fastest?.Rung ?? "—")} at {Enc(p.Spec)}</summary>" +
            "<p class=\"note\">Each rung profiled in a child run (<code>hyper profile</code>, samples of its timed runs only) with its memory read " +
            "(<code>hyper memory</code>): where the time goes in each, hottest exclusive method first.</p>");
        Table(html, p.MethodHeaders(), p.MethodRows().ToList(), _ => null);
        Table(html, SystemProfile.MemoryHeaders, p.MemoryRows().ToList(), _ => null);
        html.Append("</details>\n");
    }

    internal static void Table(StringBuilder html, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, Func<int, string?> rowClass,
        string? tableClass = null)
    {
        html.Append(tableClass is null ? "<div class=\"scroll\"><table>" : $"<div class=\"scroll\"><table class=\"{tableClass}\">");
        if (headers.Count > 0)
            html.Append("<tr>").Append(string.Concat(headers.Select(h => $"<th>{Enc(h)}</th>"))).Append("</tr>\n");
        for (int i = 0; i < rows.Count; i++)
        {
            string? cls = rowClass(i);
            html.Append(cls is null ? "<tr>" : $"<tr class=\"{cls}\">");
            foreach (string c in rows[i])
                html.Append($"<td>{Enc(c)}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</table></div>\n");
    }

    private static void Image(StringBuilder html, byte[] png, string alt) =>
        html.Append($"<div><img alt=\"{Enc(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"></div>\n");

    internal static string Enc(string s) => WebUtility.HtmlEncode(s);
}
