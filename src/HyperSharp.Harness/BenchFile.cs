using System.Text.Json;

namespace HyperSharp.Harness;

/// <summary>What <c>hyper bench</c> writes and <c>hyper report</c> reads: every result of one system's bench.</summary>
public sealed record BenchFile
{
    public const string SchemaId = "hypersharp/bench@2";

    public string Schema { get; init; } = SchemaId;
    public required DateTimeOffset Created { get; init; }
    public required MachineInfo Machine { get; init; }
    public required string System { get; init; }
    public required string Title { get; init; }
    public required string Unit { get; init; }
    /// <summary>The first of <see cref="Axes"/> (<c>count</c> for particles): the x axis of the report's charts.</summary>
    public required string SizeName { get; init; }

    /// <summary>The spec parameters the bench varies as sizes (a column each); files of version 1 had only <see cref="SizeName"/>.</summary>
    public List<string>? Axes { get; init; }

    /// <summary><see cref="Axes"/>, or <see cref="SizeName"/> alone for a file of version 1.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> AxisNames => Axes is { Count: > 0 } ? Axes : [SizeName];
    public required List<RunResult> Results { get; init; }

    /// <summary>What a unit of the system's work costs (bytes, flops), as its ladder declares; null where it declares none.</summary>
    public HyperSharp.Ladder.WorkCost? Cost { get; init; }

    /// <summary>Rounds of the whole plan, each row pooling one process a round (<c>--rounds</c>); null for one.</summary>
    public int? Rounds { get; init; }

    /// <summary>The machine's limits measured by the bench at each thread count its rows used (systems with a cost only).</summary>
    public List<MachineLimit>? Limits { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, Indented);

    public static BenchFile FromJson(string json) =>
        JsonSerializer.Deserialize<BenchFile>(json, RunResult.JsonOptions) ?? throw new JsonException("empty bench file");

    internal static JsonSerializerOptions Indented { get; } = new(RunResult.JsonOptions) { WriteIndented = true };
}
