using System.Diagnostics;
using System.Text.Json;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Net.Crawl;
using HyperSharp.Net.Serve;

namespace HyperSharp.Tests.Crawl;

/// <summary>A crawl peer's test: skipped, saying why, where its interpreter, its modules or its program are missing.</summary>
public sealed class CrawlPeerFactAttribute : FactAttribute
{
    public CrawlPeerFactAttribute(string peer)
    {
        PeerProgram program = Catalog.Crawl.Peers.First(p => p.Name == peer);
        (string[]? prefix, string? missing) = PeerLocator.Find(null) is { } dir ? Peer.Locate(program, dir) : (null, "no peers/ folder found");
        if (prefix is null)
        {
            Skip = $"{peer} cannot run here: {missing}";
            return;
        }
        string? module = program.Variant switch { "aiohttp" => "aiohttp", "gevent" => "gevent", "crawl" => null, _ => "requests" };
        if (module is not null && !CrawlPeersTests.Imports(prefix[0], module))
            Skip = $"{peer} cannot run here: {prefix[0]} has no module {module} (apt-get install python3-{module})";
    }
}

/// <summary>
/// The crawl ladder's peers: the books' Python crawlers and wrk, run as the bench runs them (the harness's command
/// line, a URL file of the server the ladder starts), against the same server as a rung, with the same faults: every
/// Python crawler's fingerprint is the serial rung's, wrk's count and checksum are; the bench plans them at each
/// concurrency count with the spec's server up, and stops it.
/// </summary>
[Collection("Net")]
public sealed class CrawlPeersTests
{
    private static readonly CrawlLadder s_ladder = Catalog.Crawl;

    public static bool Imports(string python, string module)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "-c", "import " + module })
            info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        return p.WaitForExit(TimeSpan.FromSeconds(30)) && p.ExitCode == 0;
    }

    /// <summary>Runs a peer as the bench does: its exit code and its last stdout line.</summary>
    private static (int Code, string Line, string Stderr) RunPeer(string name, CrawlSpec spec, string urls, int concurrency)
    {
        PeerProgram program = s_ladder.Peers.First(p => p.Name == name);
        (string[]? prefix, string? missing) = Peer.Locate(program, PeerLocator.Find(null)!);
        Assert.True(prefix is not null, missing);
        var info = new ProcessStartInfo(prefix[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in prefix.Skip(1).Concat(s_ladder.Spec.Arguments(spec)).Concat(["--urls", urls, "--threads", "1", "--repeats", "1", "--concurrency", $"{concurrency}"]))
            info.ArgumentList.Add(a);
        using Process p = Process.Start(info)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            p.Kill(true);
            Assert.Fail($"{name} did not finish in 3 minutes");
        }
        return (p.ExitCode, stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "", stderr.Result);
    }

    /// <summary>The spec's server and URL file, as the bench gives them to the peers; the serial rung's answer on the same server.</summary>
    private static async Task<(CrawlResult Reference, string Urls)> Prepare(CrawlSpec spec, TempDirectory dir)
    {
        IReadOnlyList<string> args = s_ladder.PeerArguments(spec, () => s_ladder.Build(spec), dir.Path);
        Assert.Equal("--urls", args[0]);
        string[] lines = File.ReadAllLines(args[1]);
        Assert.Equal(spec.Requests, lines.Length);
        var problem = new CrawlProblem(lines.Select(l => new Uri(l)).ToArray(), spec.Options, spec.DelayMs);
        CrawlResult reference = await s_ladder.Reference.RunAsync(problem, RunContext.Default);
        return (reference, args[1]);
    }

    private static readonly CrawlSpec s_faulty = CrawlSpec.Default with { Requests = 40, DelayMs = 2, FailRate = 0.2, ResetRate = 0.1, Retries = 2, TimeoutMs = 30_000, Seed = 4 };

    private static async Task PythonAgrees(string name)
    {
        using var dir = new TempDirectory();
        try
        {
            (CrawlResult reference, string urls) = await Prepare(s_faulty, dir);
            Assert.Contains(reference.Records, r => r.Attempts > 1); // the faults were met, and retried
            (int code, string line, string stderr) = RunPeer(name, s_faulty, urls, 7);
            Assert.True(code == 0, $"{name}: exit {code}: {line} {stderr}");
            JsonElement j = JsonDocument.Parse(line).RootElement;
            Assert.Equal(name, j.GetProperty("rung").GetString());
            Assert.Equal(reference.Fingerprint().Hex, j.GetProperty("fingerprint").GetString());
            Assert.Equal(s_ladder.Checksum(reference), j.GetProperty("checksum").GetDouble());
            Assert.Equal(s_faulty.Requests, j.GetProperty("work").GetInt64());
            Assert.Equal(s_ladder.Spec.Arguments(s_faulty).Count / 2, j.GetProperty("spec").EnumerateObject().Count());
            Assert.Equal(name == "python-serial" ? 1 : 7, j.GetProperty("resources").GetProperty("concurrency").GetInt32());
        }
        finally
        {
            s_ladder.StopPeerServer();
        }
    }

    [CrawlPeerFact("python-serial")]
    public Task PythonSerial_HasTheRungsFingerprint_FaultsIncluded() => PythonAgrees("python-serial");

    [CrawlPeerFact("python-threads")]
    public Task PythonThreads_HasTheRungsFingerprint_FaultsIncluded() => PythonAgrees("python-threads");

    [CrawlPeerFact("python-aiohttp")]
    public Task PythonAiohttp_HasTheRungsFingerprint_FaultsIncluded() => PythonAgrees("python-aiohttp");

    [CrawlPeerFact("python-gevent")]
    public Task PythonGevent_HasTheRungsFingerprint_FaultsIncluded() => PythonAgrees("python-gevent");

    [CrawlPeerFact("wrk")]
    public async Task Wrk_AnswersEveryUrl_WithTheRungsChecksum_AndRefusesFaults()
    {
        using var dir = new TempDirectory();
        try
        {
            CrawlSpec clean = CrawlSpec.Default with { Requests = 60, DelayMs = 2, TimeoutMs = 30_000, Seed = 9 };
            (CrawlResult reference, string urls) = await Prepare(clean, dir);
            (int code, string line, string stderr) = RunPeer("wrk", clean, urls, 5);
            Assert.True(code == 0, $"wrk: exit {code}: {line} {stderr}");
            JsonElement j = JsonDocument.Parse(line).RootElement;
            Assert.Equal(60, j.GetProperty("figures").GetProperty("completed").GetInt32());
            Assert.Equal(s_ladder.Checksum(reference), j.GetProperty("checksum").GetDouble());
            Assert.Equal(JsonValueKind.Null, j.GetProperty("fingerprint").ValueKind);
            Assert.True(j.GetProperty("seconds").GetDouble() > 0);

            (CrawlResult _, string faultyUrls) = await Prepare(s_faulty, dir);
            (code, line, _) = RunPeer("wrk", s_faulty, faultyUrls, 5);
            Assert.Equal(3, code);
            Assert.Contains("without injected faults", JsonDocument.Parse(line).RootElement.GetProperty("error").GetString());
        }
        finally
        {
            s_ladder.StopPeerServer();
        }
    }

    [Fact]
    public void Peers_AreTheBooksCrawlers_AndWrk_AtTheBenchsConcurrency()
    {
        Assert.Equal(["python-serial", "python-threads", "python-aiohttp", "python-gevent", "wrk"], s_ladder.Peers.Select(p => p.Name));
        Assert.All(s_ladder.Peers.Where(p => p.Name != "python-serial"), p => Assert.True(p.Concurrent, p.Name));
        Assert.False(s_ladder.Peers[0].Concurrent);
        Assert.All(s_ladder.Peers.Where(p => p.Implementation == "python"), p => Assert.True(p.Exact, p.Name));
    }

    [Fact]
    public async Task BenchPlan_RunsRungsAndPeersAtEachConcurrency_WithTheSpecsServerUp()
    {
        using var dir = new TempDirectory();
        var bench = (LadderBench<CrawlSpec, CrawlProblem, CrawlResult>)Catalog.BenchOf(s_ladder);
        string peers = Directory.CreateDirectory(Path.Combine(dir.Path, "peers")).FullName;
        var settings = new BenchSettings([], new Dictionary<string, IReadOnlyList<SpecValue>> { ["requests"] = [SpecValue.Of(5)] }, [1], Peers: true, PeersDirectory: peers)
        {
            Concurrency = [3, 9],
        };
        try
        {
            List<BenchItem> items = bench.Plan(settings, dir.Path).ToList();
            BenchItem serial = Assert.Single(items, i => i.Label == "serial");
            Assert.DoesNotContain("--concurrency", serial.Command);
            foreach (string rung in new[] { "threads", "async", "channels", "workers" })
                Assert.Equal(["3", "9"], items.Where(i => i.Label == rung).Select(i => i.Command[i.Command.ToList().IndexOf("--concurrency") + 1]));
            // An empty peers folder: every peer is a row saying why it cannot run, none is left out silently.
            Assert.Equal(1 + 4 * 2, items.Count(i => i.IsPeer));
            Assert.All(items.Where(i => i.IsPeer), i => Assert.NotNull(i.Skip));

            // The arguments the peers get: the URL file of a server that is up while they run.
            IReadOnlyList<string> args = s_ladder.PeerArguments(CrawlSpec.Default with { Requests = 5, DelayMs = 0 }, () => s_ladder.Build(CrawlSpec.Default with { Requests = 5, DelayMs = 0 }), dir.Path);
            string first = File.ReadLines(args[1]).First();
            using var client = new HttpClient();
            Assert.Equal(CrawlLadder.NameOf(CrawlSpec.Default, 0), await client.GetStringAsync(first));
            s_ladder.StopPeerServer();
            await Assert.ThrowsAsync<HttpRequestException>(() => client.GetStringAsync(first));
        }
        finally
        {
            s_ladder.StopPeerServer();
        }
    }
}
