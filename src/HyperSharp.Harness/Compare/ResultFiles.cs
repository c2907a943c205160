using System.Text.Json;
using HyperSharp.Harness.Report;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Compare;

/// <summary>
/// The results of any JSON file the project writes: a bench file (<c>hyper bench -o</c>), a report's JSON, one
/// <c>hyper run --json</c> object, an array of them, or one a line (several runs appended to one file). Anything
/// else — a missing file, malformed JSON, another kind of file — is a one-line <see cref="SpecException"/>.
/// </summary>
public static class ResultFiles
{
    public static IReadOnlyList<RunResult> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"cannot read '{path}': {(ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message)}");
        }
        try
        {
            return Parse(text.Trim(), path);
        }
        catch (JsonException ex)
        {
            throw new SpecException($"'{path}' is not a result, bench or report JSON written by hyper ({ex.Message.Split(". ")[0]})");
        }
    }

    private static IReadOnlyList<RunResult> Parse(string text, string path)
    {
        if (text.Length == 0)
            throw new SpecException($"'{path}' is empty");
        if (text[0] == '[')
            return [.. (JsonSerializer.Deserialize<List<RunResult>>(text, RunResult.JsonOptions) ?? []).Select(r => Checked(r, path))];
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 1 && lines.All(l => l.StartsWith('{') && l.EndsWith('}')))
            return [.. lines.Select(l => Checked(RunResult.FromJson(l), path))];

        using JsonDocument doc = JsonDocument.Parse(text);
        string schema = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("schema", out JsonElement s)
            ? s.GetString() ?? "" : "";
        if (schema.StartsWith("hypersharp/bench@", StringComparison.Ordinal))
            return BenchFile.FromJson(text).Results ?? throw new SpecException($"'{path}' is a bench file with no results");
        if (schema.StartsWith("hypersharp/report@", StringComparison.Ordinal))
            return [.. (ReportFile.FromJson(text).Benches ?? []).SelectMany(b => b.Results ?? [])];
        if (schema.StartsWith("hypersharp/result@", StringComparison.Ordinal))
            return [Checked(RunResult.FromJson(text), path)];
        throw new SpecException($"'{path}' is not a result, bench or report JSON written by hyper (schema '{schema}')");
    }

    private static RunResult Checked(RunResult r, string path) =>
        r.System is null || r.Rung is null ? throw new SpecException($"'{path}' holds a result without system or rung") : r;
}
