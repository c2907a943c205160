using System.Globalization;

namespace HyperSharp.Harness.Report;

/// <summary>
/// <c>hyper report --profile</c>: for one system, its reference and its fastest rung at one size of the report, each
/// profiled and its memory read in one child run — why the fast rung is fast, side by side.
/// </summary>
public sealed record SystemProfile
{
    public required string System { get; init; }

    /// <summary>The size both ran at ("size 640, steps 100"): the report's largest where a reference run is short.</summary>
    public required string Spec { get; init; }

    public required RungProfile Reference { get; init; }

    /// <summary>The fastest verified rung at <see cref="Spec"/> (absent when the reference is the only one).</summary>
    public RungProfile? Fastest { get; init; }

    /// <summary>The methods each side lists, at most.</summary>
    public const int TopMethods = 8;

    /// <summary>Both sides' hot methods, row by row: rank, then each side's method and exclusive / inclusive share.</summary>
    public IEnumerable<string[]> MethodRows()
    {
        int n = Math.Max(Reference.Methods?.Count ?? 0, Fastest?.Methods?.Count ?? 0);
        for (int i = 0; i < n; i++)
            yield return [$"{i + 1}", .. Side(Reference, i), .. Side(Fastest, i)];
    }

    /// <summary>The column headers of <see cref="MethodRows"/>.</summary>
    public string[] MethodHeaders() =>
        ["#", $"{Reference.Rung}: method", "excl %", "incl %", $"{Fastest?.Rung ?? "—"}: method", "excl %", "incl %"];

    private static string[] Side(RungProfile? p, int i) =>
        p?.Methods is { } m && i < m.Count
            ? [Short(m[i].Name), Pct(m[i].ExclusivePct), Pct(m[i].InclusivePct)]
            : ["", "", ""];

    /// <summary>The memory columns of both sides, one row each.</summary>
    public IEnumerable<string[]> MemoryRows() => new[] { Reference, Fastest }.OfType<RungProfile>().Select(p => p.MemoryRow());

    public static string[] MemoryHeaders { get; } =
        ["rung", "threads", "median", "samples", "allocated / run", "peak working set", "peak GC heap", "gen0/1/2", "GC pause"];

    /// <summary>The namespace dropped: <c>HyperSharp.Particles.ParticleKernel.Blocks</c> → <c>ParticleKernel.Blocks</c>.</summary>
    internal static string Short(string name)
    {
        int generic = name.IndexOfAny(['`', '[', '<']);
        if (generic >= 0)
            return name[(name.LastIndexOf('.', generic) + 1)..]; // the type from its name on, its arguments and method whole
        int dot = name.LastIndexOf('.');
        int previous = dot <= 0 ? -1 : name.LastIndexOf('.', dot - 1);
        return previous < 0 ? name : name[(previous + 1)..];
    }

    private static string Pct(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>One rung's profile and memory in <see cref="SystemProfile"/>.</summary>
public sealed record RungProfile
{
    public required string Rung { get; init; }
    public int Threads { get; init; }
    /// <summary>The child's median (profiled: a little slower than the bench's row).</summary>
    public double Seconds { get; init; }
    public int Samples { get; init; }
    public List<MethodSummary>? Methods { get; init; }
    public long? AllocatedBytes { get; init; }
    public long? PeakWorkingSetBytes { get; init; }
    public long? PeakGcHeapBytes { get; init; }
    public GcCounts? GcCounts { get; init; }
    public double? GcPauseSeconds { get; init; }
    /// <summary>Why it could not be profiled; the other fields are then empty.</summary>
    public string? Error { get; init; }

    /// <summary>Its memory columns (<see cref="SystemProfile.MemoryHeaders"/>).</summary>
    public string[] MemoryRow() => Error is not null
        ? [Rung, "", "", "", Error, "", "", "", ""]
        :
        [
            Rung, Threads.ToString(CultureInfo.InvariantCulture), Units.Seconds(Seconds), Samples.ToString("N0", CultureInfo.InvariantCulture),
            Units.Bytes(AllocatedBytes), Units.Bytes(PeakWorkingSetBytes), Units.Bytes(PeakGcHeapBytes),
            GcCounts is { } g ? $"{g.Gen0}/{g.Gen1}/{g.Gen2}" : "—", GcPauseSeconds is { } p ? Units.Seconds(p) : "—",
        ];
}

/// <summary>A method's share of a rung's samples.</summary>
public sealed record MethodSummary(string Name, double ExclusivePct, double InclusivePct);
