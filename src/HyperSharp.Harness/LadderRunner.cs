using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Harness;

/// <summary>
/// Runs one rung of a ladder the way <c>hyper run</c> does: validate the spec, build the problem once, time the rung,
/// then judge its answer with the ladder's oracle — against the reference on the same spec or a smaller one (the
/// result says which), or exactly or statistically with no reference run at all.
/// </summary>
public static class LadderRunner
{
    public static RunResult Run<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, Rung<TProblem, TResult> rung, TSpec spec, RunContext context,
        MeasureOptions options, Action<string>? log = null, Action? started = null) =>
        RunAsync(ladder, rung, spec, context, options, log, started).GetAwaiter().GetResult();

    public static async Task<RunResult> RunAsync<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, Rung<TProblem, TResult> rung, TSpec spec, RunContext context,
        MeasureOptions options, Action<string>? log = null, Action? started = null, CancellationToken cancellation = default)
    {
        ladder.Validate(spec);
        if (!rung.Availability.IsAvailable)
            throw new SpecException($"rung '{rung.Name}' does not run here: {rung.Availability.Reason}");

        TProblem problem = await ladder.BuildAsync(spec, cancellation).ConfigureAwait(false);
        try
        {
            rung.Check(problem);
            started?.Invoke(); // every check passed: the run begins
            Timing<TResult> timing = await Timing<TResult>.MeasureAsync(rung, problem, context, options, log, cancellation).ConfigureAwait(false);
            long peak = PeakWorkingSet();
            Statistics stats = timing.Statistics;
            double work = ladder.Work(spec);
            // Before verifying: a rung may lend its own buffers as the answer (inplace), and a verification run on a
            // smaller spec would overwrite them.
            double checksum = ladder.Checksum(timing.Result);
            string? fingerprint = ladder.Fingerprint(timing.Result)?.Hex;
            Dictionary<string, double>? figures = ladder.Figures(timing.Result)?.ToDictionary();
            IReadOnlyDictionary<string, int> used = rung.Used(problem, context);

            VerificationInfo verification = await VerifyAsync(ladder, rung, spec, problem, timing.Result, context, options, log, cancellation)
                .ConfigureAwait(false);
            return new RunResult
            {
                System = ladder.Name,
                Rung = rung.Name,
                Kind = rung.Kind.ToString().ToLowerInvariant(),
                Implementation = "hypersharp",
                Spec = Describe(ladder, spec),
                Threads = used.GetValueOrDefault("threads", 1),
                Resources = used.ToDictionary(),
                Repeats = stats.Count,
                Seconds = stats.Median,
                MinSeconds = stats.Min,
                MaxSeconds = stats.Max,
                RunSeconds = [.. timing.Seconds],
                MedianInterval = RobustStatistics.MedianInterval(timing.Seconds),
                Outliers = RobustStatistics.Outliers(timing.Seconds),
                Unstable = stats.Median > RunResult.UnstableRatio * stats.Min ? true : null,
                Work = work,
                Throughput = work / stats.Median,
                Unit = ladder.Unit,
                Checksum = checksum,
                Fingerprint = fingerprint,
                Figures = figures,
                Latency = timing.Latency,
                Phases = timing.Phases.Count == 0 ? null : timing.Phases.Select(p =>
                {
                    Statistics s = Statistics.Of((IReadOnlyCollection<double>)p.Seconds);
                    return new PhaseResult(p.Name, s.Median, s.Min, s.Max);
                }).ToList(),
                Verified = verification.Error <= verification.Tolerance,
                Verification = verification,
                AllocatedBytes = timing.AllocatedBytes,
                PeakWorkingSetBytes = peak,
                GcCounts = timing.GcCounts,
                GcPauseSeconds = timing.GcPauseSeconds,
                Device = rung.Device,
                Version = $".NET {Environment.Version}",
            };
        }
        finally
        {
            await DisposeAsync(problem).ConfigureAwait(false);
        }
    }

    private static async Task<VerificationInfo> VerifyAsync<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, Rung<TProblem, TResult> rung, TSpec spec, TProblem problem,
        TResult answer, RunContext context, MeasureOptions options, Action<string>? log, CancellationToken cancellation)
    {
        Rung<TProblem, TResult> reference = ladder.Reference;
        Oracle<TProblem, TResult> oracle = ladder.OracleFor(rung);
        if (ReferenceEquals(rung, reference) && oracle.NeedsReference)
            return new VerificationInfo(reference.Name, Describe(ladder, spec), 0, reference.Tolerance, "none",
                "the reference rung defines the answer; it is checked against the book's golden case by the tests")
            { Method = "none" };

        TSpec checkedSpec = oracle.Shrinks ? ladder.ShrinkTo(spec, options.MaxVerifyWork) : spec;
        bool full = EqualityComparer<TSpec>.Default.Equals(checkedSpec, spec);
        TResult candidate = answer;
        TProblem checkedProblem = problem;
        try
        {
            if (!full)
            {
                // Checking would take too long on the full spec: the rung runs again on a smaller one.
                log?.Invoke($"verify: {(oracle.NeedsReference ? "the reference runs" : "checking")} a smaller spec ({ladder.Work(checkedSpec):G3} units of work)");
                checkedProblem = await ladder.BuildAsync(checkedSpec, cancellation).ConfigureAwait(false);
                candidate = await rung.RunAsync(checkedProblem, context, cancellation).ConfigureAwait(false);
            }
            else
            {
                log?.Invoke(oracle.NeedsReference ? "verify: running the reference on the same spec" : $"verify: {oracle.Method.ToString().ToLowerInvariant()} check");
            }
            TResult? expected = !oracle.NeedsReference ? default
                : options.AnswerCache is { } cache
                    ? await ReferenceAnswers.GetAsync(cache, ladder, checkedSpec, () => reference.RunAsync(checkedProblem, context, cancellation).AsTask(), log).ConfigureAwait(false)
                    : await reference.RunAsync(checkedProblem, context, cancellation).ConfigureAwait(false);
            Verification v = oracle.Check(checkedProblem, candidate, expected, rung.Tolerance);
            return new VerificationInfo(oracle.NeedsReference ? reference.Name : oracle.Method.ToString().ToLowerInvariant(),
                Describe(ladder, checkedSpec), v.Error, v.Tolerance, v.Measure,
                full ? null : "verified on a smaller spec: checking would take too long on the full one")
            { Method = v.Method.ToString().ToLowerInvariant() };
        }
        finally
        {
            if (!full)
                await DisposeAsync(checkedProblem).ConfigureAwait(false);
        }
    }

    internal static Dictionary<string, SpecValue> Describe<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder, TSpec spec) =>
        ladder.Describe(spec).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static async ValueTask DisposeAsync<TProblem>(TProblem problem)
    {
        switch (problem)
        {
            case IAsyncDisposable a:
                await a.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }

    private static long PeakWorkingSet()
    {
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }
}
