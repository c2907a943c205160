using HyperSharp.Ladder;
using HyperSharp.Net.Serve;

namespace HyperSharp.Net.Crawl;

/// <summary>
/// The crawler of Lanaro ch. 6 and Gorelick ch. 8: N requests to a server that answers after a delay, serially, with
/// threads, with async tasks, over a channel. Its problem starts its own <see cref="SlowServer"/> on a free loopback
/// port (stopped with the problem); every rung fetches the same URLs and must get the same answers (fingerprint of
/// the bodies), the server's injected faults included, since they are decided per (name, attempt).
/// </summary>
public sealed class CrawlLadder() : Ladder<CrawlSpec, CrawlProblem, CrawlResult>(
    [new CrawlSerial(), new CrawlThreads(), new CrawlSemaphore(), new CrawlChannels(), new CrawlWorkers()])
{
    /// <summary>The most requests one crawl makes.</summary>
    public const long MaxRequests = 1_000_000;

    /// <inheritdoc/>
    public override string Name => "crawl";
    /// <inheritdoc/>
    public override string Title => "A crawler against a slow server: serial, threads, async, channels (Lanaro ch. 6, Gorelick ch. 8)";
    /// <inheritdoc/>
    public override string Unit => "requests/s";

    /// <inheritdoc/>
    public override SpecDeclaration<CrawlSpec> Spec { get; } =
        new SpecDeclaration<CrawlSpec>(v => new CrawlSpec(v.Long("requests"), v.Int("delay_ms"), v.Real("fail_rate"), v.Real("reset_rate"),
                v.Real("stall_rate"), v.Int("retries"), v.Int("timeout_ms"), v.Long("seed")))
            .Integer("requests", "Requests to make, one URL each.", s => s.Requests, CrawlSpec.Default.Requests, 1, MaxRequests,
                axis: new SweepAxis("requests", Bench: [200, 1_000], Report: [500]))
            .Integer("delay_ms", "The server answers each request after this many milliseconds.", s => s.DelayMs, CrawlSpec.Default.DelayMs, 0, SlowServerOptions.MaxDelayMs)
            .Real("fail_rate", "Fraction of attempts the server answers 503.", s => s.FailRate, 0, 0, 0.5)
            .Real("reset_rate", "Fraction of attempts whose connection the server resets.", s => s.ResetRate, 0, 0, 0.5)
            .Real("stall_rate", "Fraction of attempts whose body the server stalls (the client times out).", s => s.StallRate, 0, 0, 0.5)
            .Integer("retries", "Retries per URL after a transient failure.", s => s.Retries, CrawlSpec.Default.Retries, 0, 10)
            .Integer("timeout_ms", "Timeout of each attempt, headers and body.", s => s.TimeoutMs, CrawlSpec.Default.TimeoutMs, 1, 600_000)
            .Integer("seed", "Seed of the names and of the faults.", s => s.Seed, CrawlSpec.Default.Seed, 0, int.MaxValue);

    /// <inheritdoc/>
    protected override void Check(CrawlSpec spec)
    {
        if (spec.FailRate + spec.ResetRate + spec.StallRate > 1)
            throw new SpecException("fail_rate + reset_rate + stall_rate add up to more than 1");
    }

    /// <summary>The name of request <paramref name="index"/>: what its body must be.</summary>
    public static string NameOf(CrawlSpec spec, int index) => $"s{spec.Seed}-{index}";

    /// <summary>Blocks on <see cref="BuildAsync"/>: the problem starts a server.</summary>
    public override CrawlProblem Build(CrawlSpec spec) => BuildAsync(spec).AsTask().GetAwaiter().GetResult();

    /// <summary>Starts a slow server on a free loopback port with the spec's delay and faults, and lists its URLs.</summary>
    public override async ValueTask<CrawlProblem> BuildAsync(CrawlSpec spec, CancellationToken cancellation = default)
    {
        // Stalled bodies hang a little past the client's timeout, so that the client, not the server, ends them.
        SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(0, spec.DelayMs, 0, spec.Faults, spec.TimeoutMs + 1_000), cancellation)
            .ConfigureAwait(false);
        var urls = new Uri[spec.Requests];
        for (int i = 0; i < urls.Length; i++)
            urls[i] = server.Add(NameOf(spec, i), spec.DelayMs);
        return new CrawlProblem(urls, spec.Options, spec.DelayMs, server);
    }

    /// <inheritdoc/>
    public override double Work(CrawlSpec spec) => spec.Requests;

    /// <summary>The serial reference takes N·D: it verifies on fewer requests when that would take too long.</summary>
    public override CrawlSpec ShrinkTo(CrawlSpec spec, double maxWork)
    {
        long requests = (long)Math.Clamp(maxWork / Math.Max(1, spec.DelayMs), 1, spec.Requests);
        return requests == spec.Requests ? spec : spec with { Requests = requests };
    }

    /// <summary>
    /// The books' Python crawlers (serial <c>requests</c>, <c>concurrent.futures</c> threads, asyncio + aiohttp,
    /// gevent; <c>peers/python/crawl.py</c>) and <c>wrk</c> as the server's own limit (<c>peers/wrk/wrk.sh</c>), each at
    /// the bench's concurrency counts. The Python ones fingerprint every answer as the ladder does (checked exactly);
    /// wrk reads no digest and is checked by its checksum (statuses and body lengths).
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("crawl", "python-serial", "serial", exact: true),
        PeerProgram.Python("crawl", "python-threads", "threads", exact: true) with { Concurrent = true },
        PeerProgram.Python("crawl", "python-aiohttp", "aiohttp", exact: true) with { Concurrent = true },
        PeerProgram.Python("crawl", "python-gevent", "gevent", exact: true) with { Concurrent = true },
        PeerProgram.Installed("wrk", "crawl", parallel: true) with { Concurrent = true },
    ];

    private readonly Lock _peerServerLock = new();
    private CrawlProblem? _peerProblem;
    private bool _stopsAtExit;

    /// <summary>
    /// Starts the spec's slow server (the same server, delay and faults as a rung's problem) and writes its URLs, one
    /// a line, for the peers: <c>--urls FILE</c>. The server stays up while the spec's peers run: it is stopped when
    /// the next spec's peers start, or when the process ends.
    /// </summary>
    public override IReadOnlyList<string> PeerArguments(CrawlSpec spec, Func<CrawlProblem> problem, string directory)
    {
        CrawlProblem started;
        lock (_peerServerLock)
        {
            if (!_stopsAtExit)
                AppDomain.CurrentDomain.ProcessExit += (_, _) => StopPeerServer();
            _stopsAtExit = true;
            _peerProblem?.Dispose();
            _peerProblem = started = problem();
        }
        string path = Path.Combine(directory, $"crawl-urls-{spec.Seed}-{spec.Requests}-{Environment.TickCount64}.txt");
        HyperSharp.IO.AtomicFile.WriteAllText(path, string.Join('\n', started.Urls) + "\n");
        return ["--urls", path];
    }

    /// <summary>Stops the server of the peers' last spec, if one is up.</summary>
    public void StopPeerServer()
    {
        lock (_peerServerLock)
        {
            _peerProblem?.Dispose();
            _peerProblem = null;
        }
    }

    /// <summary>Statuses plus body bytes over every URL.</summary>
    public override double Checksum(CrawlResult result) => result.Records.Sum(r => (double)r.Status + r.Bytes);

    /// <inheritdoc/>
    public override Fingerprint? Fingerprint(CrawlResult result) => result.Fingerprint();

    /// <summary>The count of URLs whose status, length or body digest differ (and of URLs one has and the other not).</summary>
    public override Verification Verify(CrawlResult reference, CrawlResult candidate, double tolerance)
    {
        int n = Math.Min(reference.Records.Length, candidate.Records.Length);
        int wrong = Math.Abs(reference.Records.Length - candidate.Records.Length);
        for (int i = 0; i < n; i++)
        {
            FetchRecord a = reference.Records[i], b = candidate.Records[i];
            if (a.Index != b.Index || a.Status != b.Status || a.Bytes != b.Bytes || a.Failure != b.Failure
                || !(a.Digest ?? []).AsSpan().SequenceEqual(b.Digest ?? []))
                wrong++;
        }
        return Verification.Within(wrong, tolerance, "URLs answered differently");
    }
}
