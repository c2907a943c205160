using System.Text.Json;

namespace HyperSharp.Harness.Report;

/// <summary>The data <c>hyper report</c> writes beside its HTML page, and renders from.</summary>
public sealed record ReportFile
{
    public const string SchemaId = "hypersharp/report@1";

    public string Schema { get; init; } = SchemaId;
    public required DateTimeOffset Created { get; init; }
    public required MachineInfo Machine { get; init; }
    public required List<BenchFile> Benches { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, BenchFile.Indented);

    public static ReportFile FromJson(string json) =>
        JsonSerializer.Deserialize<ReportFile>(json, RunResult.JsonOptions) ?? throw new JsonException("empty report file");
}
