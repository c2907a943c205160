using System.Text.Json;
using System.Text.Json.Serialization;

namespace HyperSharp.Harness;

/// <summary>
/// One measured run of one rung (or peer) on one spec: the schema <c>hyper run --json</c> prints, peers print, and
/// bench and report files hold. Field names are snake_case in JSON.
/// </summary>
public sealed record RunResult
{
    public const string SchemaId = "hypersharp/result@1";

    public string Schema { get; init; } = SchemaId;
    public required string System { get; init; }
    public required string Rung { get; init; }
    /// <summary>The rung's technique kind in lower case, or <c>peer</c>.</summary>
    public string? Kind { get; init; }
    /// <summary><c>hypersharp</c>, or the peer's language (<c>c</c>, <c>python</c>, <c>pypy</c>).</summary>
    public string? Implementation { get; init; }
    public Dictionary<string, double>? Spec { get; init; }
    public int Threads { get; init; }
    public int Repeats { get; init; }
    /// <summary>Median of the timed repeats.</summary>
    public double Seconds { get; init; }
    public double MinSeconds { get; init; }
    public double MaxSeconds { get; init; }
    public double Work { get; init; }
    public double Throughput { get; init; }
    public string? Unit { get; init; }
    public double Checksum { get; init; }
    public bool? Verified { get; init; }
    public VerificationInfo? Verification { get; init; }
    /// <summary>Managed bytes allocated by one timed run (the largest of the repeats).</summary>
    public long? AllocatedBytes { get; init; }
    /// <summary>Peak resident memory of the process that ran it, before verification.</summary>
    public long? PeakWorkingSetBytes { get; init; }
    public string? Device { get; init; }
    public string? Version { get; init; }
    /// <summary>Why it did not run or failed (a peer not installed, a child that crashed); the other fields are then empty.</summary>
    public string? Error { get; init; }

    /// <summary>Left out on purpose by the bench (too slow at this size, no GPU): <see cref="Error"/> says why; not a failure.</summary>
    public bool? Skipped { get; init; }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = false,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static RunResult FromJson(string json) =>
        JsonSerializer.Deserialize<RunResult>(json, JsonOptions) ?? throw new JsonException("empty result");
}

/// <summary>How the answer was checked: against which rung, on which spec, with what error.</summary>
public sealed record VerificationInfo(string Against, Dictionary<string, double>? Spec, double Error, double Tolerance, string Measure, string? Note = null);
