using System.Diagnostics;
using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Subjects;
using System.Reactive.Linq;
using System.Runtime.InteropServices;
using System.Text;
using HyperSharp.Net.Monitor;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HyperSharp.Cli.Systems;

/// <summary>
/// <c>hyper monitor</c>'s faces over one pipeline: JSON lines, a Spectre live view on a terminal, or (<c>--html</c>)
/// a page served on Kestrel that draws the readings it is sent as server-sent events.
/// </summary>
internal static class MonitorView
{
    /// <summary>Where <c>--html</c> serves the page.</summary>
    public sealed record HtmlTarget(string Host, int Port);

    public static int Run(TimeSpan interval, TimeSpan window, IReadOnlyList<string> ruleTexts, int? pid, int? count, bool json, HtmlTarget? html = null)
    {
        AlertRule[] rules = ruleTexts.Select(AlertRule.Parse).ToArray();
        MonitorServerOptions? serving = html is null ? null : new MonitorServerOptions(interval, window, rules, html.Port, html.Host);
        serving?.Check();
        var source = new ProcReader(pid);
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
        // The monitor's own CPU is counted from its first reading: start-up (the JIT, /proc's first read) is not its steady cost.
        TimeSpan cpuBefore = TimeSpan.Zero;
        long start = 0;
        bool live = !json && serving is null;

        IObservable<Reading> readings = CpuMonitor.Readings(source, interval, DefaultScheduler.Instance);
        if (count is { } n)
            readings = readings.Take(n).Publish().RefCount();
        // One alert pipeline for every view (the page's clients included), connected once all are subscribed.
        IConnectableObservable<AlertEvent> alertFeed = CpuMonitor.Alerts(readings, rules).Publish();
        using var connections = new CompositeDisposable();
        IConnectableObservable<Reading>? recent = serving is null ? null : readings.Replay(CpuMonitor.WindowLength(window, interval));
        MonitorServer? server = serving is null ? null : Serve(recent!, alertFeed, serving, connections);
        var state = new State(rules);
        var gate = new object();
        using IDisposable alerts = alertFeed.Subscribe(e =>
        {
            lock (gate)
            {
                state.Firing[e.Rule] = e.Firing;
                if (json)
                    Console.WriteLine(MonitorJson.Alert(e));
            }
        });
        connections.Add(alertFeed.Connect());
        using IDisposable windowed = CpuMonitor.Window(readings, window, interval).Subscribe(
            list =>
            {
                lock (gate)
                {
                    // Only the live view draws the window: JSON lines and the page need the newest reading alone.
                    state.Window = live ? [.. list] : [list[^1]];
                    if (state.Readings++ == 0)
                        (cpuBefore, start) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
                    if (json)
                        Console.WriteLine(MonitorJson.Reading(list[^1]));
                }
            },
            () => stop.Cancel());
        if (recent is not null)
            connections.Add(recent.Connect()); // last: it may be the subscription that starts the ticks

        if (!live)
            stop.Token.WaitHandle.WaitOne();
        else
            AnsiConsole.Live(new Text("reading /proc…")).AutoClear(false).Start(ctx =>
            {
                while (!stop.Token.WaitHandle.WaitOne(interval))
                {
                    lock (gate)
                        ctx.UpdateTarget(Render(state, window));
                }
                lock (gate)
                    ctx.UpdateTarget(Render(state, window));
            });
        if (server is not null)
        {
            // Each open page gets what it was still owed and an end event before the port is released.
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            Output.Log($"stopped: {server.ClientsServed} event streams served");
        }
        Console.CancelKeyPress -= onCancel;
        double seconds = start == 0 ? 0 : Stopwatch.GetElapsedTime(start).TotalSeconds;
        double own = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / Math.Max(1e-9, seconds) * 100;
        Output.Log(string.Create(CultureInfo.InvariantCulture, $"monitor: {state.Readings} readings, {seconds:F1} s from the first; its own CPU since then {own:F2} % of a core"));
        return 0;
    }

    /// <summary>
    /// Starts the page's server and prints its address. A page that connects late is sent the readings of the last
    /// window (<paramref name="recent"/>, a replay of that many, which the caller connects) and each rule's latest
    /// change (replays connected into <paramref name="connections"/> here), then the live ones.
    /// </summary>
    private static MonitorServer Serve(IObservable<Reading> recent, IObservable<AlertEvent> alerts, MonitorServerOptions options, CompositeDisposable connections)
    {
        IConnectableObservable<AlertEvent>[] latest = options.Rules.Distinct().Select(rule => alerts.Where(e => e.Rule == rule).Replay(1)).ToArray();
        MonitorServer server = NetCommands.Listen(() => MonitorServer.StartAsync(recent, latest.Merge(), options), options.Host, options.Port);
        Console.Error.WriteLine($"serving {server.BaseAddress} (Ctrl+C to stop)");
        foreach (IConnectableObservable<AlertEvent> rule in latest)
            connections.Add(rule.Connect());
        return server;
    }

    private sealed class State(AlertRule[] rules)
    {
        public AlertRule[] Rules { get; } = rules;
        public Dictionary<AlertRule, bool> Firing { get; } = [];
        public Reading[] Window { get; set; } = [];
        public long Readings { get; set; }
    }

    private static IRenderable Render(State s, TimeSpan window)
    {
        if (s.Window.Length == 0)
            return new Text("reading /proc…");
        Reading r = s.Window[^1];
        var bars = new BarChart().Width(70).WithMaxValue(100).Label("[bold]CPU and memory, %[/]");
        bars.AddItem("cpu", Math.Round(r.Cpu, 1), Colour(r.Cpu));
        for (int i = 0; i < r.Cores.Count; i++)
            bars.AddItem($"core{i}", Math.Round(r.Cores[i], 1), Colour(r.Cores[i]));
        bars.AddItem("mem", Math.Round(r.Memory, 1), Color.Blue);
        if (r.Process is { } proc)
            bars.AddItem("proc", Math.Round(proc, 1), Colour(proc));
        var rows = new List<IRenderable>
        {
            bars,
            new Markup(Markup.Escape($"cpu over the last {window.TotalSeconds:0.#} s: ") + Spark(s.Window.Select(x => x.Cpu), 70)),
        };
        foreach (AlertRule rule in s.Rules)
        {
            bool firing = s.Firing.GetValueOrDefault(rule);
            rows.Add(new Markup(firing ? $"[red bold]ALERT {Markup.Escape(rule.ToString())}[/]" : $"[green]ok {Markup.Escape(rule.ToString())}[/]"));
        }
        return new Rows(rows);
    }

    private static Color Colour(double percent) => percent > 80 ? Color.Red : percent > 50 ? Color.Yellow : Color.Green;

    /// <summary>The window as one line of block characters, the newest on the right, at most <paramref name="width"/> wide.</summary>
    private static string Spark(IEnumerable<double> values, int width)
    {
        const string blocks = "▁▂▃▄▅▆▇█";
        double[] v = values.TakeLast(width).ToArray();
        var sb = new StringBuilder();
        foreach (double x in v)
            sb.Append(blocks[(int)Math.Clamp(x / 100 * (blocks.Length - 1), 0, blocks.Length - 1)]);
        return sb.ToString();
    }
}
