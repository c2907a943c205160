using System.Globalization;

namespace HyperSharp.Harness;

/// <summary>A bench file as rows of text: the one table that the console and the HTML report both show.</summary>
public static class BenchTable
{
    public static string[] Headers(BenchFile bench) =>
        [bench.SizeName, .. Varying(bench), "rung", "impl", "threads", "median", "min", "max", $"throughput ({bench.Unit})",
         "vs reference", "allocated", "peak memory", "verified / note"];

    public static IEnumerable<string[]> Rows(BenchFile bench)
    {
        IReadOnlyList<string> varying = Varying(bench);
        foreach (RunResult r in bench.Results)
        {
            string[] spec = [Number(r.Spec?.GetValueOrDefault(bench.SizeName) ?? 0),
                             .. varying.Select(k => r.Spec?.TryGetValue(k, out double v) == true ? Number(v) : "")];
            string threads = r.Threads.ToString(CultureInfo.InvariantCulture);
            if (r.Error is not null)
            {
                yield return [.. spec, r.Rung, r.Implementation ?? r.Kind ?? "", threads, "", "", "", "", "", "", "", r.Error];
                continue;
            }
            RunResult? reference = ReferenceFor(bench, r);
            yield return
            [
                .. spec, r.Rung, r.Implementation ?? "", threads,
                Units.Seconds(r.Seconds), Units.Seconds(r.MinSeconds), Units.Seconds(r.MaxSeconds), Units.Si(r.Throughput),
                reference is null ? "—" : Units.Ratio(r.Throughput / reference.Throughput),
                Units.Bytes(r.AllocatedBytes), Units.Bytes(r.PeakWorkingSetBytes), Verified(r),
            ];
        }
    }

    /// <summary>
    /// Spec parameters besides the size whose value differs between results (a swept chunk size, say): each gets a
    /// column of its own.
    /// </summary>
    public static IReadOnlyList<string> Varying(BenchFile bench) =>
        bench.Results.Where(r => r.Error is null && r.Spec is not null).SelectMany(r => r.Spec!.Keys).Distinct()
            .Where(key => key != bench.SizeName && bench.Results
                .Where(r => r.Error is null && r.Spec?.ContainsKey(key) == true)
                .Select(r => r.Spec![key]).Distinct().Count() > 1)
            .ToList();

    /// <summary>
    /// The reference rung's result at the same size, for the ratio column. Benches vary only the size and parameters
    /// that do not change the work (chunk sizes, flag intervals), so the same size means the same work.
    /// </summary>
    public static RunResult? ReferenceFor(BenchFile bench, RunResult r) =>
        bench.Results.FirstOrDefault(x => x.Error is null && x.Kind == "reference" &&
            x.Spec?.GetValueOrDefault(bench.SizeName) == r.Spec?.GetValueOrDefault(bench.SizeName));

    public static bool SameSpec(RunResult a, RunResult b) =>
        a.Spec is not null && b.Spec is not null && a.Spec.Count == b.Spec.Count &&
        a.Spec.All(kv => b.Spec.TryGetValue(kv.Key, out double v) && v == kv.Value);

    private static string Number(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Verified(RunResult r) => r.Verified switch
    {
        _ when r.Kind == "reference" => "is the reference",
        true when r.Verification?.Note is not null => "yes (smaller spec)",
        true => "yes",
        false => $"NO (error {r.Verification?.Error:G3})",
        null => "not checked",
    };
}
