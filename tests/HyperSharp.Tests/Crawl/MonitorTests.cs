using System.Reactive.Concurrency;
using System.Reactive.Linq;
using HyperSharp.Ladder;
using HyperSharp.Net.Monitor;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Crawl;

/// <summary>
/// The monitor's pipeline on virtual time (Rx's HistoricalScheduler) with recorded readings: alerts fire at the
/// reading that completes the run of breaches and clear at the first that breaks it, at exactly those times; the
/// readings are hot (one read of the source per tick, however many watch); /proc is parsed as psutil reads it.
/// </summary>
[Collection("Net")]
public sealed class MonitorTests
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(100);
    private static readonly DateTimeOffset s_start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Runs <paramref name="cpu"/> (one reading per 100 ms tick, memory 50 %) through <paramref name="rules"/>; the events as (ms after start, rule, firing).</summary>
    private static List<(double Ms, string Rule, bool Firing)> Replay(double[] cpu, params string[] rules)
    {
        var scheduler = new HistoricalScheduler(s_start);
        IObservable<Reading> readings = CpuMonitor.Readings(new RecordedReadings(cpu.Select(c => (c, 50.0))), s_tick, scheduler);
        var events = new List<(double, string, bool)>();
        bool completed = false;
        using IDisposable _ = CpuMonitor.Alerts(readings, rules.Select(AlertRule.Parse).ToArray())
            .Subscribe(e => events.Add(((scheduler.Now - s_start).TotalMilliseconds, e.Rule.ToString(), e.Firing)), () => completed = true);
        scheduler.AdvanceBy(s_tick * (cpu.Length + 2));
        Assert.True(completed, "the recording ended but the alerts did not complete");
        return events;
    }

    [Fact]
    public void Alert_FiresAtTheFourthBreach_AndClearsAtTheFirstReadingBelow()
    {
        //                 100   200   300   400   500   600   700   800   900  1000  1100
        double[] cpu = [10, 90, 95, 81, 99, 85, 50, 90, 90, 90, 90];
        var events = Replay(cpu, "cpu>80 for 4");
        Assert.Equal([(500.0, "cpu>80 for 4", true), (700.0, "cpu>80 for 4", false), (1100.0, "cpu>80 for 4", true)], events);
    }

    [Fact]
    public void Alert_ThreeBreachesOrEqualToTheThreshold_NeverFires()
    {
        double[] cpu = [90, 90, 90, 10, 90, 90, 90, 80, 90, 90, 90];
        Assert.Empty(Replay(cpu, "cpu>80 for 4"));
    }

    [Fact]
    public void SeveralRules_EachFiresOnItsOwnCount()
    {
        double[] cpu = [90, 90, 10, 5, 90];
        var events = Replay(cpu, "cpu>80 for 2", "cpu<20 for 2", "cpu>0 for 1");
        Assert.Equal(
            [(100.0, "cpu>0 for 1", true), (200.0, "cpu>80 for 2", true), (300.0, "cpu>80 for 2", false), (400.0, "cpu<20 for 2", true), (500.0, "cpu<20 for 2", false)],
            events.OrderBy(e => e.Ms).ThenBy(e => e.Rule, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void Readings_AreHot_TheSourceIsReadOncePerTick()
    {
        var scheduler = new HistoricalScheduler(s_start);
        var source = new CountingSource();
        IObservable<Reading> readings = CpuMonitor.Readings(source, s_tick, scheduler);
        var a = new List<double>();
        var b = new List<double>();
        using IDisposable sa = readings.Subscribe(r => a.Add(r.Cpu));
        using IDisposable sb = readings.Subscribe(r => b.Add(r.Cpu));
        scheduler.AdvanceBy(s_tick * 5);
        Assert.Equal(5, source.Reads);
        Assert.Equal([1.0, 2, 3, 4, 5], a);
        Assert.Equal(a, b);
    }

    private sealed class CountingSource : IReadingSource
    {
        public int Reads { get; private set; }

        public Reading? Read(DateTimeOffset now) => new(now, ++Reads, [], 0);
    }

    [Fact]
    public void Window_KeepsTheLastWindowOfReadings()
    {
        var scheduler = new HistoricalScheduler(s_start);
        IObservable<Reading> readings = CpuMonitor.Readings(new RecordedReadings(Enumerable.Range(1, 10).Select(i => ((double)i, 0.0))), s_tick, scheduler);
        IList<Reading>? last = null;
        using IDisposable _ = CpuMonitor.Window(readings, TimeSpan.FromMilliseconds(300), s_tick).Subscribe(w => last = w.ToList());
        scheduler.AdvanceBy(s_tick * 12);
        Assert.Equal([8.0, 9, 10], last!.Select(r => r.Cpu));
    }

    [Theory]
    [InlineData("")]
    [InlineData("cpu")]
    [InlineData("cpu>>80")]
    [InlineData("disk>80 for 4")]
    [InlineData("cpu>80 for 0")]
    [InlineData("cpu>NaN")]
    public void AlertRule_Garbage_OneLineSpecException(string text)
    {
        var ex = Assert.Throws<SpecException>(() => AlertRule.Parse(text));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void AlertRule_Parses_WithTheBooksDefaultOfFour()
    {
        Assert.Equal(new AlertRule("cpu", true, 80, 4), AlertRule.Parse("cpu>80"));
        Assert.Equal(new AlertRule("core1", false, 5.5, 2), AlertRule.Parse(" CORE1 < 5.5 for 2 "));
        Assert.Null(AlertRule.Parse("core9>1").ValueOf(new Reading(s_start, 1, [1, 2], 0)));
    }

    [Fact]
    public void Proc_IsParsedAsPsutilReadsIt()
    {
        (long Busy, long Total)[] stat = ProcReader.ParseStat("cpu  10 2 8 70 10 0 0 0 0 0\ncpu0 5 1 4 35 5 0 0 0 0 0\ncpu1 5 1 4 35 5 0 0 0 0 0\nintr 1 2\n");
        Assert.Equal([(20L, 100L), (10L, 50L), (10L, 50L)], stat);
        Assert.Equal(25.0, ProcReader.MemoryPercent("MemTotal:  1000 kB\nMemFree:  100 kB\nMemAvailable:  750 kB\n"), 9);
        Assert.Equal(7 + 9, ProcReader.ParseProcessTicks("42 (a (weird) name) S 1 2 3 4 5 6 7 8 9 10 7 9 0 0 20 0 1 0 100"));
    }

    [Fact]
    public void Monitor_WithoutATerminal_WritesJsonLines_AndStopsAfterCount()
    {
        Hyper.Outcome o = Hyper.Run("monitor", "--interval", "20ms", "--count", "5", "--alert", "cpu>-1 for 2");
        Assert.True(o.ExitCode == 0, o.Stderr);
        string[] lines = o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Count(l => l.Contains("\"cores\"", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.Contains("\"alert\":\"cpu>-1 for 2\",\"state\":\"firing\"", StringComparison.Ordinal));
        Assert.Contains("own CPU", o.Stderr);
        Hyper.AssertBadInput("monitor", "--alert", "cpu>>1");
        Hyper.AssertBadInput("monitor", "--interval", "-1s");
        Hyper.AssertBadInput("monitor", "--process", "0");
    }
}
