using System.Text.Json;

namespace HyperSharp.Harness;

/// <summary>What <c>hyper bench</c> writes and <c>hyper report</c> reads: every result of one system's bench.</summary>
public sealed record BenchFile
{
    public const string SchemaId = "hypersharp/bench@1";

    public string Schema { get; init; } = SchemaId;
    public required DateTimeOffset Created { get; init; }
    public required MachineInfo Machine { get; init; }
    public required string System { get; init; }
    public required string Title { get; init; }
    public required string Unit { get; init; }
    /// <summary>The spec parameter that varies across the bench (<c>count</c> for particles).</summary>
    public required string SizeName { get; init; }
    public required List<RunResult> Results { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    public static BenchFile FromJson(string json) =>
        JsonSerializer.Deserialize<BenchFile>(json, RunResult.JsonOptions) ?? throw new JsonException("empty bench file");

    internal static JsonSerializerOptions Indented { get; } = new(RunResult.JsonOptions) { WriteIndented = true };
}
