using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text.RegularExpressions;
using HyperSharp.Ladder;

namespace HyperSharp.Net.Monitor;

/// <summary>
/// An alert rule as the book's: fires when each of the last <paramref name="Count"/> readings of
/// <paramref name="Metric"/> is beyond <paramref name="Threshold"/>, clears at the first reading that is not.
/// Written <c>cpu&gt;80 for 4</c>; metrics <c>cpu</c>, <c>mem</c>, <c>proc</c> (the watched process), <c>coreN</c>.
/// </summary>
public sealed partial record AlertRule(string Metric, bool Above, double Threshold, int Count)
{
    /// <summary>The rule as written.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Metric}{(Above ? '>' : '<')}{Threshold} for {Count}");

    /// <summary>Parses <c>cpu&gt;80 for 4</c> (the <c>for N</c> part defaults to 4), or throws a one-line <see cref="SpecException"/>.</summary>
    public static AlertRule Parse(string text)
    {
        Match m = RuleText().Match(text);
        if (!m.Success || !double.TryParse(m.Groups["t"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double t) || !double.IsFinite(t))
            throw new SpecException($"--alert takes METRIC>VALUE [for N] with METRIC cpu, mem, proc or coreN, e.g. \"cpu>80 for 4\" (got '{text}')");
        int count = m.Groups["n"].Success ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 4;
        if (count is < 1 or > 10_000)
            throw new SpecException($"--alert: 'for N' takes 1 to 10000 readings (got {count})");
        return new AlertRule(m.Groups["m"].Value.ToLowerInvariant(), m.Groups["op"].Value == ">", t, count);
    }

    /// <summary>The rule's metric in <paramref name="r"/>, or null where the reading lacks it (no such core, no process).</summary>
    public double? ValueOf(Reading r) => Metric switch
    {
        "cpu" => r.Cpu,
        "mem" => r.Memory,
        "proc" => r.Process,
        _ => int.Parse(Metric.AsSpan(4), CultureInfo.InvariantCulture) is int core && core < r.Cores.Count ? r.Cores[core] : null,
    };

    /// <summary>Whether <paramref name="r"/> is beyond the threshold.</summary>
    public bool Breaches(Reading r) => ValueOf(r) is { } v && (Above ? v > Threshold : v < Threshold);

    [GeneratedRegex(@"^\s*(?<m>cpu|mem|proc|core\d{1,4})\s*(?<op>[<>])\s*(?<t>[-+0-9.eE]+)\s*(for\s+(?<n>\d{1,6}))?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex RuleText();
}

/// <summary>An alert that starts (<paramref name="Firing"/>) or stops, at the reading that made it so.</summary>
public sealed record AlertEvent(AlertRule Rule, bool Firing, Reading At);

/// <summary>The monitor's pipeline on Rx: readings as a hot observable, alerts as operators over it.</summary>
public static class CpuMonitor
{
    /// <summary>
    /// A reading every <paramref name="interval"/> on <paramref name="scheduler"/>, ending when the source has no more.
    /// Hot (published, shared by reference count): every subscriber sees the same readings, and the source is read
    /// once per tick however many watch it.
    /// </summary>
    public static IObservable<Reading> Readings(IReadingSource source, TimeSpan interval, IScheduler scheduler) =>
        Observable.Interval(interval, scheduler)
            .Select(_ => source.Read(scheduler.Now))
            .TakeWhile(r => r is not null)
            .Select(r => r!)
            .Publish()
            .RefCount();

    /// <summary>
    /// Each rule's alerts: over a sliding buffer of its last <c>Count</c> readings, firing when all breach, clearing
    /// when one does not; only the changes, each at the reading that caused it. Several rules merge into one stream.
    /// </summary>
    public static IObservable<AlertEvent> Alerts(IObservable<Reading> readings, IReadOnlyList<AlertRule> rules) =>
        rules.Select(rule => readings
                .Buffer(rule.Count, 1)
                .Where(last => last.Count == rule.Count)
                .Select(last => (Reading: last[^1], Firing: last.All(rule.Breaches)))
                .StartWith((Reading: null!, Firing: false))
                .DistinctUntilChanged(x => x.Firing)
                .Skip(1)
                .Select(x => new AlertEvent(rule, x.Firing, x.Reading)))
            .Merge();

    /// <summary>The readings of the last <paramref name="window"/>, as a list after each new one (for the chart).</summary>
    public static IObservable<IList<Reading>> Window(IObservable<Reading> readings, TimeSpan window, TimeSpan interval) =>
        readings.Scan(new List<Reading>(), (list, r) =>
        {
            list.Add(r);
            int keep = WindowLength(window, interval);
            if (list.Count > keep)
                list.RemoveRange(0, list.Count - keep);
            return list;
        }).Select(list => (IList<Reading>)list);

    /// <summary>How many readings a <paramref name="window"/> holds at one every <paramref name="interval"/> (at least one).</summary>
    public static int WindowLength(TimeSpan window, TimeSpan interval) => (int)Math.Max(1, Math.Round(window / interval));
}
