using System.Text.Json;
using HyperSharp.Ladder;
using HyperSharp.Net.Crawl;
using HyperSharp.Net.Serve;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Crawl;

/// <summary>A test that opens this many connections at once; skipped, with the reason, where the open-file limit is too low (after raising the soft limit toward the hard one).</summary>
public sealed class ConnectionsFactAttribute : FactAttribute
{
    public ConnectionsFactAttribute(int connections)
    {
        if (ConnectionLimits.WhyNot(connections) is { } why)
            Skip = $"cannot open {connections} connections here: {why}";
    }
}

/// <summary>
/// Item 7's limits: 10,000 requests all in flight at once against a slow server (a child <c>hyper serve slow</c>)
/// complete, the server sees all 10,000 together, memory stays bounded and no socket is left open on either side.
/// Bounded: every answer is held at most 10 s, every request times out, every wait for descriptors to close ends.
/// </summary>
[Collection("Net")]
public sealed class ConnectionLimitsTests
{
    [ConnectionsFact(10_000)]
    public void TenThousandConnections_Complete_WithBoundedMemory_AndNoLeakedSockets()
    {
        Hyper.Outcome o = Hyper.Run("crawl", "--limits", "10000", "--json");
        Assert.True(o.ExitCode == 0, o.Stdout + o.Stderr);
        JsonElement j = JsonDocument.Parse(Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(10_000, j.GetProperty("completed").GetInt32());
        Assert.Equal(0, j.GetProperty("failed").GetInt32());
        // gather=10000: the server holds every answer until it has seen all of them in flight together.
        Assert.Equal(10_000, j.GetProperty("server_peak_in_flight").GetInt64());
        Assert.Equal(0, j.GetProperty("leaked_sockets").GetInt32());
        Assert.True(j.GetProperty("sockets_after").GetInt32() <= j.GetProperty("sockets_before").GetInt32(), o.Stdout);
        Assert.True(j.GetProperty("server_sockets_after").GetInt32() <= j.GetProperty("server_sockets_before").GetInt32(), o.Stdout);
        // Other descriptors the runtime opens as it grows (threads' wake-ups) do not scale with the connections.
        Assert.True(j.GetProperty("fds_after").GetInt32() - j.GetProperty("fds_before").GetInt32() <= 64, o.Stdout);
        long before = j.GetProperty("working_set_before_bytes").GetInt64(), peak = j.GetProperty("peak_working_set_bytes").GetInt64();
        Assert.True(peak >= before && peak > 0, o.Stdout);
        // Bounded: under 100 KiB a connection above the start (a connection's buffers are a few KiB).
        Assert.True(peak - before < 10_000L * 100 * 1024, o.Stdout);
    }

    [ConnectionsFact(300)]
    public async Task InProcess_ServerAndClient_BothCloseEverySocket()
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0));
        LimitsReport r = await ConnectionLimits.RunAsync(server.BaseAddress, 300, holdMs: 10_000, timeoutMs: 120_000);
        Assert.Equal(300, r.Completed);
        Assert.Empty(r.FailedBy);
        Assert.Equal(300, r.ServerPeakInFlight);
        // Client and server share this process: both ends of every connection are closed now.
        Assert.Equal(0, r.LeakedSockets);
        Assert.True(r.PeakWorkingSet > 0);
    }

    [Fact]
    public async Task Gather_HoldsAnswers_UntilThatManyAreInFlight_AtMostTheDelay()
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0));
        using var client = new HttpClient();
        Task<string>[] three = Enumerable.Range(0, 3).Select(i => client.GetStringAsync(new Uri(server.BaseAddress, $"/add?name=g{i}&delay=60000&gather=3"))).ToArray();
        Assert.Equal(["g0", "g1", "g2"], await Task.WhenAll(three).WaitAsync(TimeSpan.FromSeconds(50)));
        Assert.True(server.Stats.PeakInFlight >= 3);
        // Too few ever come: the delay bounds the wait.
        Assert.Equal("alone", await client.GetStringAsync(new Uri(server.BaseAddress, "/add?name=alone&delay=50&gather=1000")));
        HttpResponseMessage bad = await client.GetAsync(new Uri(server.BaseAddress, "/add?name=x&gather=0"));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public void WhyNot_NamesTheLimit_WhenItIsTooLow()
    {
        string? why = ConnectionLimits.WhyNot(ConnectionLimits.MaxConnections, peers: int.MaxValue / 2);
        if (ConnectionLimits.FdLimit() is { Hard: long.MaxValue })
            return; // an unlimited ceiling: nothing to name
        Assert.NotNull(why);
        Assert.Contains("ulimit -n", why);
    }

    [Fact]
    public void Limits_BadInput_OneLineExit2()
    {
        Hyper.AssertBadInput("crawl", "--limits", "0");
        Hyper.AssertBadInput("crawl", "--limits", "many");
        Hyper.AssertBadInput("crawl", "--limits", "5", "--count", "5");
        Hyper.AssertBadInput("crawl", "--limits", "5", "--hold", "forever");
        Hyper.AssertBadInput("crawl", "--limits", "5", "--server", "http://127.0.0.1:1/");
        Assert.Throws<SpecException>(() => ConnectionLimits.RunAsync(new Uri("http://127.0.0.1:1/"), 0).GetAwaiter().GetResult());
    }
}
