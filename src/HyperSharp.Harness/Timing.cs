using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Harness;

/// <summary>
/// The timed repeats of one rung on one problem, and the answer of the last one. Each run is staged first, untimed
/// (<see cref="Rung{TProblem,TResult}.StageAsync"/>); the clock and the allocation counter cover the stage's run alone.
/// </summary>
public sealed record Timing<TResult>(IReadOnlyList<double> Seconds, long AllocatedBytes, TResult Result)
{
    public Statistics Statistics => Statistics.Of((IReadOnlyCollection<double>)Seconds);

    /// <summary>Per-operation latency over the timed runs, when the rung recorded any.</summary>
    public LatencySummary? Latency { get; init; }

    /// <summary>Collections during the timed runs (staging included: it is where a rung's garbage of the previous run goes).</summary>
    public GcCounts? GcCounts { get; init; }

    /// <summary>The runtime's GC pauses during the timed runs, in seconds.</summary>
    public double GcPauseSeconds { get; init; }

    /// <summary>Each named phase's seconds, one per timed run.</summary>
    public IReadOnlyList<(string Name, IReadOnlyList<double> Seconds)> Phases { get; init; } = [];

    /// <summary>Warm up, then repeat until both the minimum count and the time target are reached.</summary>
    public static async Task<Timing<TResult>> MeasureAsync<TProblem>(
        Rung<TProblem, TResult> rung, TProblem problem, RunContext context, MeasureOptions options,
        Action<string>? log = null, CancellationToken cancellation = default)
    {
        var latency = new LatencyRecorder();
        var phases = new PhaseClock();
        context = context with { Latency = latency, Phases = phases };

        TResult result = default!;
        // Warm-up time is the runs' own, staging not counted: a rung that builds its structure in its first stage
        // (seconds, for a big index) would otherwise leave warm-up after one run, its search still at tier 0.
        double warmSeconds = 0;
        int warmups = 0;
        while (warmups < options.Warmups || (warmSeconds < options.WarmupSeconds && warmups < options.MaxRepeats))
        {
            (result, double elapsed, _) = await TimeOnceAsync(rung, problem, context, timed: false, cancellation).ConfigureAwait(false);
            warmSeconds += elapsed;
            warmups++;
        }
        log?.Invoke($"{rung.Name}: {warmups} warm-up run{(warmups == 1 ? "" : "s")}");
        latency.Reset();
        phases.Clear();

        var seconds = new List<double>();
        var phaseSeconds = new List<(string Name, List<double> Seconds)>();
        long allocated = 0;
        double spent = 0;
        GcCounts gcBefore = GcCounts.Now();
        TimeSpan pausedBefore = GC.GetTotalPauseDuration();
        TimingEvents.Log.TimedStart();
        while (seconds.Count < options.MinRepeats || (spent < options.TargetSeconds && seconds.Count < options.MaxRepeats))
        {
            (result, double elapsed, long bytes) = await TimeOnceAsync(rung, problem, context, timed: true, cancellation).ConfigureAwait(false);
            allocated = Math.Max(allocated, bytes);
            seconds.Add(elapsed);
            spent += elapsed;
            foreach ((string name, double s) in phases.Read())
            {
                int i = phaseSeconds.FindIndex(p => p.Name == name);
                if (i < 0)
                    phaseSeconds.Add((name, [s]));
                else
                    phaseSeconds[i].Seconds.Add(s);
            }
            phases.Clear();
        }
        TimingEvents.Log.TimedStop();
        GcCounts collections = GcCounts.Since(gcBefore);
        double paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds;
        log?.Invoke($"{rung.Name}: {seconds.Count} timed runs in {spent:F2} s");
        return new Timing<TResult>(seconds, allocated, result)
        {
            GcCounts = collections,
            GcPauseSeconds = paused,
            Latency = latency.Count > 0 ? latency.Summary() : null,
            Phases = phaseSeconds.Select(p => (p.Name, (IReadOnlyList<double>)p.Seconds)).ToArray(),
        };
    }

    private static async ValueTask<(TResult Result, double Seconds, long Allocated)> TimeOnceAsync<TProblem>(
        Rung<TProblem, TResult> rung, TProblem problem, RunContext context, bool timed, CancellationToken cancellation)
    {
        await using RunStage<TResult> stage = await rung.StageAsync(problem, context, cancellation).ConfigureAwait(false);
        if (timed)
            TimingEvents.Log.RunStart(); // outside the clock: a flag test when nobody listens
        long before = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        ValueTask<TResult> run = stage.RunAsync(cancellation);
        // A synchronous rung has finished here: no await (and no state machine) inside the timed region.
        TResult result = run.IsCompletedSuccessfully ? run.Result : await run.ConfigureAwait(false);
        double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        if (timed)
            TimingEvents.Log.RunStop();
        return (result, elapsed, allocated);
    }
}
