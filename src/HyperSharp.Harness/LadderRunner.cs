using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Harness;

/// <summary>
/// Runs one rung of a ladder the way <c>hyper run</c> does: validate the spec, build the problem once, time the rung,
/// then verify its answer against the reference — on the same spec, or on a smaller one when the reference would
/// take too long (the result says which).
/// </summary>
public static class LadderRunner
{
    public static RunResult Run<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, Rung<TProblem, TResult> rung, TSpec spec, RunContext context,
        MeasureOptions options, Action<string>? log = null)
    {
        ladder.Validate(spec);
        if (!rung.Availability.IsAvailable)
            throw new SpecException($"rung '{rung.Name}' does not run here: {rung.Availability.Reason}");

        TProblem problem = ladder.Build(spec);
        Timing<TResult> timing = Timing<TResult>.Measure(rung, problem, context, options, log);
        long peak = PeakWorkingSet();
        Statistics stats = timing.Statistics;
        double work = ladder.Work(spec);
        // Before verifying: a rung may lend its own buffers as the answer (inplace), and a verification run on a
        // smaller spec would overwrite them.
        double checksum = ladder.Checksum(timing.Result);

        VerificationInfo verification = Verify(ladder, rung, spec, problem, timing.Result, context, options, log);
        return new RunResult
        {
            System = ladder.Name,
            Rung = rung.Name,
            Kind = rung.Kind.ToString().ToLowerInvariant(),
            Implementation = "hypersharp",
            Spec = Describe(ladder, spec),
            Threads = rung.IsParallel ? context.MaxThreads : 1,
            Repeats = stats.Count,
            Seconds = stats.Median,
            MinSeconds = stats.Min,
            MaxSeconds = stats.Max,
            Work = work,
            Throughput = work / stats.Median,
            Unit = ladder.Unit,
            Checksum = checksum,
            Verified = verification.Error <= verification.Tolerance,
            Verification = verification,
            AllocatedBytes = timing.AllocatedBytes,
            PeakWorkingSetBytes = peak,
            Device = rung.Device,
            Version = $".NET {Environment.Version}",
        };
    }

    private static VerificationInfo Verify<TSpec, TProblem, TResult>(
        Ladder<TSpec, TProblem, TResult> ladder, Rung<TProblem, TResult> rung, TSpec spec, TProblem problem,
        TResult answer, RunContext context, MeasureOptions options, Action<string>? log)
    {
        Rung<TProblem, TResult> reference = ladder.Reference;
        if (ReferenceEquals(rung, reference))
            return new VerificationInfo(reference.Name, Describe(ladder, spec), 0, reference.Tolerance, "none",
                "the reference rung defines the answer; it is checked against the book's golden case by the tests");

        TSpec checkedSpec = ladder.ShrinkTo(spec, options.MaxVerifyWork);
        bool full = EqualityComparer<TSpec>.Default.Equals(checkedSpec, spec);
        TResult candidate = answer;
        if (!full)
        {
            // The reference would take too long on the full spec: both run the smaller one.
            log?.Invoke($"verify: the reference runs a smaller spec ({ladder.Work(checkedSpec):G3} units of work)");
            problem = ladder.Build(checkedSpec);
            candidate = rung.Run(problem, context);
        }
        else
        {
            log?.Invoke("verify: running the reference on the same spec");
        }
        Verification v = ladder.Verify(reference.Run(problem, context), candidate, rung.Tolerance);
        return new VerificationInfo(reference.Name, Describe(ladder, checkedSpec), v.Error, v.Tolerance, v.Measure,
            full ? null : "verified on a smaller spec: the reference would take too long on the full one");
    }

    internal static Dictionary<string, double> Describe<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder, TSpec spec) =>
        ladder.Describe(spec).ToDictionary(kv => kv.Key, kv => kv.Value);

    private static long PeakWorkingSet()
    {
        using Process self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }
}
