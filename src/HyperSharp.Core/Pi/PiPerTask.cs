using HyperSharp.Ladder;

namespace HyperSharp.Pi;

/// <summary>
/// The granularity lesson: one Task per sample, so scheduling costs dwarf the work. Each worker thread draws from its
/// own <c>System.Random</c> (seeded from the seed and the order threads first ask), so the hits vary from run to run
/// and are checked statistically. Refuses more than <see cref="MaxSamples"/> samples.
/// </summary>
public sealed class PiPerTask : SyncRung<PiProblem, PiResult>, IDrawsSystemRandom
{
    /// <summary>The most samples it accepts: one task each is already slow at 10⁶.</summary>
    public const long MaxSamples = 1_000_000;

    /// <inheritdoc/>
    public override string Name => "pertask";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <summary>System.Random draws other points than the counter stream: judged by |π̂ − π| / σ ≤ 5 (see <see cref="PiLadder"/>).</summary>
    public override double Tolerance => PiLadder.SigmaTolerance;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Async;
    /// <inheritdoc/>
    public override string Technique => "one Task per sample: the slow lesson, scheduling costs far more than the work (≤ 10⁶ samples)";

    /// <summary>One task per sample is the slow lesson: the bench runs it up to <see cref="MaxSamples"/> samples.</summary>
    public override double MaxBenchWork => MaxSamples;

    /// <inheritdoc/>
    public override bool IsLesson => true;

    /// <inheritdoc/>
    public override void Check(PiProblem problem)
    {
        if (problem.Samples > MaxSamples)
            throw new SpecException(
                $"pertask starts one task per sample and is limited to {MaxSamples} samples (got {problem.Samples}); use batched");
    }

    /// <inheritdoc/>
    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        Check(problem);

        int streams = 0;
        using var random = new ThreadLocal<Random>(() => new Random(HashCode.Combine(problem.Seed, Interlocked.Increment(ref streams))));
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, context.MaxThreads).ConcurrentScheduler;
        var tasks = new Task<bool>[problem.Samples];
        for (long i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Factory.StartNew(() =>
            {
                Random r = random.Value!;
                double x = r.NextDouble();
                double y = r.NextDouble();
                return x * x + y * y <= 1.0;
            }, CancellationToken.None, TaskCreationOptions.None, scheduler);
        }
        Task.WaitAll(tasks);
        long hits = 0;
        foreach (Task<bool> t in tasks)
            if (t.Result)
                hits++;
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.SystemRandom);
    }
}
