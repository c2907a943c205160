using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace HyperSharp.Harness.Compare;

/// <summary>What the comparison of one row found.</summary>
public enum Verdict
{
    /// <summary>No shift beyond the threshold that the test can tell from noise.</summary>
    Same,
    /// <summary>Slower by more than the threshold, significantly: a regression.</summary>
    Slower,
    /// <summary>Faster by more than the threshold, significantly.</summary>
    Faster,
    /// <summary>Too few runs on one side to test (a file before result@3 has no samples, or one run).</summary>
    Untested,
}

/// <summary>One row of both files: its key, the two medians, their ratio and the verdict.</summary>
public sealed record RowComparison(string System, string Rung, string Spec, int Threads, RunResult Old, RunResult New, Verdict Verdict, string How)
{
    /// <summary>New median over old: above 1 is slower.</summary>
    public double Ratio => New.Seconds / Old.Seconds;
}

/// <summary>All rows compared, and the rows only one file has.</summary>
public sealed record Comparison(IReadOnlyList<RowComparison> Rows, IReadOnlyList<RunResult> OnlyOld, IReadOnlyList<RunResult> OnlyNew, double Threshold, double Alpha)
{
    /// <summary>Whether any row regressed beyond the threshold with significance (what a CI gate fails on).</summary>
    public bool Regressed => Rows.Any(r => r.Verdict == Verdict.Slower);
}

/// <summary>
/// pytest-benchmark's <c>--benchmark-compare</c> for result files: rows are matched by system, rung, spec and
/// threads; each pair's timed runs are tested with Perfolizer's equivalence test (two one-sided Mann–Whitney tests
/// against a shift of the threshold, BenchmarkDotNet's statistical-test column), so a verdict of slower means
/// "slower by more than the threshold, beyond what the noise of either run explains".
/// </summary>
public static class ResultComparison
{
    /// <summary>The significance level of the test.</summary>
    public const double DefaultAlpha = 0.05;

    public static Comparison Compare(IReadOnlyList<RunResult> old, IReadOnlyList<RunResult> @new, double threshold, double alpha = DefaultAlpha)
    {
        if (!(threshold >= 0 && threshold < 10))
            throw new ArgumentOutOfRangeException(nameof(threshold), "a relative threshold from 0 to 10 (1000 %)");
        Dictionary<string, RunResult> olds = Index(old);
        Dictionary<string, RunResult> news = Index(@new);
        var test = new SimpleEquivalenceTest(MannWhitneyTest.Instance);
        var shift = Threshold.Parse(Math.Round(threshold * 100, 6).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "%");
        var rows = new List<RowComparison>();
        foreach ((string key, RunResult o) in olds)
        {
            if (!news.TryGetValue(key, out RunResult? n))
                continue;
            (Verdict verdict, string how) = Judge(o, n, test, shift, alpha);
            rows.Add(new RowComparison(o.System, o.Rung, SpecText(o), o.Threads, o, n, verdict, how));
        }
        return new Comparison(rows,
            [.. olds.Where(kv => !news.ContainsKey(kv.Key)).Select(kv => kv.Value)],
            [.. news.Where(kv => !olds.ContainsKey(kv.Key)).Select(kv => kv.Value)],
            threshold, alpha);
    }

    private static (Verdict, string) Judge(RunResult o, RunResult n, SimpleEquivalenceTest test, Threshold shift, double alpha)
    {
        if (o.RunSeconds is not { Count: >= 2 } a || n.RunSeconds is not { Count: >= 2 } b)
            return (Verdict.Untested, o.RunSeconds is null || n.RunSeconds is null ? "no samples in the file" : "under 2 runs");
        ComparisonResult r = test.Perform(new Sample([.. a]), new Sample([.. b]), shift, new SignificanceLevel(alpha));
        return r switch
        {
            // Perform(x, y): Lesser means x (the old runs) is less than y (the new), beyond the shift.
            ComparisonResult.Lesser => (Verdict.Slower, "Mann–Whitney"),
            ComparisonResult.Greater => (Verdict.Faster, "Mann–Whitney"),
            ComparisonResult.Indistinguishable => (Verdict.Same, "Mann–Whitney"),
            _ => (Verdict.Untested, "too few runs for the test"),
        };
    }

    /// <summary>The rows that ran (not the errors or skips), by key; a later row of the same key replaces an earlier one.</summary>
    private static Dictionary<string, RunResult> Index(IReadOnlyList<RunResult> results)
    {
        var index = new Dictionary<string, RunResult>(StringComparer.Ordinal);
        foreach (RunResult r in results)
        {
            if (r.Error is null && r.Seconds > 0)
                index[$"{r.System}\n{r.Rung}\n{SpecText(r)}\n{r.Threads}"] = r;
        }
        return index;
    }

    /// <summary>The spec as <c>count=4096 steps=50</c>, keys sorted.</summary>
    public static string SpecText(RunResult r) =>
        r.Spec is null ? "" : string.Join(' ', r.Spec.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));
}
