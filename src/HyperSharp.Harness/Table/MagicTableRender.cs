using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using ScottPlot;

namespace HyperSharp.Harness.Table;

/// <summary>The measured magic table as text, as a self-contained HTML page (with the PNG inline) and as a coloured PNG (ScottPlot).</summary>
public static class MagicTableRender
{
    private static readonly CultureInfo I = CultureInfo.InvariantCulture;

    /// <summary>What the cell says in one line: "6.73× [5.80–7.10], mem 1.05×" or its reason.</summary>
    public static string Figure(TableCell c) => c.Speedup is { } s
        ? string.Create(I, $"{s:0.00}× [{c.Low:0.00}–{c.High:0.00}]") + (c.MemoryMultiple is { } m ? string.Create(I, $", mem {m:0.00}×") : "")
        : "—";

    /// <summary>The talk's word for a claim.</summary>
    public static string Word(Claim claim) => claim switch
    {
        Claim.Helps => "helps",
        Claim.Some => "some",
        Claim.NoHelp => "no help",
        _ => "no claim",
    };

    /// <summary>The measurement's word.</summary>
    public static string Word(Measured measured) => measured switch
    {
        Measured.Helps => "helps",
        Measured.Some => "some",
        Measured.NoHelp => "no help",
        _ => "not measured",
    };

    /// <summary>One line per cell, then the disagreements.</summary>
    public static string Text(MagicTableResult table)
    {
        var b = new StringBuilder();
        b.AppendLine(string.Create(I, $"the magic table, measured: speed-up over each system's serial rung [range over runs], memory multiple; a technique helps at ≥ {MagicTable.HelpsAbove:0.0}×{(table.Quick ? " (--quick: one run each, figures are noise)" : "")}"));
        b.AppendLine($"{table.Machine.Cpu}, {table.Machine.LogicalCores} cores");
        foreach ((string row, string rowLabel) in MagicTable.Rows)
        {
            foreach ((string column, string columnLabel) in MagicTable.Columns)
            {
                if (table.Cells.FirstOrDefault(c => c.Row == row && c.Column == column) is not { } c)
                    continue;
                string where = c.System is null ? "" : $"{c.System}/{c.Rung}: ";
                b.AppendLine(string.Create(I, $"{rowLabel,-24} {columnLabel,-18} {where}{Figure(c)}; measured {Word(c.Measured)}, talk {Word(c.Claim)}{(c.Disagrees ? "  ≠ DISAGREES" : "")}{(c.Note is null ? "" : $" ({c.Note})")}"));
            }
        }
        int n = table.Cells.Count(c => c.Disagrees);
        b.Append(n == 0 ? "no measured cell disagrees with the talk" : $"{n} cell{(n == 1 ? "" : "s")} disagree{(n == 1 ? "s" : "")} with the talk (marked ≠)");
        return b.ToString();
    }

    private static Color Fill(TableCell c) => c.Measured switch
    {
        Measured.Helps => Color.FromHex("#4caf50"),
        Measured.Some => Color.FromHex("#ffc107"),
        Measured.NoHelp => Color.FromHex("#e57373"),
        _ => Color.FromHex("#e0e0e0"),
    };

    private static string Css(TableCell c) => c.Measured switch
    {
        Measured.Helps => "#4caf50",
        Measured.Some => "#ffc107",
        Measured.NoHelp => "#e57373",
        _ => "#e0e0e0",
    };

    /// <summary>The table as a coloured grid: a cell per row and column, its figure, the talk's claim, ≠ where they disagree.</summary>
    public static byte[] Png(MagicTableResult table)
    {
        var plot = new Plot();
        string[] columns = [.. MagicTable.Columns.Select(c => c.Key)];
        string[] rows = [.. MagicTable.Rows.Select(r => r.Key)];
        for (int r = 0; r < rows.Length; r++)
        {
            for (int k = 0; k < columns.Length; k++)
            {
                if (table.Cells.FirstOrDefault(c => c.Row == rows[r] && c.Column == columns[k]) is not { } cell)
                    continue;
                double y = rows.Length - 1 - r;
                var box = plot.Add.Rectangle(k, k + 0.96, y, y + 0.92);
                box.FillStyle.Color = Fill(cell);
                box.LineStyle.Color = cell.Disagrees ? Colors.Black : Colors.White;
                box.LineStyle.Width = cell.Disagrees ? 4 : 1;
                string figure = cell.Speedup is { } s ? string.Create(I, $"{s:0.00}×") : "—";
                string detail = cell.Speedup is null ? Shorten(cell.Note ?? "", 26)
                    : string.Create(I, $"[{cell.Low:0.00}–{cell.High:0.00}]") + (cell.MemoryMultiple is { } m ? string.Create(I, $" mem {m:0.0}×") : "");
                var big = plot.Add.Text(figure, k + 0.48, y + 0.62);
                big.LabelFontSize = 18;
                big.LabelBold = true;
                big.LabelAlignment = Alignment.MiddleCenter;
                var small = plot.Add.Text(detail, k + 0.48, y + 0.38);
                small.LabelFontSize = 11;
                small.LabelAlignment = Alignment.MiddleCenter;
                var talk = plot.Add.Text($"talk: {Word(cell.Claim)}{(cell.Disagrees ? "  ≠" : "")}", k + 0.48, y + 0.15);
                talk.LabelFontSize = 11;
                talk.LabelBold = cell.Disagrees;
                talk.LabelAlignment = Alignment.MiddleCenter;
            }
        }
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, columns.Length).Select(k => k + 0.48)], [.. MagicTable.Columns.Select(c => c.Label)]);
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Length).Select(r => rows.Length - 1 - r + 0.46)], [.. MagicTable.Rows.Select(r => r.Label)]);
        plot.Axes.SetLimits(-0.05, columns.Length + 0.01, -0.05, rows.Length + 0.01);
        plot.Grid.IsVisible = false;
        plot.Title("The magic table, measured: speed-up over the serial rung (green helps, amber some, red no help; ≠ disagrees with the talk)");
        plot.Axes.Title.Label.FontSize = 13;
        plot.XLabel($"{table.Machine.Cpu}, {table.Machine.LogicalCores} cores{(table.Quick ? " — --quick: one run each, figures are noise" : "")}");
        return plot.GetImageBytes(1100, 760, ImageFormat.Png);
    }

    private static string Shorten(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    /// <summary>A self-contained page: the PNG inline, then the table with each cell's figure, interval, memory, the talk's claim and the mark.</summary>
    public static string Html(MagicTableResult table, byte[] png)
    {
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>The magic table, measured</title><style>")
            .Append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #fff;padding:.5em .8em;text-align:center;vertical-align:top}")
            .Append("td.disagrees{outline:4px solid #000;outline-offset:-4px}small{display:block;color:#222}</style></head><body>\n")
            .Append("<h1>The magic table, measured</h1>\n<p>")
            .Append(WebUtility.HtmlEncode(string.Create(I, $"Each cell: the speed-up of a technique's rung over its system's serial rung (median over median; in brackets the range over runs), and its peak working set over the reference's. It helps at {MagicTable.HelpsAbove:0.0}× or more across the whole range. Beside it, the talk's claim; a black frame and ≠ where the measurement disagrees. {table.Machine.Cpu}, {table.Machine.LogicalCores} cores, {table.Created:yyyy-MM-dd HH:mm} UTC.")))
            .Append(table.Quick ? " <strong>--quick: one run each; the figures are noise.</strong>" : "")
            .Append("</p>\n<img alt=\"the magic table as an image\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">\n")
            .Append("<table>\n<tr><th></th>");
        foreach ((_, string label) in MagicTable.Columns)
            b.Append("<th>").Append(WebUtility.HtmlEncode(label)).Append("</th>");
        b.Append("</tr>\n");
        foreach ((string row, string rowLabel) in MagicTable.Rows)
        {
            b.Append("<tr><th>").Append(WebUtility.HtmlEncode(rowLabel)).Append("</th>");
            foreach ((string column, _) in MagicTable.Columns)
            {
                if (table.Cells.FirstOrDefault(c => c.Row == row && c.Column == column) is not { } c)
                {
                    b.Append("<td></td>");
                    continue;
                }
                b.Append("<td style=\"background:").Append(Css(c)).Append('"').Append(c.Disagrees ? " class=\"disagrees\"" : "")
                    .Append(" data-measured=\"").Append(Word(c.Measured)).Append("\" data-talk=\"").Append(Word(c.Claim)).Append("\">")
                    .Append("<strong>").Append(WebUtility.HtmlEncode(Figure(c))).Append("</strong>")
                    .Append(c.System is null ? "" : $"<small>{WebUtility.HtmlEncode($"{c.System}/{c.Rung}")}</small>")
                    .Append("<small>talk: ").Append(Word(c.Claim)).Append(c.Disagrees ? " ≠" : "").Append("</small>")
                    .Append(c.Note is null ? "" : $"<small>{WebUtility.HtmlEncode(c.Note)}</small>")
                    .Append("</td>");
            }
            b.Append("</tr>\n");
        }
        b.Append("</table>\n</body></html>\n");
        return b.ToString();
    }

    /// <summary>The cells as JSON (snake_case): row, column, system, rung, speedup, low, high, memory_multiple, measured, talk, disagrees, note.</summary>
    public static string Json(MagicTableResult table)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteBoolean("quick", table.Quick);
            w.WriteString("cpu", table.Machine.Cpu);
            w.WriteNumber("helps_above", MagicTable.HelpsAbove);
            w.WriteStartArray("cells");
            foreach (TableCell c in table.Cells)
            {
                w.WriteStartObject();
                w.WriteString("row", c.Row);
                w.WriteString("column", c.Column);
                w.WriteString("system", c.System);
                w.WriteString("rung", c.Rung);
                foreach ((string name, double? v) in new[] { ("speedup", c.Speedup), ("low", c.Low), ("high", c.High), ("memory_multiple", c.MemoryMultiple) })
                {
                    if (v is { } x)
                        w.WriteNumber(name, Math.Round(x, 4));
                    else
                        w.WriteNull(name);
                }
                w.WriteString("measured", Word(c.Measured));
                w.WriteString("talk", Word(c.Claim));
                w.WriteBoolean("disagrees", c.Disagrees);
                w.WriteString("note", c.Note);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
