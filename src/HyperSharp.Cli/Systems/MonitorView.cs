using System.Diagnostics;
using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using HyperSharp.Net.Monitor;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper monitor</c>'s two faces over one pipeline: JSON lines, or a Spectre live view on a terminal.</summary>
internal static class MonitorView
{
    public static int Run(TimeSpan interval, TimeSpan window, IReadOnlyList<string> ruleTexts, int? pid, int? count, bool json)
    {
        AlertRule[] rules = ruleTexts.Select(AlertRule.Parse).ToArray();
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

        IObservable<Reading> readings = CpuMonitor.Readings(source, interval, DefaultScheduler.Instance);
        if (count is { } n)
            readings = readings.Take(n).Publish().RefCount();
        var state = new State(rules);
        var gate = new object();
        using IDisposable alerts = CpuMonitor.Alerts(readings, rules).Subscribe(e =>
        {
            lock (gate)
            {
                state.Firing[e.Rule] = e.Firing;
                if (json)
                    Console.WriteLine(AlertJson(e));
            }
        });
        using IDisposable windowed = CpuMonitor.Window(readings, window, interval).Subscribe(
            list =>
            {
                lock (gate)
                {
                    // Only the live view draws the window: JSON lines need the newest reading alone.
                    state.Window = json ? [list[^1]] : [.. list];
                    if (state.Readings++ == 0)
                        (cpuBefore, start) = (Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
                    if (json)
                        Console.WriteLine(ReadingJson(list[^1]));
                }
            },
            () => stop.Cancel());

        if (json)
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
        Console.CancelKeyPress -= onCancel;
        double seconds = start == 0 ? 0 : Stopwatch.GetElapsedTime(start).TotalSeconds;
        double own = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds / Math.Max(1e-9, seconds) * 100;
        Output.Log(string.Create(CultureInfo.InvariantCulture, $"monitor: {state.Readings} readings, {seconds:F1} s from the first; its own CPU since then {own:F2} % of a core"));
        return 0;
    }

    /// <summary>Rules as written (cpu&gt;80), not escaped for HTML.</summary>
    private static readonly JsonWriterOptions s_json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    private static string ReadingJson(Reading r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, s_json))
        {
            w.WriteStartObject();
            w.WriteString("time", r.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteNumber("cpu", Math.Round(r.Cpu, 2));
            w.WriteStartArray("cores");
            foreach (double c in r.Cores)
                w.WriteNumberValue(Math.Round(c, 2));
            w.WriteEndArray();
            w.WriteNumber("mem", Math.Round(r.Memory, 2));
            if (r.Process is { } p)
                w.WriteNumber("proc", Math.Round(p, 2));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string AlertJson(AlertEvent e)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, s_json))
        {
            w.WriteStartObject();
            w.WriteString("time", e.At.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            w.WriteString("alert", e.Rule.ToString());
            w.WriteString("state", e.Firing ? "firing" : "cleared");
            if (e.Rule.ValueOf(e.At) is { } v)
                w.WriteNumber("value", Math.Round(v, 2));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
