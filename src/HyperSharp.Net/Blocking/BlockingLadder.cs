using HyperSharp.Ladder;

namespace HyperSharp.Net.Blocking;

/// <summary><paramref name="Calls"/> calls of a client that blocks for <paramref name="DelayMs"/> each (a sleep, as a slow service would).</summary>
public sealed record BlockingSpec(long Calls, int DelayMs);

/// <summary>Each call's answer, in call order, and the most calls that were in progress at once.</summary>
public sealed record BlockingResult(long[] Answers, int PeakOverlap);

/// <summary>
/// The book's slow client: it waits <see cref="BlockingSpec.DelayMs"/> and answers a value of its argument. The
/// blocking form holds its thread for the wait (<see cref="Thread.Sleep(int)"/>); the non-blocking form gives it
/// back (<see cref="Task.Delay(int)"/>). Both count how many calls are in progress at once.
/// </summary>
public sealed class SlowClient(int delayMs)
{
    private int _now, _peak;

    /// <summary>The most calls in progress at once so far.</summary>
    public int Peak => Volatile.Read(ref _peak);

    /// <summary>The answer to call <paramref name="i"/>: the same whichever form computed it.</summary>
    public static long Answer(long i) => (i * 2654435761L) ^ (i >> 3);

    /// <summary>Blocks its thread for the delay.</summary>
    public long Call(long i)
    {
        Enter();
        try
        {
            Thread.Sleep(delayMs);
            return Answer(i);
        }
        finally
        {
            Interlocked.Decrement(ref _now);
        }
    }

    /// <summary>Waits the delay without holding a thread.</summary>
    public async Task<long> CallAsync(long i)
    {
        Enter();
        try
        {
            await Task.Delay(delayMs).ConfigureAwait(false);
            return Answer(i);
        }
        finally
        {
            Interlocked.Decrement(ref _now);
        }
    }

    private void Enter()
    {
        int now = Interlocked.Increment(ref _now);
        for (int peak = Volatile.Read(ref _peak); now > peak; peak = Volatile.Read(ref _peak))
            if (Interlocked.CompareExchange(ref _peak, now, peak) == peak)
                break;
    }
}

/// <summary>A rung of the blocking ladder: its staging makes a fresh client (so each run counts its own overlap).</summary>
public abstract class BlockingRung : AsyncRung<BlockingSpec, BlockingResult>
{
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Concurrency;

    /// <summary>Runs every call on <paramref name="client"/>, filling <paramref name="answers"/>.</summary>
    protected abstract Task CallAllAsync(SlowClient client, long[] answers, int concurrency);

    /// <inheritdoc/>
    protected override async ValueTask<BlockingResult> ComputeAsync(BlockingSpec problem, RunContext context, CancellationToken cancellation)
    {
        var client = new SlowClient(problem.DelayMs);
        var answers = new long[problem.Calls];
        await CallAllAsync(client, answers, Uses.HasFlag(RungResources.Concurrency) ? context.Concurrency : 1).ConfigureAwait(false);
        return new BlockingResult(answers, client.Peak);
    }
}

/// <summary>The reference: one blocking call after another.</summary>
public sealed class BlockingSerial : BlockingRung
{
    /// <inheritdoc/>
    public override string Name => "serial";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "one blocking call after another";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.None;

    /// <inheritdoc/>
    protected override Task CallAllAsync(SlowClient client, long[] answers, int concurrency)
    {
        for (long i = 0; i < answers.Length; i++)
            answers[i] = client.Call(i);
        return Task.CompletedTask;
    }
}

/// <summary>An executor of C dedicated threads runs the blocking calls: C overlap, whatever the thread pool does.</summary>
public sealed class BlockingThreads : BlockingRung
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override string Technique => "blocking calls on an executor of C dedicated threads";

    /// <inheritdoc/>
    protected override Task CallAllAsync(SlowClient client, long[] answers, int concurrency)
    {
        long next = -1;
        var threads = new Thread[Math.Max(1, Math.Min(concurrency, answers.Length))];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (long i; (i = Interlocked.Increment(ref next)) < answers.Length;)
                    answers[i] = client.Call(i);
            }, 256 * 1024) { IsBackground = true };
            threads[t].Start();
        }
        foreach (Thread t in threads)
            t.Join();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Each blocking call wrapped in <see cref="Task.Run(Func{long})"/>, C at a time: the calls hold pool threads, so
/// fewer than C overlap until the pool has added threads, at its own pace (the lesson: an executor over a shared pool
/// is not free).
/// </summary>
public sealed class BlockingTaskRun : BlockingRung
{
    /// <inheritdoc/>
    public override string Name => "taskrun";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override string Technique => "blocking calls in Task.Run on the shared thread pool, C at a time";
    /// <inheritdoc/>
    public override bool IsLesson => true;

    /// <inheritdoc/>
    protected override async Task CallAllAsync(SlowClient client, long[] answers, int concurrency)
    {
        using var gate = new SemaphoreSlim(concurrency);
        var tasks = new Task[answers.Length];
        for (long i = 0; i < answers.Length; i++)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            long k = i;
            tasks[i] = Task.Run(() =>
            {
                try
                {
                    answers[k] = client.Call(k);
                }
                finally
                {
                    gate.Release();
                }
            });
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}

/// <summary>The same client made truly non-blocking: C calls awaiting a timer, no thread held during the wait.</summary>
public sealed class BlockingAsync : BlockingRung
{
    /// <inheritdoc/>
    public override string Name => "async";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Async;
    /// <inheritdoc/>
    public override string Technique => "true async: Task.Delay instead of Thread.Sleep, C in flight";

    /// <inheritdoc/>
    protected override async Task CallAllAsync(SlowClient client, long[] answers, int concurrency)
    {
        long next = -1;
        var workers = new Task[Math.Max(1, Math.Min(concurrency, answers.Length))];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = Worker();
        await Task.WhenAll(workers).ConfigureAwait(false);

        async Task Worker()
        {
            for (long i; (i = Interlocked.Increment(ref next)) < answers.Length;)
                answers[i] = await client.CallAsync(i).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Blocking → non-blocking (Lanaro ch. 6): a client that blocks for a delay, called serially, on an executor of
/// dedicated threads, in <c>Task.Run</c> on the shared pool, and made truly async. Every rung must give the same
/// answers; how many calls overlapped is in each result (<see cref="BlockingResult.PeakOverlap"/>).
/// </summary>
public sealed class BlockingLadder() : Ladder<BlockingSpec, BlockingSpec, BlockingResult>(
    [new BlockingSerial(), new BlockingThreads(), new BlockingTaskRun(), new BlockingAsync()])
{
    /// <inheritdoc/>
    public override string Name => "blocking";
    /// <inheritdoc/>
    public override string Title => "Blocking calls made non-blocking: an executor of threads, Task.Run, true async (Lanaro ch. 6)";
    /// <inheritdoc/>
    public override string Unit => "calls/s";

    /// <inheritdoc/>
    public override SpecDeclaration<BlockingSpec> Spec { get; } =
        new SpecDeclaration<BlockingSpec>(v => new BlockingSpec(v.Long("calls"), v.Int("delay_ms")))
            .Integer("calls", "Calls of the slow client.", s => s.Calls, 200, 1, 1_000_000, axis: new SweepAxis("calls", Bench: [200], Report: [200]))
            .Integer("delay_ms", "Each call waits this many milliseconds.", s => s.DelayMs, 10, 0, 60_000);

    /// <inheritdoc/>
    public override BlockingSpec Build(BlockingSpec spec) => spec;

    /// <inheritdoc/>
    public override double Work(BlockingSpec spec) => spec.Calls;

    /// <summary>The serial reference waits D per call: it verifies on fewer calls when that would take too long.</summary>
    public override BlockingSpec ShrinkTo(BlockingSpec spec, double maxWork)
    {
        long calls = (long)Math.Clamp(maxWork / Math.Max(1, spec.DelayMs), 1, spec.Calls);
        return calls == spec.Calls ? spec : spec with { Calls = calls };
    }

    /// <inheritdoc/>
    public override double Checksum(BlockingResult result) => result.Answers.Sum(a => (double)(a & 0xFFFF));

    /// <inheritdoc/>
    public override Fingerprint? Fingerprint(BlockingResult result) => Ladder.Fingerprint.Of<long>(result.Answers);

    /// <inheritdoc/>
    public override Verification Verify(BlockingResult reference, BlockingResult candidate, double tolerance) =>
        Verification.Within(Math.Abs(reference.Answers.Length - candidate.Answers.Length)
            + reference.Answers.Zip(candidate.Answers).Count(p => p.First != p.Second), tolerance, "answers that differ");
}
