using System.Text;
using HyperSharp.Net.Crawl;
using HyperSharp.Net.Serve;

namespace HyperSharp.Tests.Crawl;

/// <summary>
/// The server's fault modes survived with the right counts: each URL makes exactly the attempts the fault plan says,
/// ends with the failure its last fault implies, and the server counts exactly the faults the crawl met. Bounded
/// concurrency holds (the server never sees more in flight than the rung's count); limits on bodies and redirects.
/// </summary>
[Collection("Net")]
public sealed class CrawlFaultTests
{
    public static TheoryData<string> Rungs() => new(HyperSharp.Harness.Catalog.Crawl.Rungs.Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rungs))]
    public async Task Faults_EachUrl_MakesThePlannedAttemptsAndFailsForItsLastFault(string rung)
    {
        var plan = new FaultPlan(FailRate: 0.3, ResetRate: 0.15, Seed: 5);
        const int retries = 2, n = 60;
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0, Faults: plan));
        string[] names = Enumerable.Range(0, n).Select(i => $"u{i}").ToArray();
        var problem = new CrawlProblem(names.Select(x => server.Add(x, 0)).ToArray(), new CrawlOptions(TimeoutMs: 60_000, Retries: retries), 0);
        CrawlResult result = await HyperSharp.Harness.Catalog.Crawl.Find(rung).RunAsync(problem, new HyperSharp.Ladder.RunContext(2) { Concurrency = 6 });

        int errors = 0, resets = 0;
        for (int i = 0; i < n; i++)
        {
            (int attempts, Fault last) = plan.Outcome(names[i], retries);
            for (int a = 1; a <= attempts; a++)
            {
                errors += plan.Decide(names[i], a) == Fault.Error ? 1 : 0;
                resets += plan.Decide(names[i], a) == Fault.Reset ? 1 : 0;
            }
            FetchRecord r = result.Records[i];
            Assert.Equal(i, r.Index);
            Assert.True(attempts == r.Attempts, $"{names[i]}: {r.Attempts} attempts, planned {attempts}");
            string? expected = last switch { Fault.None => null, Fault.Error => "http_503", Fault.Reset => "reset", _ => "timeout" };
            Assert.Equal(expected, r.Failure);
            if (last == Fault.None)
                Assert.Equal(Encoding.UTF8.GetByteCount(names[i]), r.Bytes);
        }
        Assert.True(errors > 0 && resets > 0, "the plan injects no fault: the test would prove nothing");
        Assert.Contains(result.Records, r => r.Failure is not null);
        Assert.Contains(result.Records, r => r.Completed && r.Attempts > 1);
        SlowServerStats stats = server.Stats;
        Assert.Equal(errors, stats.Errors);
        Assert.Equal(resets, stats.Resets);
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public async Task ForcedFaults_AndLimits_GiveTheirReasons(string rung)
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0, StallMs: 10_000));
        Uri U(string pathAndQuery) => new(server.BaseAddress, pathAndQuery);
        Uri[] urls =
        [
            U("/add?name=a&delay=0&fail=2"),   // two 503s, then an answer on the third attempt
            U("/add?name=b&delay=0&fail=9"),   // 503 every time: fails after 1 + 3 attempts
            U("/add?name=c&delay=0&reset=1"),  // reset once, then an answer
            U("/redirect?hops=3&name=e"),      // three redirects: followed
            U("/redirect?hops=9&name=f"),      // nine: more than the limit
            U("/big?bytes=5000"),              // over the 4,096-byte limit
            U("/nosuch"),                      // 404: not retried
        ];
        // A generous timeout: on a loaded machine a short one could time out a sound request.
        var problem = new CrawlProblem(urls, new CrawlOptions(TimeoutMs: 60_000, Retries: 3, MaxBodyBytes: 4096, MaxRedirects: 5), null);
        var crawl = HyperSharp.Harness.Catalog.Crawl.Find(rung);
        CrawlResult result = await crawl.RunAsync(problem, new HyperSharp.Ladder.RunContext(2) { Concurrency = 3 });
        FetchRecord[] r = result.Records;
        Assert.Equal((null, 3), (r[0].Failure, r[0].Attempts));
        Assert.Equal(("http_503", 4), (r[1].Failure, r[1].Attempts));
        Assert.Equal((null, 2), (r[2].Failure, r[2].Attempts));
        Assert.Equal((null, 1, 1L), (r[3].Failure, r[3].Attempts, r[3].Bytes));
        Assert.Equal(("redirects", 1), (r[4].Failure, r[4].Attempts));
        Assert.Equal(("too_large", 1), (r[5].Failure, r[5].Attempts));
        Assert.Equal(("http_404", 1), (r[6].Failure, r[6].Attempts));
        var summary = CrawlSummary.Of(result, 3, null);
        Assert.Equal(3, summary.Completed);
        Assert.Equal(2 + 3 + 1, summary.Retries);
        Assert.Equal(new Dictionary<string, int> { ["http_404"] = 1, ["http_503"] = 1, ["redirects"] = 1, ["too_large"] = 1 }, summary.FailedBy);

        // A body that stalls every time: each attempt times out (the server hangs 10 s, the timeout is 300 ms).
        var stalled = new CrawlProblem([U("/add?name=d&delay=0&stall=9")], new CrawlOptions(TimeoutMs: 300, Retries: 1), null);
        FetchRecord s = Assert.Single((await crawl.RunAsync(stalled, new HyperSharp.Ladder.RunContext(2) { Concurrency = 3 })).Records);
        Assert.Equal(("timeout", 2), (s.Failure, s.Attempts));
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public async Task Concurrency_IsBounded_ByTheRungsCount(string rung)
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 30));
        var problem = new CrawlProblem(Enumerable.Range(0, 40).Select(i => server.Add($"n{i}", 30)).ToArray(), new CrawlOptions(), 30);
        var r = HyperSharp.Harness.Catalog.Crawl.Find(rung);
        CrawlResult result = await r.RunAsync(problem, new HyperSharp.Ladder.RunContext(2) { Concurrency = 4 });
        Assert.All(result.Records, x => Assert.True(x.Completed, x.Failure));
        long peak = server.Stats.PeakInFlight;
        Assert.InRange(peak, 1, r.Uses.HasFlag(HyperSharp.Ladder.RungResources.Concurrency) ? 4 : 1);
    }

    [Fact]
    public async Task Server_Stopped_RefusesConnections()
    {
        Uri url;
        await using (SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0)))
            url = server.Add("x", 0);
        using var client = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(url));
    }

    [Fact]
    public void FaultPlan_IsTheSameForTheSameSeed_AndDiffersForAnother()
    {
        var a = new FaultPlan(0.5, 0, 0, 1);
        var b = new FaultPlan(0.5, 0, 0, 2);
        string[] names = Enumerable.Range(0, 200).Select(i => $"n{i}").ToArray();
        Assert.Equal(names.Select(x => a.Decide(x, 1)), names.Select(x => new FaultPlan(0.5, 0, 0, 1).Decide(x, 1)));
        Assert.NotEqual(names.Select(x => a.Decide(x, 1)), names.Select(x => b.Decide(x, 1)));
        int errors = names.Count(x => a.Decide(x, 1) == Fault.Error);
        Assert.InRange(errors, 60, 140); // 100 ± 5.7σ of a fair coin over 200 names
    }
}
