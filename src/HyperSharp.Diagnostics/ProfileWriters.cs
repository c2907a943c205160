using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace HyperSharp.Diagnostics;

/// <summary>
/// A profile as files a user opens elsewhere: speedscope's sampled-profile JSON (one weight of 1 per sample, so the
/// weights sum to the sample count) and a self-contained flame-graph SVG (hover a frame for its name and share).
/// </summary>
public static class ProfileWriters
{
    /// <summary>The speedscope file (https://www.speedscope.app/file-format-schema.json, type "sampled").</summary>
    public static string Speedscope(Profile profile, string name)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://www.speedscope.app/file-format-schema.json");
            w.WriteString("exporter", "hyper profile");
            w.WriteString("name", name);
            w.WriteNumber("activeProfileIndex", 0);
            w.WriteStartObject("shared");
            w.WriteStartArray("frames");
            foreach (Frame f in profile.Frames)
            {
                w.WriteStartObject();
                w.WriteString("name", f.Name);
                if (f.Module.Length > 0)
                    w.WriteString("file", f.Module);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartArray("profiles");
            w.WriteStartObject();
            w.WriteString("type", "sampled");
            w.WriteString("name", name);
            w.WriteString("unit", "none");
            w.WriteNumber("startValue", 0);
            w.WriteNumber("endValue", profile.Samples);
            w.WriteStartArray("samples");
            foreach (int[] stack in profile.Stacks)
            {
                w.WriteStartArray();
                foreach (int f in stack)
                    w.WriteNumberValue(f);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("weights");
            for (int i = 0; i < profile.Samples; i++)
                w.WriteNumberValue(1);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private sealed class Node(int frame)
    {
        public int Frame { get; } = frame;
        public int Samples { get; set; }
        public Dictionary<int, Node> Children { get; } = [];
    }

    /// <summary>An icicle-free flame graph (roots at the bottom), widths proportional to samples, frames under 0.1 % left out.</summary>
    public static string FlameGraph(Profile profile, string title)
    {
        var root = new Node(-1);
        int depth = 0;
        foreach (int[] stack in profile.Stacks)
        {
            Node node = root;
            root.Samples++;
            foreach (int f in stack)
            {
                if (!node.Children.TryGetValue(f, out Node? child))
                    node.Children[f] = child = new Node(f);
                child.Samples++;
                node = child;
            }
            depth = Math.Max(depth, stack.Length);
        }
        const double width = 1200, row = 16, top = 36;
        double height = top + (depth + 1) * row + 8;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<?xml version="1.0" encoding="UTF-8"?>""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="monospace" font-size="11">""").Append('\n');
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="100%" height="100%" fill="#fdfdf6"/><text x="8" y="20" font-size="14">{Escape(title)} — {profile.Samples:N0} samples (hover a frame)</text>""").Append('\n');
        if (root.Samples > 0)
            Draw(root.Children.Values, 0, 0);
        svg.Append("</svg>\n");
        return svg.ToString();

        void Draw(IEnumerable<Node> nodes, double x, int level)
        {
            foreach (Node node in nodes.OrderBy(n => profile.Frames[n.Frame].Name, StringComparer.Ordinal))
            {
                double w = width * node.Samples / root.Samples;
                if (node.Samples * 1000 >= root.Samples)
                {
                    double y = height - 8 - (level + 1) * row;
                    string name = profile.Frames[node.Frame].Name;
                    double pct = 100.0 * node.Samples / root.Samples;
                    int hue = (int)((uint)name.GetHashCode(StringComparison.Ordinal) % 40);
                    svg.Append(CultureInfo.InvariantCulture, $"""<g><title>{Escape(name)} — {node.Samples:N0} samples ({pct:F1}%)</title><rect x="{x:F2}" y="{y:F1}" width="{Math.Max(w - 0.5, 0.1):F2}" height="{row - 1}" fill="hsl({10 + hue},85%,{55 + hue / 4}%)"/>""");
                    int chars = (int)((w - 6) / 6.6);
                    if (chars >= 3)
                        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{x + 3:F2}" y="{y + row - 4:F1}">{Escape(name.Length <= chars ? name : name[..(chars - 2)] + "..")}</text>""");
                    svg.Append("</g>\n");
                    Draw(node.Children.Values, x, level + 1);
                }
                x += w;
            }
        }
    }

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
