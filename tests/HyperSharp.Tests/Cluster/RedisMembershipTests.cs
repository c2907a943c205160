using System.Globalization;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Harness.Primes;
using HyperSharp.Tests.Cli;
using HyperSharp.Tests.Primes;
using Xunit.Abstractions;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// <c>hyper cluster node --redis</c>: real node processes that find each other through a throwaway redis-server
/// (no seed), reached by a client through a static gateway as before; the dashboard of <c>--dashboard-port</c>.
/// Every node is stopped (SIGTERM, then killed) and Redis with them.
/// </summary>
public sealed class RedisMembershipTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_grace = TimeSpan.FromSeconds(20);

    [RedisFact]
    public async Task TwoNodes_FindEachOtherThroughRedis_StatusListsBoth_AndWordCountIsExact()
    {
        using var temp = new TempDirectory();
        string path = temp.File("corpus.txt"), tsv = temp.File("counts.tsv");
        ZipfText.Write(path, 200_000, 2000, 1.1, 5);
        WordCounts expected = WordCountReference.Count([path]);
        using RedisServer redis = RedisServer.Start();
        NodeProcess[] nodes = [.. Enumerable.Range(0, 2).Select(i => new NodeProcess($"r{i}", Silos.FreePort(), Silos.FreePort(), "--redis", redis.Endpoint))];
        try
        {
            // No seed: they may start in any order.
            await Task.WhenAll(nodes.Select(n => n.UpAsync()));
            Assert.Contains($"membership in Redis {redis.Endpoint}", nodes[0].Output);

            // Membership reaches each silo's view within a few probes: ask until both are listed.
            string gateway = nodes[0].Gateway.ToString();
            Hyper.Outcome status = Hyper.Run("cluster", "status", "--gateway", gateway);
            for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); ActiveSilos(status) < 2 && DateTime.UtcNow < deadline; status = Hyper.Run("cluster", "status", "--gateway", gateway))
                await Task.Delay(500);
            output.WriteLine(status.Stdout);
            Assert.True(status.ExitCode == 0, status.Stderr);
            Assert.Equal(2, ActiveSilos(status));
            Assert.Contains("r0", status.Stdout);
            Assert.Contains("r1", status.Stdout);

            Hyper.Outcome count = Hyper.Run("wordcount", path, "--on", "cluster", "--gateway", string.Join(',', nodes.Select(n => n.Gateway)), "-o", tsv);
            output.WriteLine(count.Stdout + count.Stderr);
            Assert.True(count.ExitCode == 0, count.Stderr);
            Assert.Contains("distributed on 2 silos", count.Stdout);
            var counts = File.ReadAllLines(tsv).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => long.Parse(p[1], CultureInfo.InvariantCulture));
            Assert.Equal(0, WordCounts.Differences(expected, WordCounts.From(counts)));
        }
        finally
        {
            StopAll(nodes);
        }
    }

    [RedisFact]
    public async Task DashboardPort_ServesTheOrleansDashboard()
    {
        using RedisServer redis = RedisServer.Start();
        int dashboard = Silos.FreePort();
        var node = new NodeProcess("d0", Silos.FreePort(), Silos.FreePort(), "--redis", redis.Endpoint, "--dashboard-port", $"{dashboard}");
        try
        {
            await node.UpAsync();
            Assert.Contains($"dashboard http://127.0.0.1:{dashboard}/", node.Output);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using HttpResponseMessage page = await http.GetAsync(new Uri($"http://127.0.0.1:{dashboard}/"));
            Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());
        }
        finally
        {
            StopAll([node]);
        }
    }

    [Fact]
    public void SeedAndRedis_OneLineErrorAndExitCode2() =>
        Assert.Contains("--seed and --redis", Hyper.AssertBadInput("cluster", "node", "--redis", "127.0.0.1:6379", "--seed", "127.0.0.1:11111"));

    [Fact]
    public void RedisNotThere_OneLineError()
    {
        // Nothing listens there: refused at once, or the 5 s connect timeout.
        string line = Hyper.AssertBadInput("cluster", "node", "--redis", $"127.0.0.1:{Silos.FreePort()}", "--port", $"{Silos.FreePort()}", "--gateway-port", $"{Silos.FreePort()}");
        Assert.Contains("no Redis answered", line);
    }

    private static int ActiveSilos(Hyper.Outcome status) =>
        status.Stdout.Split('\n').Count(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, "Active", ..]);

    /// <summary>Stops every node the way Ctrl+C does; each must be gone within the grace (killed otherwise, and the test fails).</summary>
    private static void StopAll(IReadOnlyList<NodeProcess> nodes)
    {
        bool[] stopped = [.. nodes.Select(n => n.Stop(s_grace))];
        foreach (NodeProcess n in nodes)
            n.Dispose();
        Assert.All(stopped, Assert.True);
    }
}
