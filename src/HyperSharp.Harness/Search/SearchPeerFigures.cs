namespace HyperSharp.Harness.Search;

/// <summary>
/// The search bench's note: the engines side by side (our index through the peers' driver, Lucene.NET, FTS5, the
/// book's sets in Python), from the figures their rows carry: build time (the commit included) and documents/s, the
/// index's bytes on disk, and per query type COUNT and TOP_k queries/s with their p99 latency.
/// </summary>
internal static class SearchPeerFigures
{
    public static IEnumerable<string> Notes(BenchFile bench)
    {
        var rows = bench.Results
            .Where(r => r.Error is null && r.Figures?.ContainsKey("build_s") == true)
            .GroupBy(r => r.Spec?.TryGetValue("docs", out Ladder.SpecValue v) == true ? v.Display() : "?")
            .ToList();
        if (rows.Count == 0)
            yield break;
        yield return "";
        yield return "Engines side by side, one thread (build includes the commit; queries/s per type, p99 latency in brackets; a row not verified is marked)";
        string[] cells = [.. new[] { "and", "or", "phrase", "mixed" }.SelectMany(t => new[] { $"{t}_count", $"{t}_top" })];
        string header = $"{"docs",-8} {"engine",-18} {"build",9} {"docs/s",8} {"index",10} " +
                        string.Join(" ", cells.Select(c => $"{c.Replace("_", " ", StringComparison.Ordinal).Replace("top", "TOP_k", StringComparison.Ordinal).Replace("count", "COUNT", StringComparison.Ordinal),-20}"));
        yield return header;
        foreach (var group in rows)
        {
            foreach (RunResult r in group)
            {
                Dictionary<string, double> f = r.Figures!;
                string Cell(string c) => f.TryGetValue(c + "_qps", out double qps)
                    ? $"{Units.Si(qps)} ({Units.Seconds(f.GetValueOrDefault(c + "_p99_us") / 1e6)})"
                    : "—";
                string index = f.TryGetValue("index_bytes", out double bytes) ? Units.Bytes((long)bytes) : "in memory";
                string name = r.Rung + (r.Verified == true ? "" : " (unverified)");
                yield return $"{group.Key,-8} {name,-18} {Units.Seconds(f["build_s"]),9} {Units.Si(f.GetValueOrDefault("docs_per_s")),8} {index,10} " +
                             string.Join(" ", cells.Select(c => $"{Cell(c),-20}"));
            }
        }
    }
}
