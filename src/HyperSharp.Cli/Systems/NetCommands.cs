using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using HyperSharp.Cli.Commands;
using HyperSharp.Ladder;
using HyperSharp.Net.Crawl;
using HyperSharp.Net.Serve;

namespace HyperSharp.Cli.Systems;

/// <summary>
/// <c>hyper serve slow</c> and <c>hyper monitor</c>. Kestrel and Rx are touched only inside the actions, so that
/// building the command line (every <c>hyper</c> start) loads neither.
/// </summary>
internal static class NetCommands
{
    public static Command Serve()
    {
        var port = new Option<string>("--port") { Description = "TCP port (0 takes a free one).", DefaultValueFactory = _ => "8080" };
        var delay = new Option<string>("--delay-ms") { Description = "Delay of /plain, and of /add without delay=.", DefaultValueFactory = _ => "100" };
        var jitter = new Option<string>("--jitter-ms") { Description = "Up to this much is added at random to each delay.", DefaultValueFactory = _ => "0" };
        var fail = new Option<string>("--fail-rate") { Description = "Fraction of attempts answered 503.", DefaultValueFactory = _ => "0" };
        var reset = new Option<string>("--reset-rate") { Description = "Fraction of attempts whose connection is reset.", DefaultValueFactory = _ => "0" };
        var stall = new Option<string>("--stall-rate") { Description = "Fraction of attempts whose body stalls.", DefaultValueFactory = _ => "0" };
        var seed = new Option<string>("--seed") { Description = "Seed of the faults (decided per name and attempt).", DefaultValueFactory = _ => "0" };
        var host = new Option<string>("--host") { Description = "Address to bind.", DefaultValueFactory = _ => "127.0.0.1" };
        var slow = new Command("slow", "A web service that answers after a delay (/add?name=N&delay=D, /plain, /stats), with injected faults. Ctrl-C or SIGTERM stops it.")
        {
            port, delay, jitter, fail, reset, stall, seed, host,
        };
        slow.SetAction(p => Guard.Run(() =>
        {
            var options = new SlowServerOptions(
                CrawlInput.Whole(p.GetValue(port)!, "--port", 0, 65535),
                CrawlInput.Whole(p.GetValue(delay)!, "--delay-ms", 0, SlowServerOptions.MaxDelayMs),
                CrawlInput.Whole(p.GetValue(jitter)!, "--jitter-ms", 0, SlowServerOptions.MaxDelayMs),
                new FaultPlan(Fraction(p.GetValue(fail)!, "--fail-rate"), Fraction(p.GetValue(reset)!, "--reset-rate"),
                    Fraction(p.GetValue(stall)!, "--stall-rate"), CrawlInput.Whole(p.GetValue(seed)!, "--seed", 0, int.MaxValue)),
                Host: p.GetValue(host)!);
            options.Check();
            ServeUntilStopped(options).GetAwaiter().GetResult();
            return 0;
        }));
        return new Command("serve", "Local servers for the I/O systems.") { slow };
    }

    private static async Task ServeUntilStopped(SlowServerOptions options)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        SlowServer server = Listen(() => SlowServer.StartAsync(options), options.Host, options.Port);
        await using (server.ConfigureAwait(false))
        {
            Console.WriteLine($"serving on {server.BaseAddress} (delay {options.DelayMs} ms): /add?name=N&delay=D, /plain?name=N, /stats; Ctrl-C stops");
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C or SIGTERM: stop below.
            }
            SlowServerStats s = server.Stats;
            Output.Log($"stopped: {s.Requests} requests, {s.Served} served, peak {s.PeakInFlight} in flight, {s.Errors} 503s, {s.Resets} resets, {s.Stalls} stalls");
        }
        Console.CancelKeyPress -= onCancel;
    }

    /// <summary>Starts a server, turning a port that cannot be bound (in use, not allowed) into bad input.</summary>
    public static T Listen<T>(Func<Task<T>> start, string host, int port)
    {
        try
        {
            return start().GetAwaiter().GetResult();
        }
        catch (IOException ex)
        {
            throw new SpecException($"cannot listen on {host}:{port}: {ex.Message}");
        }
    }

    public static Command Monitor()
    {
        var interval = new Option<string>("--interval") { Description = "Time between readings (100ms, 1s).", DefaultValueFactory = _ => "100ms" };
        var window = new Option<string>("--window") { Description = "Span of the moving-window chart.", DefaultValueFactory = _ => "60s" };
        var alert = new Option<string[]>("--alert") { Description = "An alert rule, e.g. \"cpu>80 for 4\" (all of the last 4 readings above 80 %); metrics cpu, mem, proc, coreN. May be repeated.", Arity = ArgumentArity.ZeroOrMore };
        var process = new Option<string?>("--process") { Description = "Also read this process's CPU (percent of one core)." };
        var count = new Option<string?>("--count") { Description = "Stop after this many readings (default: at Ctrl-C or SIGTERM)." };
        Option<bool> json = CommonOptions.Json();
        json.Description = "JSON lines (a reading or an alert each) even on a terminal; without a terminal they are the default (not with --html).";
        var html = new Option<bool>("--html") { Description = "Serve a live page (a chart drawn from server-sent events at /events) instead of the terminal view." };
        var port = new Option<string?>("--port") { Description = "With --html: TCP port (0, the default, takes a free one)." };
        var host = new Option<string?>("--host") { Description = "With --html: address to bind (default 127.0.0.1)." };
        var monitor = new Command("monitor", "Watch CPU (total and per core), memory and a process from /proc as a hot observable (System.Reactive), with alert rules; a live view on a terminal, JSON lines otherwise, or a live web page with --html.")
        {
            interval, window, alert, process, count, json, html, port, host,
        };
        monitor.SetAction(p => Guard.Run(() =>
        {
            TimeSpan every = TimeSpan.FromMilliseconds(CrawlInput.Milliseconds(p.GetValue(interval)!, "--interval"));
            TimeSpan span = TimeSpan.FromMilliseconds(CrawlInput.Milliseconds(p.GetValue(window)!, "--window"));
            if (span < every)
                throw new SpecException("--window is shorter than --interval");
            int? pid = p.GetValue(process) is { } text ? CrawlInput.Whole(text, "--process", 1, int.MaxValue) : null;
            int? readings = p.GetValue(count) is { } c ? CrawlInput.Whole(c, "--count", 1, int.MaxValue) : null;
            MonitorView.HtmlTarget? page = null;
            if (p.GetValue(html))
                page = new MonitorView.HtmlTarget(p.GetValue(host) ?? "127.0.0.1", p.GetValue(port) is { } pt ? CrawlInput.Whole(pt, "--port", 0, 65535) : 0);
            else if (p.GetValue(port) is not null || p.GetValue(host) is not null)
                throw new SpecException($"{(p.GetValue(port) is not null ? "--port" : "--host")} is where --html serves its page: add --html");
            return MonitorView.Run(every, span, p.GetValue(alert) ?? [], pid, readings, json: p.GetValue(json) || (!Output.IsTerminal && page is null), page);
        }));
        return monitor;
    }

    public static double Fraction(string text, string option) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is >= 0 and <= 1
            ? v
            : throw new SpecException($"{option} takes a fraction from 0 to 1 (got '{text}')");
}
