namespace HyperSharp.Harness;

/// <summary>A bench file as rows of text: the one table that the console and the HTML report both show.</summary>
public static class BenchTable
{
    public static string[] Headers(BenchFile bench) =>
        [bench.SizeName, "rung", "impl", "threads", "median", "min", "max", $"throughput ({bench.Unit})",
         "vs reference", "allocated", "peak memory", "verified / note"];

    public static IEnumerable<string[]> Rows(BenchFile bench)
    {
        foreach (RunResult r in bench.Results)
        {
            double size = r.Spec?.GetValueOrDefault(bench.SizeName) ?? 0;
            string sizeText = size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
            if (r.Error is not null)
            {
                yield return [sizeText, r.Rung, r.Implementation ?? r.Kind ?? "", r.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "", "", "", "", "", "", "", r.Error];
                continue;
            }
            RunResult? reference = ReferenceFor(bench, r);
            yield return
            [
                sizeText, r.Rung, r.Implementation ?? "", r.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Units.Seconds(r.Seconds), Units.Seconds(r.MinSeconds), Units.Seconds(r.MaxSeconds), Units.Si(r.Throughput),
                reference is null ? "—" : Units.Ratio(r.Throughput / reference.Throughput),
                Units.Bytes(r.AllocatedBytes), Units.Bytes(r.PeakWorkingSetBytes), Verified(r),
            ];
        }
    }

    /// <summary>The reference rung's result on the same spec, for the ratio column.</summary>
    public static RunResult? ReferenceFor(BenchFile bench, RunResult r) =>
        bench.Results.FirstOrDefault(x => x.Error is null && x.Kind == "reference" && SameSpec(x, r));

    public static bool SameSpec(RunResult a, RunResult b) =>
        a.Spec is not null && b.Spec is not null && a.Spec.Count == b.Spec.Count &&
        a.Spec.All(kv => b.Spec.TryGetValue(kv.Key, out double v) && v == kv.Value);

    private static string Verified(RunResult r) => r.Verified switch
    {
        _ when r.Kind == "reference" => "is the reference",
        true when r.Verification?.Note is not null => "yes (smaller spec)",
        true => "yes",
        false => $"NO (error {r.Verification?.Error:G3})",
        null => "not checked",
    };
}
