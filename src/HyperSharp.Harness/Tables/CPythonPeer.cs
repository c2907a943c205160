using System.Text.Json;
using System.Text.Json.Nodes;
using HyperSharp.Harness.Bench;
using HyperSharp.Processes;

namespace HyperSharp.Harness.Tables;

/// <summary>
/// Runs the book's snippets under CPython: <c>peers/python/collections_table.py</c> reads the rows (setup, statement,
/// batch per size) as JSON on stdin, times each with <c>timeit</c> (one warm-up, then repeats until the same
/// minimum count and time target as the .NET side) and prints every timed run's seconds as one JSON line. The
/// statistics are then computed here, by the same code as .NET's.
/// </summary>
public static class CPythonPeer
{
    public const string Script = "python/collections_table.py";
    private static readonly TimeSpan s_deadline = TimeSpan.FromMinutes(10);

    /// <summary>The Python's description and each row's series by key; or, when it cannot run, why ("not measured: …").</summary>
    public static (string? Python, string? Note, IReadOnlyDictionary<string, TableSeries>? Series) Run(
        IReadOnlyList<OperationRow> rows, IReadOnlyList<int> sizes, TablesSettings settings, Action<string>? log = null)
    {
        string? python = PeerLocator.Python();
        if (python is null)
            return (null, "not measured: python3 absent", null);
        string? peers = PeerLocator.Find(settings.PeersDir);
        string? script = peers is null ? null : Path.Combine(peers, Script);
        if (script is null || !File.Exists(script))
            return (null, $"not measured: peers/{Script} not found", null);

        log?.Invoke($"run CPython ({python}) on the book's snippets");
        string input = Spec(rows, sizes, settings.Options).ToJsonString();
        try
        {
            using Subprocess p = Subprocess.Start([python, script], redirectInput: true);
            p.Input.Write(input);
            p.Input.Close();
            if (!p.WaitForExit(s_deadline))
                return (null, $"not measured: {Path.GetFileName(script)} took more than {s_deadline.TotalMinutes:F0} minutes", null);
            IReadOnlyList<string> lines = p.ReadAllLines();
            if (p.ExitCode != 0 || lines.Count == 0)
                return (null, $"not measured: {Path.GetFileName(script)} failed ({(p.LastErrorLine.Length > 0 ? p.LastErrorLine : $"exit code {p.ExitCode}")})", null);
            return Parse(lines[^1], python);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (null, $"not measured: cannot start {python} ({ex.Message})", null);
        }
    }

    /// <summary>The JSON the script reads.</summary>
    public static JsonObject Spec(IReadOnlyList<OperationRow> rows, IReadOnlyList<int> sizes, MeasureOptions options) => new()
    {
        ["sizes"] = new JsonArray(sizes.Select(n => (JsonNode)n).ToArray()),
        ["warmups"] = options.Warmups,
        ["min_repeats"] = options.MinRepeats,
        ["max_repeats"] = options.MaxRepeats,
        ["target_seconds"] = options.TargetSeconds,
        ["ops"] = new JsonArray(rows.Select(r => (JsonNode)new JsonObject
        {
            ["key"] = r.Key,
            ["setup"] = r.Setup,
            ["stmt"] = r.Statement,
            ["span"] = r.Span,
            ["batch"] = new JsonArray(sizes.Select(n => (JsonNode)r.Batch(n)).ToArray()),
        }).ToArray()),
    };

    /// <summary>Reads the script's line; a line that is not what the script prints is a note, never a figure.</summary>
    public static (string? Python, string? Note, IReadOnlyDictionary<string, TableSeries>? Series) Parse(string line, string program)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            string name = $"{root.GetProperty("implementation").GetString()} {root.GetProperty("python").GetString()}";
            var series = new Dictionary<string, TableSeries>();
            foreach (JsonElement op in root.GetProperty("ops").EnumerateArray())
            {
                var points = new List<OperationPoint>();
                foreach (JsonElement p in op.GetProperty("points").EnumerateArray())
                {
                    int batch = p.GetProperty("batch").GetInt32();
                    double[] micros = p.GetProperty("seconds").EnumerateArray().Select(s => s.GetDouble() / batch * 1e6).ToArray();
                    points.Add(new OperationPoint(p.GetProperty("n").GetInt32(), batch, 1, Statistics.Of(micros), null));
                }
                series[op.GetProperty("key").GetString()!] = new TableSeries(name, points);
            }
            return ($"{name} ({program})", null, series);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            return (null, $"not measured: the Python peer printed no result ({ex.Message.Split(". ")[0]})", null);
        }
    }
}
