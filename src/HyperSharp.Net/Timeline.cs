using System.Globalization;
using System.Net;
using System.Text;

namespace HyperSharp.Net;

/// <summary>One bar of a timeline: a row, when it started and ended (ms from the start), its kind (colour) and a label.</summary>
public readonly record struct TimelineBar(int Row, double StartMs, double EndMs, string Kind, string Label);

/// <summary>
/// The books' figures of serial against concurrent requests: a self-contained HTML page (inline SVG and CSS, no
/// script, nothing fetched) drawing every bar from its start to its end, one row each.
/// </summary>
public static class Timeline
{
    private static readonly Dictionary<string, string> s_colours = new(StringComparer.Ordinal)
    {
        ["ok"] = "#3b82f6", ["failed"] = "#ef4444", ["cpu"] = "#10b981", ["io"] = "#f59e0b",
    };

    /// <summary>The page: <paramref name="title"/>, the <paramref name="notes"/> lines under it, then the bars.</summary>
    public static string Html(string title, IReadOnlyList<string> notes, IReadOnlyList<TimelineBar> bars)
    {
        const double width = 1000, left = 50, top = 10;
        int rows = bars.Count == 0 ? 1 : bars.Max(b => b.Row) + 1;
        double rowHeight = Math.Clamp(600.0 / rows, 1, 14);
        double end = bars.Count == 0 ? 1 : Math.Max(1e-3, bars.Max(b => b.EndMs));
        double height = top + rows * rowHeight + 30;
        var s = new StringBuilder();
        s.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>\n")
         .Append("<style>body{font:14px system-ui,sans-serif;margin:1.5em;color:#111}svg{border:1px solid #ddd}.k{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}</style>\n")
         .Append("</head><body>\n<h1>").Append(E(title)).Append("</h1>\n");
        foreach (string note in notes)
            s.Append("<p>").Append(E(note)).Append("</p>\n");
        s.Append("<p>");
        foreach (string kind in bars.Select(b => b.Kind).Distinct())
            s.Append("<span class=\"k\" style=\"background:").Append(Colour(kind)).Append("\"></span>").Append(E(kind));
        s.Append("</p>\n");
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width + left + 20}\" height=\"{height:F0}\" role=\"img\" aria-label=\"{E(title)}\">\n");
        // Time axis: ten ticks.
        for (int t = 0; t <= 10; t++)
        {
            double x = left + width * t / 10, ms = end * t / 10;
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:F1}\" y1=\"{top}\" x2=\"{x:F1}\" y2=\"{height - 25:F1}\" stroke=\"#eee\"/>")
             .Append(CultureInfo.InvariantCulture, $"<text x=\"{x:F1}\" y=\"{height - 10:F1}\" font-size=\"11\" text-anchor=\"middle\">{ms:0.#} ms</text>\n");
        }
        foreach (TimelineBar b in bars)
        {
            double x = left + width * b.StartMs / end, w = Math.Max(0.5, width * (b.EndMs - b.StartMs) / end), y = top + b.Row * rowHeight;
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F2}\" y=\"{y:F2}\" width=\"{w:F2}\" height=\"{Math.Max(0.8, rowHeight * 0.8):F2}\" fill=\"{Colour(b.Kind)}\"><title>{E(b.Label)}</title></rect>\n");
        }
        s.Append("</svg>\n</body></html>\n");
        return s.ToString();
    }

    private static string Colour(string kind) => s_colours.GetValueOrDefault(kind, "#6b7280");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
