using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Bench;

/// <summary><c>hyper bench --rounds</c>: the plan run again row after row, each row pooling its rounds.</summary>
public sealed class BenchRoundsTests
{
    private static RunResult Round(double[] runs, bool verified = true, string? error = null, params PhaseResult[] phases)
    {
        Statistics s = Statistics.Of(runs);
        return new RunResult
        {
            System = "pi", Rung = "simd", Repeats = runs.Length, Seconds = s.Median, MinSeconds = s.Min, MaxSeconds = s.Max,
            RunSeconds = [.. runs], Work = 10, Throughput = 10 / s.Median, Verified = verified, Error = error,
            Verification = new VerificationInfo("reference", null, verified ? 0 : 1, 0, "m"),
            Phases = phases.Length == 0 ? null : [.. phases],
        };
    }

    [Fact]
    public void Pooled_SpansEveryRunOfEveryRound()
    {
        RunResult p = RunResult.Pooled([Round([1.0, 1.1, 1.2]), Round([2.0, 2.1, 2.2]), Round([1.3, 1.4, 1.5])]);
        Assert.Equal(9, p.Repeats);
        Assert.Equal(3, p.Rounds);
        Assert.Equal(1.4, p.Seconds, 12);
        Assert.Equal(1.0, p.MinSeconds);
        Assert.Equal(2.2, p.MaxSeconds);
        Assert.Equal(9, p.RunSeconds!.Count);
        Assert.Equal(10 / 1.4, p.Throughput, 9);
        Assert.True(p.Unstable);
        Assert.NotNull(p.MedianInterval);
        Assert.True(p.Verified);
        // One round alone is that round.
        RunResult one = Round([1.0, 2.0, 3.0]);
        Assert.Same(one, RunResult.Pooled([one]));
    }

    [Fact]
    public void Pooled_RoundsWithoutRuns_PoolTheirMedians()
    {
        RunResult a = Round([1.0]) with { RunSeconds = null, Seconds = 1.0 };
        RunResult b = Round([3.0]) with { RunSeconds = null, Seconds = 3.0 };
        RunResult c = Round([2.0]) with { RunSeconds = null, Seconds = 2.0 };
        RunResult p = RunResult.Pooled([a, b, c]);
        Assert.Equal(3, p.Repeats);
        Assert.Equal(2.0, p.Seconds);
        Assert.Null(p.RunSeconds);
    }

    [Fact]
    public void Pooled_AFailedOrUnverifiedRound_IsWhatTheRowSays()
    {
        RunResult failed = RunResult.Pooled([Round([1.0]), Round([1.0], error: "child crashed")]);
        Assert.Equal("child crashed", failed.Error);
        RunResult wrong = RunResult.Pooled([Round([1.0]), Round([1.0], verified: false), Round([1.0])]);
        Assert.False(wrong.Verified);
        Assert.Equal(1, wrong.Verification!.Error);
    }

    [Fact]
    public void Pooled_Phases_MedianOfMediansAndTheExtremes()
    {
        RunResult p = RunResult.Pooled([
            Round([1.0], phases: new PhaseResult("map", 0.5, 0.4, 0.6)),
            Round([1.0], phases: new PhaseResult("map", 0.9, 0.8, 1.0)),
            Round([1.0], phases: new PhaseResult("map", 0.7, 0.3, 0.7))]);
        Assert.Equal([new PhaseResult("map", 0.7, 0.3, 1.0)], p.Phases!);
    }

    [Fact]
    public void TwoRounds_EachRowPoolsTwoProcesses()
    {
        ISystemBench pi = Catalog.BenchOf(Catalog.Pi);
        BenchSettings settings = BenchSettings.Defaults() with
        {
            Rungs = ["reference", "simd"],
            Values = new Dictionary<string, IReadOnlyList<SpecValue>> { ["samples"] = [SpecValue.Of(200_000)] },
            Threads = [1],
            Rounds = 2,
        };
        var log = new List<string>();
        BenchFile bench = BenchRunner.Run(pi, settings, MachineInfo.Current(), log.Add);
        Assert.Equal(2, bench.Rounds);
        Assert.Equal(["reference", "simd"], bench.Results.Select(r => r.Rung));
        foreach (RunResult r in bench.Results)
        {
            Assert.Null(r.Error);
            Assert.Equal(2, r.Rounds);
            Assert.True(r.Verified);
            Assert.Equal(r.RunSeconds!.Count, r.Repeats);
            Assert.Equal(Statistics.Of(r.RunSeconds).Median, r.Seconds);
        }
        // Row after row, round after round: reference, simd, reference, simd.
        Assert.Equal(["round 1 of 2", "run ", "run ", "round 2 of 2", "run ", "run "],
            log.Where(l => l.StartsWith("round") || l.StartsWith("run ")).Select(l => l.StartsWith("run ") ? "run " : l));
    }

    [Fact]
    public void Rounds_OutOfRange_IsOneLine() =>
        Assert.Contains("--rounds must be 1 to 100", HyperSharp.Tests.Cli.Hyper.AssertBadInput("bench", "pi", "--rounds", "0"));
}
