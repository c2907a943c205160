using System.Globalization;

namespace HyperSharp.Harness.Tables;

/// <summary>A titled table of text cells.</summary>
public sealed record TextTable(string Title, IReadOnlyList<string> Headers, IReadOnlyList<string[]> Rows, string? Note = null);

/// <summary>
/// The collections tables as rows of text, shared by the console and the HTML page (which adds each median's
/// min–max range).
/// </summary>
public static class TablesText
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<TextTable> All(CollectionsTables t, bool ranges) => [Operations(t, ranges), Hash(t, ranges), Growth(t, ranges)];

    public static TextTable Operations(CollectionsTables t, bool ranges)
    {
        string sizes = string.Join(" / ", t.Sizes.Select(n => n.ToString(s_inv)));
        var rows = new List<string[]>();
        foreach (OperationResult op in t.Operations)
        {
            for (int i = 0; i < op.DotNet.Count; i++)
            {
                TableSeries net = op.DotNet[i];
                bool first = i == 0;
                rows.Add(
                [
                    first ? op.Book : "",
                    first ? op.BookMicros ?? "—" : "",
                    first ? op.CPython is null ? t.CPythonNote ?? "not measured" : Cells(op.CPython, ranges) : "",
                    first ? Fit(op.CPython) : "",
                    op.Agree ? net.Name : $"{net.Name} (checksums differ!)",
                    Cells(net, ranges),
                    Fit(net),
                    first ? op.Stated : "",
                ]);
            }
        }
        return new TextTable(
            $"Collections (Lanaro ch. 2): µs per operation at N = {sizes}",
            ["book", "book µs", $"{t.CPython?.Split(" (")[0] ?? "CPython"} µs", "CPython shows", ".NET", ".NET µs", ".NET shows", "stated"],
            rows,
            "Medians of the timed runs" + (ranges ? " (min–max)" : "") + "; \"shows\": the growth law that fits the medians best, "
            + "with the log-log slope (0 constant, 1 linear). Book µs: Lanaro's figures for N = 10,000 → 30,000, where the book gives them.");
    }

    public static TextTable Hash(CollectionsTables t, bool ranges)
    {
        var rows = new List<string[]>();
        foreach (IGrouping<string, HashRow> key in t.Hash.GroupBy(h => h.Key))
        {
            ComplexityFit? fit = Complexity.Fit(key.Select(h => ((double)h.N, h.Lookup.Micros.Median)).ToArray());
            bool first = true;
            foreach (HashRow h in key)
            {
                rows.Add(
                [
                    first ? h.Key : "",
                    first ? h.Hash : "",
                    h.N.ToString(s_inv),
                    h.Buckets.DistinctHashes.ToString(s_inv),
                    h.Buckets.Buckets.ToString(s_inv),
                    h.Buckets.SharedBuckets.ToString(s_inv),
                    h.Buckets.ProbesPerLookup.ToString("F2", s_inv),
                    h.CountedEqualsPerLookup.ToString("F2", s_inv),
                    Micros(h.Lookup.Micros, ranges),
                    Units.Si(h.LookupsPerSecond),
                    first ? fit?.ToString() ?? "—" : "",
                ]);
                first = false;
            }
        }
        return new TextTable(
            "Hash quality (Gorelick ch. 4): Dictionary<key, int> of N grid points, every key looked up",
            ["key", "GetHashCode()", "N", "distinct hashes", "buckets", "keys in shared buckets", "chain probes / lookup",
                "Equals / lookup (counted)", "µs / lookup", "lookups/s", "µs / lookup shows"],
            rows,
            "Chain probes are computed from the hashes and the bucket count; Equals calls are counted by a counting comparer "
            + "(a dictionary calls Equals only on an equal 32-bit hash: one per lookup is ideal). HashCode.Combine is the fix.");
    }

    public static TextTable Growth(CollectionsTables t, bool ranges)
    {
        var rows = t.Growth.Select(g => new[]
        {
            g.Structure, g.Analogue, g.N.ToString(s_inv),
            g.Arrays?.ToString(s_inv) ?? "—", g.Copied?.ToString(s_inv) ?? "—",
            Units.Bytes(g.AllocatedBytes), g.BytesPerElement.ToString("F2", s_inv), Micros(g.Build.Micros, ranges),
        }).ToArray();
        return new TextTable(
            "Lists vs tuples (Gorelick ch. 3): building N ints",
            ["structure", "Python analogue", "N", "backing arrays", "elements copied", "allocated", "bytes / element", "build µs"],
            rows,
            "Backing arrays and copies are seen through the capacity after each add; bytes by GC.GetAllocatedBytesForCurrentThread "
            + "around an unobserved build (4 bytes per int is the floor).");
    }

    private static string Cells(TableSeries s, bool ranges) => string.Join(" / ", s.Points.Select(p => Micros(p.Micros, ranges)));

    private static string Fit(TableSeries? s) => s?.Fit?.ToString() ?? (s is null ? "" : "—");

    private static string Micros(Statistics m, bool ranges) =>
        ranges ? $"{Micros(m.Median)} ({Micros(m.Min)}–{Micros(m.Max)})" : Micros(m.Median);

    /// <summary>Three significant digits or so, never in exponent form.</summary>
    public static string Micros(double us) => us switch
    {
        >= 100 => us.ToString("F0", s_inv),
        >= 10 => us.ToString("F1", s_inv),
        >= 1 => us.ToString("F2", s_inv),
        >= 0.01 => us.ToString("F3", s_inv),
        _ => us.ToString("F4", s_inv),
    };
}
