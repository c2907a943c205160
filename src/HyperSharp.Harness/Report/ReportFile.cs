using System.Text.Json;

namespace HyperSharp.Harness.Report;

/// <summary>The data <c>hyper report</c> writes beside its HTML page, and renders from.</summary>
public sealed record ReportFile
{
    public const string SchemaId = "hypersharp/report@2";

    public string Schema { get; init; } = SchemaId;
    public required DateTimeOffset Created { get; init; }
    public required MachineInfo Machine { get; init; }
    public required List<BenchFile> Benches { get; init; }

    /// <summary>The books' collection tables (<c>hyper tables collections</c>), when the report measured them.</summary>
    public Tables.CollectionsTables? Collections { get; init; }

    /// <summary>Per system, the hot methods and memory of its reference and fastest rung (<c>hyper report --profile</c>).</summary>
    public List<SystemProfile>? Profiles { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, BenchFile.Indented);

    public static ReportFile FromJson(string json) =>
        JsonSerializer.Deserialize<ReportFile>(json, RunResult.JsonOptions) ?? throw new JsonException("empty report file");

    /// <summary>
    /// Reads a report JSON written by <c>hyper report</c> (this version or an older one); anything else — a missing
    /// file, another kind of file, a truncated one — is a one-line <see cref="HyperSharp.Ladder.SpecException"/>.
    /// </summary>
    public static ReportFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HyperSharp.Ladder.SpecException($"cannot read '{path}': {(ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message)}");
        }
        ReportFile report;
        try
        {
            report = FromJson(text);
        }
        catch (JsonException ex)
        {
            throw new HyperSharp.Ladder.SpecException($"'{path}' is not a report JSON written by `hyper report` ({ex.Message.Split(". ")[0]})");
        }
        if (report.Schema is not ("hypersharp/report@1" or SchemaId) || report.Benches is null || report.Machine is null)
            throw new HyperSharp.Ladder.SpecException($"'{path}' is not a report JSON written by `hyper report` (schema '{report.Schema}')");
        return report;
    }
}
