using HyperSharp.Ladder;
using Xunit.Sdk;

namespace HyperSharp.Tests.Ladder;

/// <summary>
/// The conformance base on the test-only key-value ladder: a problem that must be disposed, an async rung, operations
/// in flight. <see cref="Subject"/> may be replaced (by <see cref="LadderConformanceTests"/>) with a ladder of broken rungs.
/// </summary>
public sealed class KeyValueConformanceTests : LadderConformance<KvSpec, KvStore, long[]>
{
    public KeyValueLadder Subject { get; init; } = new();

    protected override KeyValueLadder Ladder => Subject;

    protected override RunContext Context { get; } = new RunContext(2) { Concurrency = 3 };

    /// <summary>A store written by hand (one hit, one miss, the first key), and the default spec.</summary>
    protected override IEnumerable<ConformanceCase<KvStore>> GoldenCases() =>
    [
        ConformanceCase<KvStore>.Of("three keys", () => new KvStore([1, 2, 3], [10, 20, 30], [2, 4, 1], () => { })),
        FromSpec(Subject.Spec.Default),
    ];

    /// <summary>One key, a few, many; one lookup, fewer than the workers, more than a round of them.</summary>
    protected override IEnumerable<ConformanceCase<KvStore>> RandomCases(Rung<KvStore, long[]> rung) =>
        from keys in new[] { 1, 2, 7, 100, 1_000 }
        from lookups in new[] { 1, 2, 257 }
        select FromSpec(new KvSpec(keys, lookups, Seed: keys * 1_000 + lookups));

    protected override ConformanceCase<KvStore> SmallCase => FromSpec(new KvSpec(50, 40, 3));

    protected override string Snapshot(KvStore problem) => Fingerprint.Of(problem.Keys, problem.Values, problem.Queries).Hex;

    protected override IEnumerable<KvSpec> BadSpecs() => [new(0, 10), new(10, 0), new(-1, 10), new(10, 10, -1), new(2_000_000, 10)];

    protected override IEnumerable<KvSpec> ValidSpecs() => [new(1, 1, 0), new(1_000_000, 1_000_000, int.MaxValue)];
}

/// <summary>
/// The conformance base must be able to fail: its theories, run on a ladder with a broken rung, throw. Each broken rung
/// breaks one rule and keeps the others, so each theory is shown to catch its own rule.
/// </summary>
public sealed class LadderConformanceTests
{
    private static KeyValueConformanceTests Broken(params Rung<KvStore, long[]>[] rungs) => new() { Subject = new KeyValueLadder(extraRungs: rungs) };

    [Fact]
    public async Task WrongAnswer_FailsTheGoldenAndRandomCases()
    {
        KeyValueConformanceTests conformance = Broken(new Wrong());
        await Assert.ThrowsAnyAsync<XunitException>(() => conformance.Rung_GoldenCases_AgreeWithTheOracle("wrong"));
        await Assert.ThrowsAnyAsync<XunitException>(() => conformance.Rung_RandomCases_AgreeWithTheOracle("wrong"));
        await conformance.Rung_RunTwice_LeavesTheProblemUnchanged("wrong");
        await conformance.Rung_RunTwice_GivesTheSameAnswer("wrong");
    }

    [Fact]
    public async Task RungThatWritesIntoTheProblem_FailsTheUnchangedCheck()
    {
        KeyValueConformanceTests conformance = Broken(new Mutating());
        await Assert.ThrowsAnyAsync<XunitException>(() => conformance.Rung_RunTwice_LeavesTheProblemUnchanged("mutating"));
    }

    [Fact]
    public async Task RungWhoseAnswerChangesFromRunToRun_FailsTheRepeatCheck()
    {
        KeyValueConformanceTests conformance = Broken(new Flaky());
        await Assert.ThrowsAnyAsync<XunitException>(() => conformance.Rung_RunTwice_GivesTheSameAnswer("flaky"));
        await conformance.Rung_RunTwice_LeavesTheProblemUnchanged("flaky");
    }

    [Fact]
    public async Task EveryProblemTheBaseBuilds_IsDisposed()
    {
        var ladder = new KeyValueLadder();
        var conformance = new KeyValueConformanceTests { Subject = ladder };
        await conformance.Rung_GoldenCases_AgreeWithTheOracle("async");
        await conformance.Rung_RandomCases_AgreeWithTheOracle("async");
        await conformance.Rung_RunTwice_GivesTheSameAnswer("async");
        Assert.True(ladder.Builds > 15);
        Assert.Equal(ladder.Builds, ladder.Disposals);
    }

    [Fact]
    public void Garbage_CoversEveryKindWithTextJustOutsideTheRange()
    {
        SpecParameter keys = new KeyValueLadder().Spec.Find("keys");
        Assert.Contains("0", LadderConformance<KvSpec, KvStore, long[]>.Garbage(keys));
        Assert.Contains("1000001", LadderConformance<KvSpec, KvStore, long[]>.Garbage(keys));
        Assert.All(LadderConformance<KvSpec, KvStore, long[]>.Garbage(keys), g => Assert.Throws<SpecException>(() => keys.Parse(g)));
    }

    /// <summary>One answer wrong, the same every run, the problem untouched.</summary>
    private sealed class Wrong : SyncRung<KvStore, long[]>
    {
        public override string Name => "wrong";
        public override RungKind Kind => RungKind.Algorithm;
        public override string Technique => "off by one in the first answer";

        protected override long[] Compute(KvStore problem, RunContext context)
        {
            long[] answers = KvAsync.Answers(problem);
            answers[0]++;
            return answers;
        }
    }

    /// <summary>Right answers, but it writes into the problem after answering (so its answer still agrees).</summary>
    private sealed class Mutating : SyncRung<KvStore, long[]>
    {
        public override string Name => "mutating";
        public override RungKind Kind => RungKind.Algorithm;
        public override string Technique => "scribbles on its input";

        protected override long[] Compute(KvStore problem, RunContext context)
        {
            long[] answers = KvAsync.Answers(problem);
            problem.Values[0]++;
            return answers;
        }
    }

    /// <summary>Right answers on odd runs, one wrong on even runs.</summary>
    private sealed class Flaky : SyncRung<KvStore, long[]>
    {
        private int _runs;

        public override string Name => "flaky";
        public override RungKind Kind => RungKind.Algorithm;
        public override string Technique => "a race";

        protected override long[] Compute(KvStore problem, RunContext context)
        {
            long[] answers = KvAsync.Answers(problem);
            if (Interlocked.Increment(ref _runs) % 2 == 0)
                answers[^1] ^= 1;
            return answers;
        }
    }
}
