using System.Globalization;

namespace HyperSharp.Harness.Tokens;

/// <summary>The tokens bench's note: each rung's bytes per token at each count, from the rows' figures.</summary>
internal static class TokenBytes
{
    public static IEnumerable<string> Notes(BenchFile bench)
    {
        var rows = bench.Results
            .Where(r => r.Figures?.ContainsKey("bytes_per_token") == true && r.Spec?.ContainsKey("count") == true)
            .Select(r => (r.Rung, Count: r.Spec!["count"].ToString(), PerToken: r.Figures!["bytes_per_token"]))
            .DistinctBy(r => (r.Rung, r.Count))
            .ToList();
        if (rows.Count == 0)
            yield break;
        yield return "";
        yield return "Bytes each structure holds per token (exact array and object sizes, the strings included where it keeps them)";
        foreach (var group in rows.GroupBy(r => r.Count))
            yield return $"count {group.Key}: " + string.Join(", ", group.Select(r => $"{r.Rung} {r.PerToken.ToString("0.0", CultureInfo.InvariantCulture)}"));
    }
}
