using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Ladder;

/// <summary>How many keys the store holds, how many lookups a run makes, and the seed of both.</summary>
public sealed record KvSpec(int Keys, int Lookups, int Seed = 1);

/// <summary>
/// A test-only ladder of the shape the I/O systems will have: an in-memory key-value store that owns a resource (it
/// must be disposed, and counts it), an async rung that keeps operations in flight, records each one's latency and
/// times a build and a query phase, and a clear reference. It counts what the harness does to it, so tests can ask.
/// </summary>
public sealed class KeyValueLadder(OracleMethod oracle = OracleMethod.Reference, TimeSpan setupDelay = default,
    params Rung<KvStore, long[]>[] extraRungs)
    : Ladder<KvSpec, KvStore, long[]>([new KvReference(), new KvAsync(setupDelay), .. extraRungs])
{
    private int _builds, _disposals;

    public override string Name => "kv";
    public override string Title => "Key-value lookups in an in-memory store (test only)";
    public override string Unit => "lookups/s";

    /// <summary>Problems built (the full spec's and any smaller one's for verification).</summary>
    public int Builds => Volatile.Read(ref _builds);

    /// <summary>Problems disposed: every one built must be.</summary>
    public int Disposals => Volatile.Read(ref _disposals);

    public KvReference ReferenceRung => (KvReference)Rungs[0];
    public KvAsync AsyncRung => (KvAsync)Rungs[1];

    public override SpecDeclaration<KvSpec> Spec { get; } =
        new SpecDeclaration<KvSpec>(v => new KvSpec(v.Int("keys"), v.Int("lookups"), v.Int("seed")))
            .Integer("keys", "Keys in the store.", s => s.Keys, 1_000, 1, 1_000_000)
            .Integer("lookups", "Lookups a run makes (about half hit).", s => s.Lookups, 1_000, 1, 1_000_000)
            .Integer("seed", "Seed of keys, values and lookups.", s => s.Seed, 1, 0, int.MaxValue);

    public override KvStore Build(KvSpec spec)
    {
        Interlocked.Increment(ref _builds);
        var random = new Random(spec.Seed);
        var keys = new HashSet<long>();
        while (keys.Count < spec.Keys)
            keys.Add(random.NextInt64(0, 4L * spec.Keys));
        long[] k = [.. keys];
        long[] values = k.Select(_ => random.NextInt64(0, long.MaxValue)).ToArray();
        // The first lookups are the same whatever their number, so a smaller spec checks a prefix of the same run.
        long[] queries = Enumerable.Range(0, spec.Lookups)
            .Select(_ => random.Next(2) == 0 ? k[random.Next(k.Length)] : random.NextInt64(0, 4L * spec.Keys)).ToArray();
        return new KvStore(k, values, queries, () => Interlocked.Increment(ref _disposals));
    }

    /// <summary>As an I/O system would: the build completes later than it starts.</summary>
    public override async ValueTask<KvStore> BuildAsync(KvSpec spec, CancellationToken cancellation = default)
    {
        await Task.Yield();
        return Build(spec);
    }

    public override double Work(KvSpec spec) => spec.Lookups;

    public override KvSpec ShrinkTo(KvSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { Lookups = (int)Math.Max(1, maxWork) };

    public override double Checksum(long[] result) => result.Sum(v => (double)v);

    public override Fingerprint? Fingerprint(long[] result) => HyperSharp.Ladder.Fingerprint.Of(result);

    public override Verification Verify(long[] reference, long[] candidate, double tolerance) =>
        Verification.Within(Differences(reference, candidate), tolerance, "lookups whose answer differs");

    public override Oracle<KvStore, long[]> OracleFor(Rung<KvStore, long[]> rung) => oracle switch
    {
        OracleMethod.Exact => s_exact,
        OracleMethod.Statistical => s_statistical,
        _ => base.OracleFor(rung),
    };

    /// <summary>Each answer recomputed with a dictionary: exact, no reference run, about a run's cost.</summary>
    private static readonly Oracle<KvStore, long[]> s_exact = Oracle<KvStore, long[]>.Exact(
        (store, candidate, tolerance) => Verification.Within(Differences(KvAsync.Answers(store), candidate), tolerance, "lookups whose answer differs"),
        costly: true);

    /// <summary>Judged alone: every answer is a value of the store or −1 (a miss). Not a proof, as a statistical check is not.</summary>
    private static readonly Oracle<KvStore, long[]> s_statistical = Oracle<KvStore, long[]>.Statistical((store, candidate, tolerance) =>
    {
        var values = store.Values.Append(-1).ToHashSet();
        return Verification.Within(candidate.Length == store.Queries.Length ? candidate.Count(v => !values.Contains(v)) : double.PositiveInfinity,
            tolerance, "answers that are no value of the store");
    });

    private static double Differences(long[] reference, long[] candidate) =>
        reference.Length != candidate.Length ? double.PositiveInfinity : reference.Where((v, i) => v != candidate[i]).Count();
}

/// <summary>The store: keys, their values and the keys a run looks up. Disposing it releases "the server".</summary>
public sealed class KvStore(long[] keys, long[] values, long[] queries, Action disposed) : IAsyncDisposable
{
    private int _disposed;

    public long[] Keys { get; } = keys;
    public long[] Values { get; } = values;
    public long[] Queries { get; } = queries;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            disposed();
        return default;
    }
}

/// <summary>The reference: each lookup scans every key. Counts its runs, so tests see whether an oracle ran it.</summary>
public sealed class KvReference : SyncRung<KvStore, long[]>
{
    private int _runs;

    public override string Name => "reference";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "a linear scan per lookup";

    public int Runs => Volatile.Read(ref _runs);

    protected override long[] Compute(KvStore problem, RunContext context)
    {
        Interlocked.Increment(ref _runs);
        ObjectDisposedException.ThrowIf(problem.IsDisposed, problem);
        var answers = new long[problem.Queries.Length];
        for (int q = 0; q < answers.Length; q++)
        {
            int i = Array.IndexOf(problem.Keys, problem.Queries[q]);
            answers[q] = i < 0 ? -1 : problem.Values[i];
        }
        return answers;
    }
}

/// <summary>
/// The async rung: setup (untimed) waits <paramref name="setupDelay"/> as a connection would, the run builds an index
/// (phase "build") and then makes the lookups <see cref="RunContext.Concurrency"/> at a time (phase "query"), each one
/// yielding as I/O would and recording its latency; teardown (untimed) waits again.
/// </summary>
public sealed class KvAsync(TimeSpan setupDelay) : AsyncRung<KvStore, long[]>
{
    private int _setups, _teardowns, _workers;

    public override string Name => "async";
    public override RungKind Kind => RungKind.Async;
    public override string Technique => "a dictionary, lookups in flight at once";
    public override RungResources Uses => RungResources.Concurrency;

    public int Setups => Volatile.Read(ref _setups);
    public int Teardowns => Volatile.Read(ref _teardowns);

    /// <summary>Workers the last run started.</summary>
    public int Workers => Volatile.Read(ref _workers);

    protected override async ValueTask SetupAsync(KvStore problem, RunContext context, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _setups);
        if (setupDelay > TimeSpan.Zero)
            await Task.Delay(setupDelay, cancellation);
    }

    protected override async ValueTask TeardownAsync(KvStore problem, RunContext context)
    {
        Interlocked.Increment(ref _teardowns);
        if (setupDelay > TimeSpan.Zero)
            await Task.Delay(setupDelay);
    }

    protected override async ValueTask<long[]> ComputeAsync(KvStore problem, RunContext context, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(problem.IsDisposed, problem);
        Dictionary<long, long> index;
        using (context.Phase("build"))
            index = Index(problem);

        var answers = new long[problem.Queries.Length];
        using (context.Phase("query"))
        {
            int next = -1;
            var workers = new Task[context.Concurrency];
            for (int w = 0; w < workers.Length; w++)
            {
                workers[w] = Task.Run(async () =>
                {
                    for (int q; (q = Interlocked.Increment(ref next)) < answers.Length;)
                    {
                        long start = Stopwatch.GetTimestamp();
                        await Task.Yield();
                        answers[q] = index.TryGetValue(problem.Queries[q], out long value) ? value : -1;
                        context.Latency?.RecordSince(start);
                    }
                }, cancellation);
            }
            Volatile.Write(ref _workers, workers.Length);
            await Task.WhenAll(workers);
        }
        return answers;
    }

    /// <summary>The answers through a dictionary, synchronously (the exact oracle's own computation).</summary>
    public static long[] Answers(KvStore store)
    {
        Dictionary<long, long> index = Index(store);
        return store.Queries.Select(q => index.TryGetValue(q, out long v) ? v : -1).ToArray();
    }

    private static Dictionary<long, long> Index(KvStore store)
    {
        var index = new Dictionary<long, long>(store.Keys.Length);
        for (int i = 0; i < store.Keys.Length; i++)
            index.Add(store.Keys[i], store.Values[i]);
        return index;
    }
}
