using System.Net;
using System.Reactive.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using HyperSharp.Ladder;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HyperSharp.Net.Monitor;

/// <summary>What the monitor's page shows and where it is served.</summary>
/// <param name="Interval">Time between readings (the page keeps <see cref="CpuMonitor.WindowLength"/> of them).</param>
/// <param name="Window">Span of the page's moving-window chart.</param>
/// <param name="Rules">The alert rules, listed on the page with their state.</param>
/// <param name="Port">TCP port on <paramref name="Host"/>; 0 takes a free one.</param>
/// <param name="Host">Address to bind: loopback unless the user says otherwise.</param>
public sealed record MonitorServerOptions(TimeSpan Interval, TimeSpan Window, IReadOnlyList<AlertRule> Rules, int Port = 0, string Host = "127.0.0.1")
{
    /// <summary>Throws a one-line <see cref="SpecException"/> for a value the server cannot take.</summary>
    public void Check()
    {
        if (Port is < 0 or > 65535)
            throw new SpecException($"--port takes 0 to 65535 (got {Port})");
        if (!IPAddress.TryParse(Host, out _))
            throw new SpecException($"--host takes an IP address (got '{Host}')");
        if (Interval <= TimeSpan.Zero || Window < Interval)
            throw new SpecException("--window is shorter than --interval");
    }
}

/// <summary>
/// The monitor as a web page on Kestrel: <c>GET /</c> is one self-contained HTML page (inline script, a canvas, no
/// other requests) that draws the moving window from <c>GET /events</c>, server-sent events with one <c>data:</c> per
/// reading (<see cref="MonitorJson.Reading"/>), <c>event: alert</c> per alert change and <c>event: end</c> when the
/// readings end or the server stops. Each event stream subscribes to the observables given for as long as its client
/// stays; a client that goes away is unsubscribed.
/// </summary>
public sealed class MonitorServer : IAsyncDisposable
{
    private const int ClientBacklog = 4096; // events queued for a slow client; older ones are dropped, not hoarded

    private readonly WebApplication _app;
    private readonly IObservable<Reading> _readings;
    private readonly IObservable<AlertEvent> _alerts;
    private readonly string _page;
    private readonly CancellationTokenSource _stopping = new();
    private int _clients;
    private long _served;

    private MonitorServer(WebApplication app, IObservable<Reading> readings, IObservable<AlertEvent> alerts, string page)
    {
        _app = app;
        _readings = readings;
        _alerts = alerts;
        _page = page;
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Event streams open now (each one subscription to the readings and one to the alerts).</summary>
    public int Clients => Volatile.Read(ref _clients);

    /// <summary>Event streams opened since the start.</summary>
    public long ClientsServed => Interlocked.Read(ref _served);

    /// <summary>
    /// Starts serving <paramref name="readings"/> and <paramref name="alerts"/> (hot: a client sees what they emit while
    /// it is connected, and whatever they replay to a new subscriber) and returns once it listens.
    /// </summary>
    public static async Task<MonitorServer> StartAsync(IObservable<Reading> readings, IObservable<AlertEvent> alerts, MonitorServerOptions options, CancellationToken cancellation = default)
    {
        options.Check();
        WebApplication app = KestrelApps.EmptyBuilder(options.Host, options.Port).Build();
        var server = new MonitorServer(app, readings, alerts, Page(options));
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellation).ConfigureAwait(false);
        server.BaseAddress = KestrelApps.BaseAddress(app);
        return server;
    }

    /// <summary>The page with its settings filled in (as JSON, whose default escaping keeps <c>&lt;</c> out of the script).</summary>
    internal static string Page(MonitorServerOptions options)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("HyperSharp.Net.Monitor.monitor.html")!;
        string html = new StreamReader(stream).ReadToEnd();
        string settings = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["intervalMs"] = options.Interval.TotalMilliseconds,
            ["windowMs"] = options.Window.TotalMilliseconds,
            ["keep"] = CpuMonitor.WindowLength(options.Window, options.Interval),
            ["rules"] = options.Rules.Select(r => r.ToString()).Distinct().ToArray(),
        });
        return html.Replace("/*SETTINGS*/{}", settings, StringComparison.Ordinal);
    }

    /// <summary>Ends every event stream (each sends what it holds, then <c>event: end</c>), then stops listening (up to 5 s) and releases the port.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Clients that do not read their last events in time are cut off by disposal.
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        try
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            switch (context.Request.Path.Value)
            {
                case "/" or "/index.html":
                    context.Response.ContentType = "text/html; charset=utf-8";
                    context.Response.Headers.CacheControl = "no-store";
                    await context.Response.WriteAsync(_page, context.RequestAborted).ConfigureAwait(false);
                    break;
                case "/events":
                    await EventsAsync(context).ConfigureAwait(false);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync("not found: the page is /, its events /events\n", context.RequestAborted).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: nothing to answer.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The connection broke while writing.
        }
    }

    private async Task EventsAsync(HttpContext context)
    {
        HttpResponse response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        CancellationToken aborted = context.RequestAborted;
        // The headers now, so that the client knows the stream is open before the first reading.
        await response.WriteAsync(": hyper monitor\n\n", aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(aborted).ConfigureAwait(false);

        Channel<string> queue = Channel.CreateBounded<string>(new BoundedChannelOptions(ClientBacklog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        IDisposable subscription = _readings.Select(r => $"data: {MonitorJson.Reading(r)}\n\n")
            .Merge(_alerts.Select(e => $"event: alert\ndata: {MonitorJson.Alert(e)}\n\n"))
            .Subscribe(e => queue.Writer.TryWrite(e), _ => queue.Writer.TryComplete(), () => queue.Writer.TryComplete()); // a failed read ends the stream as its end would
        // Counted once subscribed, so that a client counted is one that receives.
        Interlocked.Increment(ref _clients);
        Interlocked.Increment(ref _served);
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
            bool more = true;
            while (more)
            {
                try
                {
                    more = await queue.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    more = false; // the server stops: send what is queued, then the end
                }
                while (queue.Reader.TryRead(out string? e))
                    await response.WriteAsync(e, aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
            await response.WriteAsync("event: end\ndata: {}\n\n", aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);
        }
        finally
        {
            subscription.Dispose();
            Interlocked.Decrement(ref _clients);
        }
    }
}
