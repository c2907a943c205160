using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Ladder;

/// <summary>
/// The test-only key-value ladder driven end to end through <see cref="LadderRunner"/>, as <c>hyper run</c> drives a
/// system: what an async rung with latency, phases and concurrency reports, what is timed, what is disposed, and which
/// oracles run the reference.
/// </summary>
public sealed class KeyValueLadderTests
{
    private static readonly RunContext s_context = new RunContext(1) { Concurrency = 4 };
    private static readonly KvSpec s_spec = new(Keys: 500, Lookups: 300, Seed: 7);

    [Fact]
    public async Task AsyncRung_ReportsLatencyPhasesResourcesFingerprintAndIsVerified()
    {
        var ladder = new KeyValueLadder();
        RunResult r = await LadderRunner.RunAsync(ladder, ladder.AsyncRung, s_spec, s_context, MeasureOptions.Quick);

        Assert.Equal("async", r.Rung);
        Assert.Equal(1, r.Repeats);
        // Timing forgets the warm-up's operations: one timed run of 300 lookups.
        LatencySummary latency = Assert.IsType<LatencySummary>(r.Latency);
        Assert.Equal(s_spec.Lookups, latency.Count);
        Assert.True(latency.P50 <= latency.P90 && latency.P90 <= latency.P99 && latency.P99 <= latency.P999 && latency.P999 <= latency.Max,
            $"percentiles out of order: {latency}");
        Assert.InRange(latency.Mean, 0, latency.Max);
        Assert.True(latency.Max <= r.Seconds + 1e-6, $"one lookup ({latency.Max} s) took longer than the run ({r.Seconds} s)");

        List<PhaseResult> phases = Assert.IsType<List<PhaseResult>>(r.Phases);
        Assert.Equal(["build", "query"], phases.Select(p => p.Name));
        // The phases lie inside the timed run (Seconds is rounded to 100 ns ticks, the phases are not).
        Assert.True(phases.Sum(p => p.Seconds) <= r.Seconds + 1e-6, $"phases {phases.Sum(p => p.Seconds)} s > run {r.Seconds} s");

        Assert.Equal(new Dictionary<string, int> { ["threads"] = 1, ["concurrency"] = 4 }, r.Resources);
        Assert.Equal(4, ladder.AsyncRung.Workers);

        await using KvStore store = ladder.Build(s_spec);
        long[] expected = ladder.Reference.Run(store, RunContext.Default);
        Assert.Equal(ladder.Fingerprint(expected)!.Value.Hex, r.Fingerprint);
        Assert.Equal(ladder.Checksum(expected), r.Checksum);
        Assert.True(r.Verified);
        Assert.Equal("reference", r.Verification!.Method);
        Assert.Equal(s_spec.Lookups, r.Work);
    }

    [Fact]
    public async Task AsyncRung_SetupAndTeardownOf200Ms_AreNotTimed()
    {
        var ladder = new KeyValueLadder(setupDelay: TimeSpan.FromMilliseconds(200));
        RunResult r = await LadderRunner.RunAsync(ladder, ladder.AsyncRung, s_spec, s_context, MeasureOptions.Quick);

        // One warm-up and one timed run, each staged and torn down once; the timed answer is verified as it is.
        Assert.Equal(2, ladder.AsyncRung.Setups);
        Assert.Equal(2, ladder.AsyncRung.Teardowns);
        Assert.True(r.MaxSeconds < 0.2, $"a run took {r.MaxSeconds} s: the 200 ms setup or teardown was timed");
        Assert.True(r.Verified);
    }

    [Fact]
    public async Task ThreeTimedRuns_LatencyCountsEveryLookupOfTheTimedRunsOnly()
    {
        var ladder = new KeyValueLadder();
        var options = MeasureOptions.Quick with { Warmups = 2, MinRepeats = 3, MaxRepeats = 3 };
        RunResult r = await LadderRunner.RunAsync(ladder, ladder.AsyncRung, s_spec, s_context, options);

        Assert.Equal(3, r.Repeats);
        Assert.Equal(3 * s_spec.Lookups, r.Latency!.Count);
        Assert.Equal(5, ladder.AsyncRung.Setups);
        Assert.All(r.Phases!, p => Assert.True(p.MinSeconds <= p.Seconds && p.Seconds <= p.MaxSeconds, $"{p.Name}: {p}"));
    }

    [Fact]
    public async Task Problem_IsDisposedAfterTheRun_AndEveryBuildIsDisposed()
    {
        var ladder = new KeyValueLadder();
        await LadderRunner.RunAsync(ladder, ladder.AsyncRung, s_spec, s_context, MeasureOptions.Quick);
        Assert.Equal(1, ladder.Builds);
        Assert.Equal(1, ladder.Disposals);
    }

    [Fact]
    public async Task RungThatRefusesTheProblem_ProblemIsStillDisposed()
    {
        var ladder = new KeyValueLadder(extraRungs: new Refuses());
        await Assert.ThrowsAsync<SpecException>(() => LadderRunner.RunAsync(ladder, ladder.Find("refuses"), s_spec, s_context, MeasureOptions.Quick));
        Assert.Equal(1, ladder.Builds);
        Assert.Equal(1, ladder.Disposals);
    }

    [Fact]
    public async Task BadSpec_IsRejectedBeforeAnythingIsBuilt()
    {
        var ladder = new KeyValueLadder();
        await Assert.ThrowsAsync<SpecException>(() => LadderRunner.RunAsync(ladder, ladder.AsyncRung, s_spec with { Keys = 0 }, s_context, MeasureOptions.Quick));
        Assert.Equal(0, ladder.Builds);
    }

    /// <summary>Only an oracle against the reference runs it; exact and statistical oracles judge the answer themselves.</summary>
    [Theory]
    [InlineData(OracleMethod.Reference, 1)]
    [InlineData(OracleMethod.Exact, 0)]
    [InlineData(OracleMethod.Statistical, 0)]
    public async Task Oracle_RunsTheReferenceOnlyWhenItComparesWithIt(OracleMethod method, int referenceRuns)
    {
        var ladder = new KeyValueLadder(method);
        RunResult r = await LadderRunner.RunAsync(ladder, ladder.AsyncRung, s_spec, s_context, MeasureOptions.Quick);

        Assert.Equal(referenceRuns, ladder.ReferenceRung.Runs);
        Assert.True(r.Verified);
        Assert.Equal(method.ToString().ToLowerInvariant(), r.Verification!.Method);
        Assert.Null(r.Verification.Note);
    }

    /// <summary>
    /// Past the verification budget, a costly exact oracle and the reference oracle check the rung again on a smaller
    /// spec, whose problem is built and disposed too; a statistical oracle is free, so it judges the full run.
    /// </summary>
    [Theory]
    [InlineData(OracleMethod.Reference, 2, 1)]
    [InlineData(OracleMethod.Exact, 2, 0)]
    [InlineData(OracleMethod.Statistical, 1, 0)]
    public async Task BigSpec_CostlyOraclesCheckASmallerSpec(OracleMethod method, int builds, int referenceRuns)
    {
        var ladder = new KeyValueLadder(method);
        var options = MeasureOptions.Quick with { MaxVerifyWork = 50 };
        RunResult r = await LadderRunner.RunAsync(ladder, ladder.AsyncRung, s_spec, s_context, options);

        Assert.True(r.Verified);
        Assert.Equal(builds, ladder.Builds);
        Assert.Equal(builds, ladder.Disposals);
        Assert.Equal(referenceRuns, ladder.ReferenceRung.Runs);
        Assert.Equal(builds == 2 ? 50 : s_spec.Lookups, r.Verification!.Spec!["lookups"].Number);
        Assert.Equal(builds == 2, r.Verification.Note is not null);
    }

    [Fact]
    public async Task WrongAnswer_IsNotVerified()
    {
        foreach (OracleMethod method in new[] { OracleMethod.Reference, OracleMethod.Exact })
        {
            var ladder = new KeyValueLadder(method, extraRungs: new Misses());
            RunResult r = await LadderRunner.RunAsync(ladder, ladder.Find("misses"), s_spec, s_context, MeasureOptions.Quick);
            Assert.False(r.Verified, $"{method}: {r.Verification}");
        }
    }

    [Fact]
    public void Validate_DeclaredRangesThenTheSpecsOwn()
    {
        var ladder = new KeyValueLadder();
        ladder.Validate(s_spec);
        var ex = Assert.Throws<SpecException>(() => ladder.Validate(s_spec with { Lookups = 1_000_001 }));
        Assert.Contains("lookups", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Refuses every problem, as a lesson rung refuses a large one.</summary>
    private sealed class Refuses : SyncRung<KvStore, long[]>
    {
        public override string Name => "refuses";
        public override RungKind Kind => RungKind.Algorithm;
        public override string Technique => "refuses";
        public override void Check(KvStore problem) => throw new SpecException("refuses every problem");
        protected override long[] Compute(KvStore problem, RunContext context) => throw new InvalidOperationException("never runs");
    }

    /// <summary>Answers every lookup with a miss.</summary>
    private sealed class Misses : SyncRung<KvStore, long[]>
    {
        public override string Name => "misses";
        public override RungKind Kind => RungKind.Algorithm;
        public override string Technique => "always misses";
        protected override long[] Compute(KvStore problem, RunContext context) => problem.Queries.Select(_ => -1L).ToArray();
    }
}
