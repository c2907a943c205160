using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using HyperSharp.Harness;
using HyperSharp.Harness.Compare;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper compare OLD.json NEW.json [--threshold 5%]</c>: every row both files have, its ratio and whether it moved
/// beyond the threshold with significance. Exit 1 when any row regressed so (a CI gate), 2 on bad input.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var old = new Argument<string>("old") { Description = "The baseline: a bench file, report JSON, or `hyper run --json` output (one object or one a line)." };
        var @new = new Argument<string>("new") { Description = "The candidate, in any of the same forms." };
        var threshold = new Option<string>("--threshold")
        {
            Description = "The smallest change that counts, as a percentage of the old median (default 5%).",
            DefaultValueFactory = _ => "5%",
        };
        var alpha = new Option<double>("--alpha")
        {
            Description = $"Significance level of the test (default {ResultComparison.DefaultAlpha.ToString(CultureInfo.InvariantCulture)}).",
            DefaultValueFactory = _ => ResultComparison.DefaultAlpha,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the table." };
        var command = new Command("compare", "Compare two result files row by row: ratios, a significance test, exit 1 on a significant regression.")
        {
            old, @new, threshold, alpha, json,
        };
        command.SetAction(p => Guard.Run(() =>
        {
            double t = ParseThreshold(p.GetValue(threshold)!);
            double a = p.GetValue(alpha);
            if (!(a > 0 && a < 0.5))
                throw new SpecException($"--alpha takes a significance level between 0 and 0.5 (got {a.ToString(CultureInfo.InvariantCulture)})");
            string oldPath = p.GetValue(old)!, newPath = p.GetValue(@new)!;
            Comparison c = ResultComparison.Compare(ResultFiles.Load(oldPath), ResultFiles.Load(newPath), t, a);
            if (c.Rows.Count == 0)
                throw new SpecException($"'{oldPath}' and '{newPath}' have no row in common (rows match by system, rung, spec and threads)");
            if (p.GetValue(json))
                Console.WriteLine(Json(c));
            else
                Print(c);
            return c.Regressed ? Guard.Failure : 0;
        }));
        return command;
    }

    /// <summary>"5%", "5 %", "5" (percent) or "0.05x"… kept simple: a percentage, with or without its sign.</summary>
    internal static double ParseThreshold(string text)
    {
        string s = text.Trim().TrimEnd('%').Trim();
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double pct) && pct >= 0 && pct < 1000
            ? pct / 100
            : throw new SpecException($"--threshold takes a percentage from 0% to 1000% (got '{text}')");
    }

    private static void Print(Comparison c)
    {
        Output.Table($"new ÷ old median; a change beyond {Pct(c.Threshold)} is tested (Mann–Whitney, α = {c.Alpha.ToString(CultureInfo.InvariantCulture)}); intervals are the medians' 99 % CI",
            ["system", "rung", "spec", "threads", "old median", "new median", "ratio", "verdict"],
            c.Rows.Select(r => new[]
            {
                r.System, r.Rung, r.Spec, r.Threads.ToString(CultureInfo.InvariantCulture),
                Median(r.Old), Median(r.New), r.Ratio.ToString("F3", CultureInfo.InvariantCulture) + "×",
                r.Verdict switch
                {
                    Verdict.Slower => $"REGRESSION (+{Pct(r.Ratio - 1)})",
                    Verdict.Faster => $"improvement (−{Pct(1 - r.Ratio)})",
                    Verdict.Same => "same",
                    _ => $"untested: {r.How}",
                },
            }));
        foreach (RunResult r in c.OnlyOld)
            Console.WriteLine($"only in old: {r.System}/{r.Rung} {ResultComparison.SpecText(r)} ({r.Threads} threads)");
        foreach (RunResult r in c.OnlyNew)
            Console.WriteLine($"only in new: {r.System}/{r.Rung} {ResultComparison.SpecText(r)} ({r.Threads} threads)");
        int slower = c.Rows.Count(r => r.Verdict == Verdict.Slower), faster = c.Rows.Count(r => r.Verdict == Verdict.Faster);
        int untested = c.Rows.Count(r => r.Verdict == Verdict.Untested);
        Console.WriteLine($"{c.Rows.Count} rows compared: {slower} regressed, {faster} improved, {c.Rows.Count - slower - faster - untested} same{(untested > 0 ? $", {untested} untested" : "")}");
    }

    private static string Median(RunResult r) => Units.Seconds(r.Seconds) +
        (r.MedianInterval is { } ci ? $" [{Units.Seconds(ci.Lower)}, {Units.Seconds(ci.Upper)}]" : "") +
        (r.RunSeconds is { Count: > 0 } s ? $" n={s.Count}" : "");

    private static string Pct(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string Json(Comparison c) => JsonSerializer.Serialize(new
    {
        threshold = c.Threshold,
        alpha = c.Alpha,
        regressed = c.Regressed,
        rows = c.Rows.Select(r => new
        {
            system = r.System, rung = r.Rung, spec = r.Old.Spec, threads = r.Threads,
            old_seconds = r.Old.Seconds, new_seconds = r.New.Seconds, ratio = r.Ratio,
            old_median_interval = r.Old.MedianInterval, new_median_interval = r.New.MedianInterval,
            verdict = r.Verdict.ToString().ToLowerInvariant(), test = r.How,
        }),
        only_old = c.OnlyOld.Select(r => new { system = r.System, rung = r.Rung, spec = r.Spec, threads = r.Threads }),
        only_new = c.OnlyNew.Select(r => new { system = r.System, rung = r.Rung, spec = r.Spec, threads = r.Threads }),
    }, RunResult.JsonOptions);
}
