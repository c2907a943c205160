using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HyperSharp.Ladder;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HyperSharp.Net.Serve;

/// <summary>How the slow server answers.</summary>
/// <param name="Port">TCP port on <paramref name="Host"/>; 0 takes a free one.</param>
/// <param name="DelayMs">Delay of <c>/plain</c>, and of <c>/add</c> without a <c>delay</c>.</param>
/// <param name="JitterMs">Up to this much is added at random to each delay.</param>
/// <param name="Faults">Injected faults (503s, resets, stalled bodies).</param>
/// <param name="StallMs">How long a stalled body hangs before the server gives up on it.</param>
/// <param name="Host">Address to bind: loopback unless the user says otherwise.</param>
public sealed record SlowServerOptions(int Port = 0, int DelayMs = 100, int JitterMs = 0, FaultPlan? Faults = null, int StallMs = 30_000, string Host = "127.0.0.1")
{
    /// <summary>The longest delay a request may ask for (a minute): every wait of the server is bounded.</summary>
    public const int MaxDelayMs = 60_000;

    /// <summary>Throws a one-line <see cref="SpecException"/> for a value the server cannot take.</summary>
    public void Check()
    {
        if (Port is < 0 or > 65535)
            throw new SpecException($"--port takes 0 to 65535 (got {Port})");
        if (DelayMs is < 0 or > MaxDelayMs)
            throw new SpecException($"--delay-ms takes 0 to {MaxDelayMs} (got {DelayMs})");
        if (JitterMs is < 0 or > MaxDelayMs)
            throw new SpecException($"--jitter-ms takes 0 to {MaxDelayMs} (got {JitterMs})");
        if (!IPAddress.TryParse(Host, out _))
            throw new SpecException($"--host takes an IP address (got '{Host}')");
        FaultPlan f = Faults ?? FaultPlan.None;
        foreach ((string name, double rate) in new[] { ("--fail-rate", f.FailRate), ("--reset-rate", f.ResetRate), ("--stall-rate", f.StallRate) })
            if (!(rate is >= 0 and <= 1))
                throw new SpecException($"{name} takes a fraction from 0 to 1 (got {rate.ToString(CultureInfo.InvariantCulture)})");
        if (f.FailRate + f.ResetRate + f.StallRate > 1)
            throw new SpecException("the fault rates add up to more than 1");
    }
}

/// <summary>What the server has seen, as <c>/stats</c> reports it.</summary>
public sealed record SlowServerStats(long Requests, long Served, long InFlight, long PeakInFlight, long Errors, long Resets, long Stalls, int DelayMs);

/// <summary>
/// The books' slow web service on Kestrel: <c>/add?name=N&amp;delay=D</c> answers <c>N</c> after D ms (Gorelick ch. 8),
/// <c>/plain?name=N</c> after the server's own delay; <c>/redirect?hops=K&amp;name=N</c> redirects K times to
/// <c>/add</c>; <c>/big?bytes=B</c> answers B bytes; <c>/stats</c> counts requests, those in flight and the peak of
/// concurrency. Faults are injected per (name, attempt) by a <see cref="FaultPlan"/>, the attempt taken from the
/// <c>X-Attempt</c> header the crawler sends (else counted by the server), or forced per request with
/// <c>fail=K</c>, <c>reset=K</c>, <c>stall=K</c> (the first K attempts). <c>gather=K</c> holds an answer until the
/// server has seen K requests in flight at once, at most the delay: a test of K concurrent connections then knows they
/// were all open together.
/// </summary>
public sealed class SlowServer : IAsyncDisposable
{
    /// <summary>The header with which a client numbers its attempts at one URL (1 for the first).</summary>
    public const string AttemptHeader = "X-Attempt";

    private readonly WebApplication _app;
    private readonly SlowServerOptions _options;
    private readonly FaultPlan _faults;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _attempts = new();
    // gather=K: one completion per K, set once the peak of concurrency reaches K (and left set).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, TaskCompletionSource> _gathers = new();
    private long _requests, _served, _inFlight, _peak, _errors, _resets, _stalls;

    private SlowServer(WebApplication app, SlowServerOptions options)
    {
        _app = app;
        _options = options;
        _faults = options.Faults ?? FaultPlan.None;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts a server and returns once it listens.</summary>
    public static async Task<SlowServer> StartAsync(SlowServerOptions options, CancellationToken cancellation = default)
    {
        options.Check();
        // The empty builder: no configuration files, logging or hosting services to start, only Kestrel.
        WebApplicationBuilder builder = KestrelApps.EmptyBuilder(options.Host, options.Port, k =>
        {
            k.Limits.MaxConcurrentConnections = null;
            k.Limits.MaxConcurrentUpgradedConnections = null;
        });
        WebApplication app = builder.Build();
        var server = new SlowServer(app, options);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellation).ConfigureAwait(false);
        server.BaseAddress = KestrelApps.BaseAddress(app);
        return server;
    }

    /// <summary>The counts so far.</summary>
    public SlowServerStats Stats => new(Interlocked.Read(ref _requests), Interlocked.Read(ref _served), Interlocked.Read(ref _inFlight),
        Interlocked.Read(ref _peak), Interlocked.Read(ref _errors), Interlocked.Read(ref _resets), Interlocked.Read(ref _stalls), _options.DelayMs);

    /// <summary>The URL of <c>/add</c> for <paramref name="name"/> with <paramref name="delayMs"/>.</summary>
    public Uri Add(string name, int delayMs) => new(BaseAddress, $"/add?name={Uri.EscapeDataString(name)}&delay={delayMs}");

    /// <summary>Stops listening, lets requests in flight end (up to 5 s), and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Requests still stalled after the grace period are cut off by disposal.
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        long now = Interlocked.Increment(ref _inFlight);
        for (long peak = Interlocked.Read(ref _peak); now > peak; peak = Interlocked.Read(ref _peak))
            if (Interlocked.CompareExchange(ref _peak, now, peak) == peak)
                break;
        if (!_gathers.IsEmpty)
            foreach ((int k, TaskCompletionSource gathered) in _gathers)
                if (now >= k)
                    gathered.TrySetResult();
        try
        {
            await (context.Request.Path.Value switch
            {
                "/add" or "/plain" => SlowAsync(context),
                "/redirect" => RedirectAsync(context),
                "/big" => BigAsync(context),
                "/stats" => StatsAsync(context),
                _ => PlainText(context, StatusCodes.Status404NotFound, "not found: try /add?name=N&delay=D, /plain, /stats\n"),
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (its timeout): nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task SlowAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        string name = query["name"].ToString();
        int delay = _options.DelayMs;
        if (context.Request.Path.Value == "/add" && query.ContainsKey("delay") && !TryInt(query["delay"], 0, SlowServerOptions.MaxDelayMs, out delay))
        {
            await PlainText(context, StatusCodes.Status400BadRequest, $"delay takes 0 to {SlowServerOptions.MaxDelayMs} ms\n").ConfigureAwait(false);
            return;
        }
        int attempt = TryInt(context.Request.Headers[AttemptHeader], 1, int.MaxValue, out int a) ? a : _attempts.AddOrUpdate(name, 1, (_, n) => n + 1);
        Fault fault = Forced(query, "fail", attempt, Fault.Error) ?? Forced(query, "reset", attempt, Fault.Reset)
            ?? Forced(query, "stall", attempt, Fault.Stall) ?? _faults.Decide(name, attempt);
        if (query.ContainsKey("gather"))
        {
            if (!TryInt(query["gather"], 1, 1_000_000, out int k))
            {
                await PlainText(context, StatusCodes.Status400BadRequest, "gather takes 1 to 1000000\n").ConfigureAwait(false);
                return;
            }
            await GatherAsync(k, delay, context.RequestAborted).ConfigureAwait(false);
            delay = 0;
        }
        else if (_options.JitterMs > 0)
            delay += Random.Shared.Next(_options.JitterMs + 1);
        if (delay > 0)
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        byte[] body = Encoding.UTF8.GetBytes(name);
        switch (fault)
        {
            case Fault.Error:
                Interlocked.Increment(ref _errors);
                await PlainText(context, StatusCodes.Status503ServiceUnavailable, "injected fault\n").ConfigureAwait(false);
                return;
            case Fault.Reset:
                Interlocked.Increment(ref _resets);
                context.Abort();
                return;
            case Fault.Stall:
                Interlocked.Increment(ref _stalls);
                // Promise more than is sent, send half, then hang (bounded): the client must time out the body.
                context.Response.ContentLength = body.Length + 1024;
                await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                await Task.Delay(_options.StallMs, context.RequestAborted).ConfigureAwait(false);
                context.Abort();
                return;
        }
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        Interlocked.Increment(ref _served);
    }

    /// <summary>Waits until the peak of requests in flight reaches <paramref name="k"/>, or <paramref name="boundMs"/> passes.</summary>
    private async Task GatherAsync(int k, int boundMs, CancellationToken aborted)
    {
        TaskCompletionSource gathered = _gathers.GetOrAdd(k, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (Interlocked.Read(ref _peak) >= k)
            gathered.TrySetResult();
        try
        {
            await gathered.Task.WaitAsync(TimeSpan.FromMilliseconds(boundMs), aborted).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Fewer came: answer anyway, the wait is bounded.
        }
    }

    private static Fault? Forced(IQueryCollection query, string key, int attempt, Fault fault) =>
        query.ContainsKey(key) && TryInt(query[key], 0, int.MaxValue, out int k) && attempt <= k ? fault : null;

    private Task RedirectAsync(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        if (!TryInt(query["hops"], 0, 100, out int hops))
            return PlainText(context, StatusCodes.Status400BadRequest, "hops takes 0 to 100\n");
        string name = Uri.EscapeDataString(query["name"].ToString());
        context.Response.StatusCode = StatusCodes.Status302Found;
        context.Response.Headers.Location = hops > 1 ? $"/redirect?hops={hops - 1}&name={name}" : $"/add?name={name}&delay=0";
        Interlocked.Increment(ref _served);
        return Task.CompletedTask;
    }

    private async Task BigAsync(HttpContext context)
    {
        if (!TryInt(context.Request.Query["bytes"], 0, 1 << 30, out int bytes))
        {
            await PlainText(context, StatusCodes.Status400BadRequest, "bytes takes 0 to 2^30\n").ConfigureAwait(false);
            return;
        }
        context.Response.ContentLength = bytes;
        byte[] chunk = new byte[Math.Min(bytes, 64 * 1024)];
        Array.Fill(chunk, (byte)'x');
        for (int sent = 0; sent < bytes; sent += chunk.Length)
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, Math.Min(chunk.Length, bytes - sent)), context.RequestAborted).ConfigureAwait(false);
        Interlocked.Increment(ref _served);
    }

    private Task StatsAsync(HttpContext context)
    {
        SlowServerStats s = Stats;
        string json = JsonSerializer.Serialize(new Dictionary<string, long>
        {
            ["requests"] = s.Requests, ["served"] = s.Served, ["in_flight"] = s.InFlight - 1, ["peak_in_flight"] = s.PeakInFlight,
            ["errors"] = s.Errors, ["resets"] = s.Resets, ["stalls"] = s.Stalls, ["delay_ms"] = s.DelayMs,
        });
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json + "\n", context.RequestAborted);
    }

    private static Task PlainText(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static bool TryInt(Microsoft.Extensions.Primitives.StringValues text, int min, int max, out int value) =>
        int.TryParse(text.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
