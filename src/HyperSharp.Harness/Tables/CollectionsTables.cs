using System.Text.Json;
using System.Text.Json.Serialization;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tables;

/// <summary>One implementation's per-operation timings at each size, and the growth law they show.</summary>
public sealed record TableSeries(string Name, IReadOnlyList<OperationPoint> Points)
{
    public ComplexityFit? Fit => Complexity.Fit(Points.Select(p => ((double)p.N, p.Micros.Median)).ToArray());
}

/// <summary>A measured row: the book's, CPython's (null when not measured) and .NET's figures.</summary>
/// <param name="Agree">Whether every .NET counterpart gave the same checksum at every size.</param>
public sealed record OperationResult(
    string Key, string Group, string Book, string Python, string Stated, string? BookMicros,
    [property: JsonPropertyName("cpython")] TableSeries? CPython,
    [property: JsonPropertyName("dotnet")] IReadOnlyList<TableSeries> DotNet,
    bool Agree);

/// <summary>What <c>hyper tables collections</c> measures, and how hard.</summary>
/// <param name="Sizes">The N of the operation and growth tables; the hash table uses N / 10 keys.</param>
/// <param name="CPython">Run the Python peer (when python3 and peers/ are found).</param>
/// <param name="PeersDir">Where peers/ is (null: found above the current folder).</param>
/// <param name="PrimeSeconds">How long every operation is run, untimed, before any is timed (0: not at all).</param>
public sealed record TablesSettings(IReadOnlyList<int> Sizes, MeasureOptions Options, bool CPython = true, string? PeersDir = null, double PrimeSeconds = 0.5)
{
    public const int MinSize = 100, MaxSize = 100_000;

    /// <summary>Enough repeats for a stable median, few enough that the default sizes take well under a minute.</summary>
    public static MeasureOptions Default { get; } = new(Warmups: 1, WarmupSeconds: 0.02, MinRepeats: 5, MaxRepeats: 41, TargetSeconds: 0.05);

    /// <summary>Parses <c>--sizes</c>: whole numbers from <see cref="MinSize"/> to <see cref="MaxSize"/>; a one-line error otherwise.</summary>
    public static IReadOnlyList<int> ParseSizes(string? text)
    {
        if (text is null)
            return CollectionsTable.DefaultSizes;
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var sizes = new List<int>();
        foreach (string part in parts)
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n)
                || n is < MinSize or > MaxSize)
                throw new SpecException($"--sizes takes comma-separated whole numbers from {MinSize} to {MaxSize} (got '{part}')");
            sizes.Add(n);
        }
        return sizes.Distinct().Order().ToArray();
    }
}

/// <summary>
/// Lanaro ch. 2's tables (lists, deques, bisect, hash lookups, heaps) and Gorelick's hash-quality and list-vs-tuple
/// lessons, measured here: the book's µs, CPython's on this machine (the peer), and .NET's, with the growth law each
/// shows.
/// </summary>
public sealed record CollectionsTables
{
    public const string SchemaId = "hypersharp/tables-collections@1";

    public string Schema { get; init; } = SchemaId;
    public required DateTimeOffset Created { get; init; }
    public required MachineInfo Machine { get; init; }
    public required IReadOnlyList<int> Sizes { get; init; }

    /// <summary>The Python that ran the book's snippets ("CPython 3.11.2 (/usr/bin/python3)"), or null.</summary>
    [JsonPropertyName("cpython")]
    public string? CPython { get; init; }

    /// <summary>Why CPython's column is empty ("not measured: python3 absent"), or null.</summary>
    [JsonPropertyName("cpython_note")]
    public string? CPythonNote { get; init; }

    public required IReadOnlyList<OperationResult> Operations { get; init; }
    public required IReadOnlyList<HashRow> Hash { get; init; }
    public required IReadOnlyList<GrowthRow> Growth { get; init; }

    /// <summary>Whether every row's .NET counterparts agreed.</summary>
    public bool AllAgree => Operations.All(o => o.Agree);

    public string ToJson() => JsonSerializer.Serialize(this, RunResult.JsonOptions);

    /// <summary>The hash table's sizes: a tenth of the table's, since the constant hash makes each lookup O(N).</summary>
    public static IReadOnlyList<int> HashSizes(IReadOnlyList<int> sizes) => sizes.Select(n => Math.Max(1, n / 10)).Distinct().ToArray();

    public static CollectionsTables Measure(TablesSettings settings, Action<string>? log = null)
    {
        IReadOnlyList<int> sizes = settings.Sizes;
        IReadOnlyList<OperationRow> rows = CollectionsTable.Rows;

        (string? cpython, string? note, IReadOnlyDictionary<string, TableSeries>? python) =
            settings.CPython ? CPythonPeer.Run(rows, sizes, settings, log) : (null, "not measured: CPython not asked for", null);

        // Untimed, every .NET operation at the smallest size, so that none is timed before tiered compilation has
        // optimised what it calls.
        int n0 = sizes[0];
        log?.Invoke("run priming (untimed)");
        OperationTimer.Prime(
        [
            .. rows.SelectMany(r => r.DotNet.Select(c => (Action)(() => c.Once(n0, r.Batch(n0))))),
            () => HashQuality.Measure(Math.Max(1, n0 / 10), MeasureOptions.Quick),
            () => Tables.Growth.Measure(n0, MeasureOptions.Quick),
        ], settings.PrimeSeconds);

        var operations = new List<OperationResult>();
        foreach (OperationRow row in rows)
        {
            log?.Invoke($"run {row.Book}");
            var series = row.DotNet.Select(c => new TableSeries(c.Name,
                sizes.Select(n => OperationTimer.Measure(c, n, row.Batch(n), settings.Options)).ToArray())).ToArray();
            bool agree = sizes.Select((_, i) => series.Select(s => s.Points[i].Result).Distinct().Count() == 1).All(b => b);
            operations.Add(new OperationResult(row.Key, row.Group, row.Book, row.Statement, row.Stated, row.BookMicros,
                python?.GetValueOrDefault(row.Key), series, agree));
        }

        var hash = new List<HashRow>();
        foreach (int n in HashSizes(sizes))
        {
            log?.Invoke($"run hash quality, {n} keys");
            hash.AddRange(HashQuality.Measure(n, settings.Options));
        }

        var growth = new List<GrowthRow>();
        foreach (int n in sizes)
        {
            log?.Invoke($"run growth, {n} elements");
            growth.AddRange(Tables.Growth.Measure(n, settings.Options));
        }

        return new CollectionsTables
        {
            Created = DateTimeOffset.UtcNow,
            Machine = MachineInfo.Current(probeGpu: false),
            Sizes = sizes,
            CPython = cpython,
            CPythonNote = note,
            Operations = operations,
            Hash = hash.OrderBy(h => HashQuality.Keys.ToList().FindIndex(k => k.Key == h.Key)).ThenBy(h => h.N).ToArray(),
            Growth = growth.OrderBy(g => Tables.Growth.Structures.ToList().IndexOf(g.Structure)).ThenBy(g => g.N).ToArray(),
        };
    }
}
