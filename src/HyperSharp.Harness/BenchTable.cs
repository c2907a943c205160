using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Harness;

/// <summary>A bench file as rows of text: the one table that the console and the HTML report both show.</summary>
public static class BenchTable
{
    public static string[] Headers(BenchFile bench) =>
        [.. bench.AxisNames, .. Varying(bench), "rung", "impl", "uses", "median", "min", "max", $"throughput ({bench.Unit})",
         "vs reference", .. HasLimits(bench) ? ["of limit"] : Array.Empty<string>(), "allocated", "peak memory", "verified / note"];

    /// <summary>Whether the bench placed its rows against the machine's limits (a column for it).</summary>
    public static bool HasLimits(BenchFile bench) => bench.Limits is { Count: > 0 } || bench.Results.Any(r => r.Limit is not null);

    public static IEnumerable<string[]> Rows(BenchFile bench)
    {
        IReadOnlyList<string> varying = Varying(bench);
        bool limits = HasLimits(bench);
        foreach (RunResult r in bench.Results)
        {
            string[] spec = [.. bench.AxisNames.Concat(varying).Select(k => r.Spec?.TryGetValue(k, out SpecValue v) == true ? v.Display() : "")];
            string uses = Uses(r);
            string[] limit = limits ? [MachineLimits.Describe(r.Limit)] : [];
            if (r.Error is not null)
            {
                yield return [.. spec, r.Rung, r.Implementation ?? r.Kind ?? "", uses, "", "", "", "", "", .. limit, "", "", r.Error];
                continue;
            }
            RunResult? reference = Ranked(r) ? ReferenceFor(bench, r) : null;
            yield return
            [
                .. spec, r.Rung, r.Implementation ?? "", uses,
                Units.Seconds(r.Seconds) + (r.Unstable == true ? " (unstable)" : ""), Units.Seconds(r.MinSeconds), Units.Seconds(r.MaxSeconds),
                Units.Si(r.Throughput),
                reference is null ? "—" : Units.Ratio(r.Throughput / reference.Throughput), .. limit,
                Units.Bytes(r.AllocatedBytes), Units.Bytes(r.PeakWorkingSetBytes), Verdict(r),
            ];
        }
    }

    /// <summary>What a row used: "2 threads", "4 processes" (from <see cref="RunResult.Resources"/>, else its threads).</summary>
    public static string Uses(RunResult r)
    {
        IEnumerable<KeyValuePair<string, int>> counts = r.Resources is { Count: > 0 } res
            ? res.Where(kv => kv.Key != "threads" || res.Count == 1)
            : [new("threads", r.Threads)];
        return string.Join(", ", counts.Select(kv => Count(kv.Key, kv.Value)));
    }

    private static string Count(string resource, int n) => resource switch
    {
        "concurrency" => $"{n} in flight",
        "processes" => n == 1 ? "1 process" : $"{n} processes",
        _ => n == 1 ? $"1 {resource.TrimEnd('s')}" : $"{n} {resource}",
    };

    /// <summary>
    /// Spec parameters besides the axes that differ between results at the same axis values (a swept chunk size, say):
    /// each gets a column of its own. Values that follow from the axes (primecheck's largest number) get none.
    /// </summary>
    public static IReadOnlyList<string> Varying(BenchFile bench)
    {
        List<RunResult> ran = bench.Results.Where(r => r.Error is null && r.Spec is not null).ToList();
        string AxesOf(RunResult r) => string.Join("\u0001", bench.AxisNames.Select(a => r.Spec!.GetValueOrDefault(a).ToString()));
        return ran.SelectMany(r => r.Spec!.Keys).Distinct()
            .Where(key => !bench.AxisNames.Contains(key) && ran
                .Where(r => r.Spec!.ContainsKey(key))
                .GroupBy(AxesOf)
                .Any(g => g.Select(r => r.Spec![key]).Distinct().Count() > 1))
            .ToList();
    }

    /// <summary>
    /// A row that may be compared with others (ratio column, charts): it ran and its answer was verified. A fast wrong
    /// or unchecked answer is no result, so it is shown with the reason and never ranked.
    /// </summary>
    public static bool Ranked(RunResult r) => r.Error is null && r.Verified == true;

    /// <summary>A row that ran and disagrees with its check (a rung or a peer), or a rung that failed to run.</summary>
    public static bool Failed(RunResult r) => r.Verified == false || (r.Kind != "peer" && r.Skipped != true && r.Error is not null);

    /// <summary>Which row, for one line of text: rung, axis values and threads.</summary>
    public static string Where(BenchFile bench, RunResult r) =>
        $"{r.Rung} @ {string.Join(", ", bench.AxisNames.Select(a => $"{a} {(r.Spec?.TryGetValue(a, out SpecValue v) == true ? v.Display() : "?")}"))}, {Uses(r)}";

    /// <summary>
    /// The reference rung's result at the same axis values, for the ratio column. Benches vary only the axes and
    /// parameters that do not change the work (chunk sizes, flag intervals), so the same axis values mean the same work.
    /// </summary>
    public static RunResult? ReferenceFor(BenchFile bench, RunResult r) =>
        bench.Results.FirstOrDefault(x => Ranked(x) && x.Kind == "reference" &&
            bench.AxisNames.All(a => x.Spec?.GetValueOrDefault(a) == r.Spec?.GetValueOrDefault(a)));

    /// <summary>The value of one axis in a result, as a number (0 when absent or text).</summary>
    public static double AxisValue(RunResult r, string axis) =>
        r.Spec?.TryGetValue(axis, out SpecValue v) == true ? (v.IsNumber ? v.Number : double.TryParse(v.Text, CultureInfo.InvariantCulture, out double d) ? d : 0) : 0;

    /// <summary>The "verified / note" column: how the answer was checked, or why it is not ranked.</summary>
    public static string Verdict(RunResult r) => r.Verified switch
    {
        _ when r.Kind == "reference" && r.Verification?.Method is null or "none" => "is the reference",
        true when r.Verification?.Note is not null => $"yes ({Method(r)}, smaller spec)",
        true => $"yes ({Method(r)})",
        false => $"NO ({r.Verification?.Measure}: {r.Verification?.Error:G3}), not ranked",
        null => $"not checked ({r.Verification?.Note ?? "nothing to check against"}), not ranked",
    };

    // A peer names the rung it was checked against: it may be one run only for the check (see BenchItem.IsCheck).
    private static string Method(RunResult r) =>
        (r.Verification?.Method ?? "reference") + (r.Kind == "peer" && r.Verification?.Against is { } a && a != r.Verification.Method ? $" vs {a}" : "") +
        (r.Verification?.Method == "answer" ? $", largest error {r.Verification.Error:G2}" : "");
}
