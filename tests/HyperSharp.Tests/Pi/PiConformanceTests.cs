using HyperSharp.Harness;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Pi;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Pi;

/// <summary>
/// Every registered π rung (HYPERSHARP_RUNG narrows it to one). Counter-stream rungs (batched, simd, threads,
/// processes, gpu) must find exactly the hits of the one-lane counter stream — tolerance 0 — for awkward sample
/// counts (0, 1, 7, around the register widths, the block size ± 1, 2^20 ± 1, many blocks) and any thread or process count. Every rung,
/// System.Random ones included, must estimate π within 5σ. What every ladder must do is in
/// <see cref="LadderConformance{TSpec,TProblem,TResult}"/>.
/// The distributed rung starts Orleans silos in this process: the class runs in the Orleans collection.
/// </summary>
[Collection(HyperSharp.Tests.Cluster.OrleansCollection.Name)]
public sealed class PiConformanceTests : LadderConformance<PiSpec, PiProblem, PiResult>
{
    private static readonly PiLadder s_ladder = Catalog.Pi;

    /// <summary>Sizes that break registers (1, lanes ± 1, 4·lanes ± 1 for the 4-way interleave) and blocks (block size ± 1, and 2^20 ± 1 across many blocks).</summary>
    private static readonly long[] s_awkward =
        [0, 1, 2, 7, 8, 9, 31, 32, 33, 63, 65, 1_000, PiStream.BlockSize - 1, PiStream.BlockSize, PiStream.BlockSize + 1, 3 * PiStream.BlockSize + 5, (1 << 20) - 1, 1 << 20, (1 << 20) + 1];

    public static TheoryData<string> Rungs() => new(s_ladder.RunnableHere().Select(r => r.Name));

    protected override PiLadder Ladder => s_ladder;

    protected override IEnumerable<ConformanceCase<PiProblem>> GoldenCases() => [FromSpec(PiSpec.BookExample)];

    /// <summary>
    /// Counter-stream rungs: the awkward sizes at several thread counts, exactly the one-lane stream's hits. System.Random
    /// rungs: a few sizes, each within 5σ (one sample is 0.5σ or 1.9σ from π).
    /// </summary>
    protected override IEnumerable<ConformanceCase<PiProblem>> RandomCases(Rung<PiProblem, PiResult> rung)
    {
        if (rung is IDrawsSystemRandom)
        {
            return new long[] { 1, 7, 1_000, 65_537 }.Select((samples, i) =>
                ConformanceCase<PiProblem>.Of($"{samples} samples", () => new PiProblem(samples, 11 + i), new RunContext(1 + i % 3)));
        }
        // A cluster costs a silo start per run: a few sizes across block boundaries, on one silo and on three.
        if (rung.Uses.HasFlag(RungResources.Nodes))
        {
            return new long[] { 0, 7, PiStream.BlockSize + 1, 3 * PiStream.BlockSize + 5, (1 << 20) + 1 }.SelectMany(samples => new[] { 1, 3 }.Select(nodes =>
                ConformanceCase<PiProblem>.Of($"{samples} samples, {nodes} silos", () => new PiProblem(samples, 11), new RunContext(2) { Nodes = nodes })));
        }
        // Processes cost ≈ 0.1 s a child: fewer combinations, still crossing block boundaries.
        long[] sizes = rung is PiProcesses ? [0, 7, PiStream.BlockSize + 1, (1 << 20) + 1] : s_awkward;
        int[] threads = rung is PiProcesses ? [1, 3] : [1, 2, 3, 5];
        return sizes.SelectMany(samples => threads.Select(t =>
            ConformanceCase<PiProblem>.Of($"{samples} samples, {t} threads", () => new PiProblem(samples, 11), new RunContext(t))));
    }

    protected override ConformanceCase<PiProblem> SmallCase { get; } = ConformanceCase<PiProblem>.Of("10,001 samples", () => new PiProblem(10_001, 5));

    /// <summary>A positional record: its text is all its data.</summary>
    protected override string Snapshot(PiProblem problem) => problem.ToString();

    protected override IEnumerable<PiSpec> BadSpecs() =>
        [new(0, 42), new(-5, 42), new(PiLadder.MaxSamples + 1, 42), new(1000, -1), new(1000, 1L << 31)];

    protected override IEnumerable<PiSpec> ValidSpecs() => [PiSpec.BookExample, new(1, 0), new(PiLadder.MaxSamples, int.MaxValue)];

    /// <summary>pertask seeds a System.Random per worker thread in the order threads first ask: its hits vary from run to run.</summary>
    protected override bool IsDeterministic(Rung<PiProblem, PiResult> rung) => rung is not PiPerTask;

    /// <summary>Each rung draws the generator it declares, for the problem's samples and seed.</summary>
    protected override void CheckAnswer(Rung<PiProblem, PiResult> rung, PiProblem problem, PiResult answer, string what)
    {
        Assert.Equal(rung is IDrawsSystemRandom ? PiGenerator.SystemRandom : PiGenerator.CounterStream, answer.Generator);
        Assert.Equal((problem.Samples, problem.Seed), (answer.Samples, answer.Seed));
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_200000Samples_EstimateWithin5Sigma(string name)
    {
        Rung<PiProblem, PiResult> rung = s_ladder.Find(name);
        foreach (long seed in new long[] { 1, 42, 2024 })
        {
            var problem = new PiProblem(200_000, seed);
            PiResult result = rung.Run(problem, new RunContext(2));
            Assert.Equal(200_000, result.Samples);
            Verification v = s_ladder.Verify(s_ladder.Reference.Run(problem, new RunContext(1)), result, rung.Tolerance);
            Assert.True(v.Passed, $"{name}, seed {seed}: {v.Measure} = {v.Error} > {v.Tolerance}");
            Assert.True(result.Deviations <= PiLadder.SigmaTolerance, $"{name}, seed {seed}: π̂ = {result.Estimate}");
        }
    }

    [Fact]
    public void Reference_BookExample_EstimatesPiWithin5Sigma()
    {
        PiSpec book = PiSpec.BookExample;
        PiResult result = s_ladder.Reference.Run(s_ladder.Build(book), RunContext.Default);

        Assert.Equal(PiGenerator.SystemRandom, result.Generator);
        Assert.InRange(result.Estimate, Math.PI - 5 * PiResult.Sigma(book.Samples), Math.PI + 5 * PiResult.Sigma(book.Samples));
    }

    [Fact]
    public void CounterStream_ManySeedsAt10Million_EstimatesWithin5Sigma()
    {
        // The stream itself is held to the statistical check the System.Random rungs get.
        foreach (long seed in new long[] { 0, 1, 42, 123_456_789, int.MaxValue })
        {
            var result = new PiResult(PiKernel.CountBlocks(seed, 10_000_000, 0, PiStream.BlockCount(10_000_000), SimdWidths.Best),
                10_000_000, seed, PiGenerator.CounterStream);
            Assert.True(result.Deviations <= PiLadder.SigmaTolerance, $"seed {seed}: π̂ = {result.Estimate}, {result.Deviations:F2}σ");
        }
    }

    [Fact]
    public void CounterStream_Seed42_HitsArePinned()
    {
        // Pins the stream: the C peer (peers/c/pi.c) must print the same numbers.
        Assert.Equal(785_601, PiLadder.CounterStreamHits(1_000_003, 42));
        Assert.Equal(78_533_570, PiKernel.CountBlocks(42, 100_000_000, 0, PiStream.BlockCount(100_000_000), SimdWidths.Best));
    }

    [Fact]
    public void CountRange_EveryWidthAndOffset_SameHits()
    {
        ulong key = PiStream.BlockKey(5, 3);
        foreach (long start in new long[] { 0, 1, 5, 100 })
        {
            for (long count = 0; count <= 200; count++)
            {
                long scalar = PiKernel.CountRange(key, start, count, SimdWidth.Scalar);
                foreach (SimdWidth width in SimdWidths.Supported)
                    Assert.True(scalar == PiKernel.CountRange(key, start, count, width), $"{width}, start {start}, count {count}");
            }
        }
    }

    [Fact]
    public void CountRange_MatchesPointByPointTest()
    {
        ulong key = PiStream.BlockKey(42, 0);
        long hits = 0;
        for (long k = 0; k < 10_000; k++)
        {
            (double x, double y) = PiStream.Point(key, k);
            Assert.InRange(x, 0, 1 - Math.Pow(2, -26));
            Assert.InRange(y, 0, 1 - Math.Pow(2, -26));
            Assert.Equal(Math.Floor(x * (1 << 26)), x * (1 << 26)); // on the 2^-26 grid, so x² + y² is exact
            if (x * x + y * y <= 1.0)
                hits++;
        }
        Assert.Equal(hits, PiKernel.CountRange(key, 0, 10_000, SimdWidths.Best));
    }

    [Fact]
    public void Verify_CounterStreamOffByOneHit_Fails()
    {
        var reference = new PiResult(0, 1000, 7, PiGenerator.SystemRandom);
        long hits = PiLadder.CounterStreamHits(1000, 7);

        Assert.True(s_ladder.Verify(reference, new PiResult(hits, 1000, 7, PiGenerator.CounterStream), 0).Passed);
        Assert.False(s_ladder.Verify(reference, new PiResult(hits + 1, 1000, 7, PiGenerator.CounterStream), 0).Passed);
        Assert.False(s_ladder.Verify(reference, new PiResult(hits, 1001, 7, PiGenerator.CounterStream), 0).Passed);
    }

    [Fact]
    public void Verify_SystemRandomFarFromPi_Fails()
    {
        var reference = new PiResult(785_398, 1_000_000, 7, PiGenerator.SystemRandom);

        Assert.True(s_ladder.Verify(reference, reference, PiLadder.SigmaTolerance).Passed);
        Assert.False(s_ladder.Verify(reference, reference with { Hits = 790_000 }, PiLadder.SigmaTolerance).Passed);
    }
}
