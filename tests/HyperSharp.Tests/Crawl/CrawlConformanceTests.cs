using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Net.Crawl;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Crawl;

/// <summary>
/// Every crawl rung fetches the same URLs of its problem's own slow server (a free loopback port, stopped with the
/// problem) and gets the same answer per URL as the serial reference — bodies, statuses and failures, faults
/// included, since the server decides them per (name, attempt) — at awkward request counts and concurrencies.
/// </summary>
[Collection("Net")]
public sealed class CrawlConformanceTests : LadderConformance<CrawlSpec, CrawlProblem, CrawlResult>
{
    private static readonly CrawlLadder s_ladder = Catalog.Crawl;

    protected override CrawlLadder Ladder => s_ladder;

    protected override RunContext Context { get; } = new RunContext(2) { Concurrency = 8 };

    /// <summary>The books' crawl, scaled down: 100 requests at 5 ms, 10 in flight.</summary>
    protected override IEnumerable<ConformanceCase<CrawlProblem>> GoldenCases() =>
        [FromSpec(CrawlSpec.Default with { Requests = 100, DelayMs = 5, TimeoutMs = 60_000 }, new RunContext(2) { Concurrency = 10 })];

    /// <summary>
    /// 1, 7 and 33 requests at 1, 3 and 16 in flight (more than requests, fewer, one); 503s and resets, retried or
    /// not. The timeout is generous: on a loaded machine a short one would time out a sound request in one rung and
    /// not in the reference (stalled bodies are checked by <see cref="CrawlFaultTests"/>, URL by URL).
    /// </summary>
    protected override IEnumerable<ConformanceCase<CrawlProblem>> RandomCases(Rung<CrawlProblem, CrawlResult> rung)
    {
        int i = 0;
        foreach (long requests in new long[] { 1, 7, 33 })
            foreach (int concurrency in new[] { 1, 3, 16 })
                yield return FromSpec(CrawlSpec.Default with { Requests = requests, DelayMs = 1, TimeoutMs = 60_000, Seed = 3 + i++ }, new RunContext(2) { Concurrency = concurrency });
        yield return FromSpec(CrawlSpec.Default with { Requests = 40, DelayMs = 0, FailRate = 0.3, ResetRate = 0.1, Retries = 1, TimeoutMs = 60_000, Seed = 7 }, new RunContext(2) { Concurrency = 5 });
        yield return FromSpec(CrawlSpec.Default with { Requests = 25, DelayMs = 0, FailRate = 0.2, Retries = 0, TimeoutMs = 60_000, Seed = 8 }, new RunContext(2) { Concurrency = 25 });
    }

    protected override ConformanceCase<CrawlProblem> SmallCase { get; } =
        new("20 requests at 1 ms, 503s", () => s_ladder.BuildAsync(CrawlSpec.Default with { Requests = 20, DelayMs = 1, FailRate = 0.2, Retries = 1, TimeoutMs = 60_000 }));

    /// <summary>The URLs and options are all a rung reads.</summary>
    protected override string Snapshot(CrawlProblem problem) => string.Join('\n', problem.Urls) + problem.Options;

    protected override IEnumerable<CrawlSpec> BadSpecs() =>
    [
        CrawlSpec.Default with { Requests = 0 },
        CrawlSpec.Default with { Requests = CrawlLadder.MaxRequests + 1 },
        CrawlSpec.Default with { DelayMs = -1 },
        CrawlSpec.Default with { FailRate = 0.6 },
        CrawlSpec.Default with { ResetRate = -0.1 },
        CrawlSpec.Default with { Retries = 11 },
        CrawlSpec.Default with { TimeoutMs = 0 },
        CrawlSpec.Default with { Seed = -1 },
    ];

    protected override IEnumerable<CrawlSpec> ValidSpecs() =>
        [CrawlSpec.Default with { Requests = 1, DelayMs = 0, Retries = 0 }, CrawlSpec.Default with { FailRate = 0.5, ResetRate = 0.25, StallRate = 0.25, Retries = 10 }];

    [Fact]
    public void Crawl_IsInTheCatalog() => Assert.Contains(s_ladder, Catalog.Ladders);
}
