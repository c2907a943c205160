using System.Diagnostics;
using System.Security.Cryptography;
using HyperSharp.Ladder;
using HyperSharp.Net.Serve;

namespace HyperSharp.Net.Crawl;

/// <summary>
/// What the crawl ladder is asked: <paramref name="Requests"/> fetches of the slow server's <c>/add</c> answering after
/// <paramref name="DelayMs"/>, with faults injected at the given rates (decided by <paramref name="Seed"/>, see
/// <see cref="FaultPlan"/>), and the crawler's retries and timeout.
/// </summary>
public sealed record CrawlSpec(long Requests, int DelayMs, double FailRate, double ResetRate, double StallRate, int Retries, int TimeoutMs, long Seed)
{
    /// <summary>The ladder's default: 200 requests at 10 ms, no faults.</summary>
    public static CrawlSpec Default { get; } = new(200, 10, 0, 0, 0, 2, 2_000, 1);

    /// <summary>The faults the server injects.</summary>
    public FaultPlan Faults => new(FailRate, ResetRate, StallRate, Seed);

    /// <summary>The crawler's options.</summary>
    public CrawlOptions Options => new(TimeoutMs, Retries);
}

/// <summary>The URLs to fetch and how, with the server that answers them when the problem started one (then owned).</summary>
public sealed class CrawlProblem(IReadOnlyList<Uri> urls, CrawlOptions options, int? delayMs, SlowServer? server = null) : IAsyncDisposable, IDisposable
{
    /// <summary>Every URL, fetched once each (an answer per index).</summary>
    public IReadOnlyList<Uri> Urls { get; } = urls;

    /// <summary>Timeout, retries, limits.</summary>
    public CrawlOptions Options { get; } = options;

    /// <summary>The server's delay per request, when known (for the ideal time N·D/C).</summary>
    public int? DelayMs { get; } = delayMs;

    /// <summary>The server this problem started, stopped with it; null for someone else's.</summary>
    public SlowServer? Server { get; } = server;

    /// <summary>Stops the server it started.</summary>
    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? default;

    /// <summary>Stops the server it started, blocking (for callers that dispose synchronously).</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>A crawl's answer: a record per URL, in URL order, and the wall time of the whole crawl.</summary>
public sealed record CrawlResult(FetchRecord[] Records, double Seconds)
{
    /// <summary>SHA-256 over each URL's (index, status, body length, body SHA-256), in URL order: equal when every URL got the same answer.</summary>
    public Fingerprint Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> head = stackalloc byte[16];
        foreach (FetchRecord r in Records)
        {
            BitConverter.TryWriteBytes(head, r.Index);
            BitConverter.TryWriteBytes(head[4..], r.Status);
            BitConverter.TryWriteBytes(head[8..], r.Bytes);
            hash.AppendData(head);
            hash.AppendData(r.Digest ?? new byte[32]);
        }
        return new Fingerprint(Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}

/// <summary>What a crawl did, as <c>hyper crawl</c> prints it.</summary>
public sealed record CrawlSummary(int Completed, int Failed, IReadOnlyDictionary<string, int> FailedBy, int Retries, double Seconds,
    double RequestsPerSecond, double? IdealSeconds, double P50, double P90, double P99, double Max, int Concurrency)
{
    /// <summary>Counts and percentiles of <paramref name="result"/> crawled at <paramref name="concurrency"/>.</summary>
    public static CrawlSummary Of(CrawlResult result, int concurrency, int? delayMs)
    {
        FetchRecord[] r = result.Records;
        double[] ms = r.Select(x => x.Milliseconds).Order().ToArray();
        int completed = r.Count(x => x.Completed);
        var failedBy = r.Where(x => !x.Completed).GroupBy(x => x.Failure!).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count());
        double? ideal = delayMs is { } d ? (double)r.Length * d / 1000.0 / concurrency : null;
        return new(completed, r.Length - completed, failedBy, r.Sum(x => Math.Max(0, x.Attempts - 1)), result.Seconds,
            result.Seconds > 0 ? r.Length / result.Seconds : 0, ideal, Rank(ms, 0.50), Rank(ms, 0.90), Rank(ms, 0.99),
            ms.Length == 0 ? 0 : ms[^1], concurrency);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Rank(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>
/// A crawl rung: its staging makes a <see cref="Fetcher"/> sized to the concurrency (untimed); the timed run fetches
/// every URL once, each rung overlapping requests its own way.
/// </summary>
public abstract class CrawlRung : Rung<CrawlProblem, CrawlResult>
{
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Concurrency;

    /// <summary>Fetches every URL of <paramref name="problem"/> into <paramref name="records"/> (one per index).</summary>
    protected abstract ValueTask CrawlAsync(CrawlProblem problem, Fetcher fetcher, FetchRecord[] records, long origin, int concurrency, CancellationToken cancellation);

    /// <summary>Requests in flight: the context's concurrency, or 1 for a rung that uses none.</summary>
    protected virtual int ConcurrencyOf(RunContext context) => Uses.HasFlag(RungResources.Concurrency) ? context.Concurrency : 1;

    /// <inheritdoc/>
    public sealed override ValueTask<RunStage<CrawlResult>> StageAsync(CrawlProblem problem, RunContext context, CancellationToken cancellation = default)
    {
        int concurrency = ConcurrencyOf(context);
        return new(new Stage(this, problem, new Fetcher(problem.Options, concurrency), concurrency, context.Latency));
    }

    private sealed class Stage(CrawlRung rung, CrawlProblem problem, Fetcher fetcher, int concurrency, LatencyRecorder? latency) : RunStage<CrawlResult>
    {
        public override async ValueTask<CrawlResult> RunAsync(CancellationToken cancellation)
        {
            var records = new FetchRecord[problem.Urls.Count];
            long origin = Stopwatch.GetTimestamp();
            await rung.CrawlAsync(problem, fetcher, records, origin, concurrency, cancellation).ConfigureAwait(false);
            double seconds = Stopwatch.GetElapsedTime(origin).TotalSeconds;
            if (latency is not null)
                foreach (FetchRecord r in records)
                    latency.RecordNanoseconds((long)(r.Milliseconds * 1e6));
            return new CrawlResult(records, seconds);
        }

        public override ValueTask DisposeAsync()
        {
            fetcher.Dispose();
            return base.DisposeAsync();
        }
    }
}
