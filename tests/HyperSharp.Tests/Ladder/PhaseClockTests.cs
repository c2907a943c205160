using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Ladder;

/// <summary>
/// Named phases. Scopes are opened with a start timestamp in the past (1 s, 2 s ago), so the sums they must give are
/// known to within the test's own run time, whatever the machine's speed.
/// </summary>
public sealed class PhaseClockTests
{
    private static long SecondsAgo(double seconds) => Stopwatch.GetTimestamp() - (long)(seconds * Stopwatch.Frequency);

    [Fact]
    public void Phases_EnteredTwice_AddUp_InTheOrderFirstEntered()
    {
        var clock = new PhaseClock();
        long outer = Stopwatch.GetTimestamp();
        new PhaseClock.Scope(clock, "build", SecondsAgo(1)).Dispose();
        new PhaseClock.Scope(clock, "query", SecondsAgo(0.5)).Dispose();
        new PhaseClock.Scope(clock, "build", SecondsAgo(2)).Dispose();
        double slack = Stopwatch.GetElapsedTime(outer).TotalSeconds;

        IReadOnlyList<(string Name, double Seconds)> phases = clock.Read();
        Assert.Equal(["build", "query"], phases.Select(p => p.Name));
        Assert.InRange(phases[0].Seconds, 3, 3 + 2 * slack);
        Assert.InRange(phases[1].Seconds, 0.5, 0.5 + slack);
    }

    [Fact]
    public void Begin_TimesTheScope()
    {
        var clock = new PhaseClock();
        long before = Stopwatch.GetTimestamp();
        using (clock.Begin("build"))
            Thread.Sleep(20);
        double outer = Stopwatch.GetElapsedTime(before).TotalSeconds;
        (string name, double seconds) = Assert.Single(clock.Read());
        Assert.Equal("build", name);
        Assert.InRange(seconds, 0.019, outer + 1e-6);
    }

    [Fact]
    public void Clear_ForgetsEveryPhase()
    {
        var clock = new PhaseClock();
        new PhaseClock.Scope(clock, "build", SecondsAgo(1)).Dispose();
        clock.Clear();
        Assert.Empty(clock.Read());
        new PhaseClock.Scope(clock, "query", SecondsAgo(1)).Dispose();
        Assert.Equal(["query"], clock.Read().Select(p => p.Name));
    }

    [Fact]
    public void ScopesClosedFromManyThreads_AllCount()
    {
        // Each scope began 100,000 s ago: a lost update would lose 100,000 s, far more than the test's own run time.
        const int each = 2_000;
        const double ago = 100_000;
        var clock = new PhaseClock();
        long outer = Stopwatch.GetTimestamp();
        Parallel.For(0, 2 * each, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            i => new PhaseClock.Scope(clock, i % 2 == 0 ? "even" : "odd", SecondsAgo(ago)).Dispose());
        double slack = Stopwatch.GetElapsedTime(outer).TotalSeconds;
        IReadOnlyList<(string Name, double Seconds)> phases = clock.Read();
        Assert.Equal(2, phases.Count);
        Assert.All(phases, p => Assert.InRange(p.Seconds, each * ago * (1 - 1e-12), each * (ago + slack)));
    }

    [Fact]
    public void RunContextPhase_RecordsIntoItsClock_AndNothingWithoutOne()
    {
        var clock = new PhaseClock();
        var silent = new RunContext(1);
        RunContext listening = silent with { Phases = clock };

        Assert.Null(silent.Phases);
        using (silent.Phase("build"))
        {
        }
        default(PhaseClock.Scope).Dispose(); // the scope a context without a clock gives: times nothing, throws nothing
        Assert.Empty(clock.Read());

        using (listening.Phase("query"))
        {
        }
        Assert.Equal(["query"], clock.Read().Select(p => p.Name));
    }
}
