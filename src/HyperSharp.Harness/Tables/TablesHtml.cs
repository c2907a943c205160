using System.Globalization;
using System.Text;
using HyperSharp.Harness.Report;

namespace HyperSharp.Harness.Tables;

/// <summary>The collections tables as a self-contained HTML page, or as a section of the HTML report.</summary>
public static class TablesHtml
{
    public static string Render(CollectionsTables tables)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>HyperSharp: the books' collection tables</title>
            <style>
             body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1400px;color:#222}
             table{border-collapse:collapse;margin:1em 0;font-size:.85em} th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right;white-space:nowrap}
             th{background:#f0f0f0} td:nth-child(1),td:nth-child(2),td:nth-child(5){text-align:left} .note{color:#555;font-size:.9em}
            </style></head><body>
            <h1>The books' collection tables, measured here</h1>
            """);
        MachineInfo m = tables.Machine;
        html.Append($"<p class=\"note\">Made {HtmlReport.Enc(tables.Created.ToString("u", CultureInfo.InvariantCulture))} by "
            + $"<code>hyper tables collections</code> on {HtmlReport.Enc(m.Cpu)} ({m.LogicalCores} logical cores), "
            + $"{HtmlReport.Enc(m.Runtime)}, {HtmlReport.Enc(m.Os)}. CPython: {HtmlReport.Enc(tables.CPython ?? tables.CPythonNote ?? "not measured")}.</p>\n");
        AppendTables(html, tables, level: 2);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>Appends the three tables, each under a heading of <paramref name="level"/>.</summary>
    public static void AppendTables(StringBuilder html, CollectionsTables tables, int level)
    {
        foreach (TextTable t in TablesText.All(tables, ranges: true))
        {
            html.Append($"<h{level}>{HtmlReport.Enc(t.Title)}</h{level}>\n");
            HtmlReport.Table(html, t.Headers, t.Rows, _ => null);
            if (t.Note is not null)
                html.Append($"<p class=\"note\">{HtmlReport.Enc(t.Note)}</p>\n");
        }
    }
}
