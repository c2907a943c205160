using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Net.Blocking;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Crawl;

/// <summary>
/// Every way of calling the slow client gives the serial reference's answers, in call order, at awkward call counts
/// and concurrencies; no rung lets more calls overlap than its count (the serial one, one).
/// </summary>
[Collection("Net")]
public sealed class BlockingConformanceTests : LadderConformance<BlockingSpec, BlockingSpec, BlockingResult>
{
    private static readonly BlockingLadder s_ladder = Catalog.Blocking;

    protected override BlockingLadder Ladder => s_ladder;

    protected override RunContext Context { get; } = new RunContext(2) { Concurrency = 4 };

    protected override IEnumerable<ConformanceCase<BlockingSpec>> GoldenCases() => [FromSpec(new BlockingSpec(50, 2), new RunContext(2) { Concurrency = 10 })];

    protected override IEnumerable<ConformanceCase<BlockingSpec>> RandomCases(Rung<BlockingSpec, BlockingResult> rung) =>
        from calls in new long[] { 1, 7, 33 }
        from c in new[] { 1, 3, 64 }
        select FromSpec(new BlockingSpec(calls, 1), new RunContext(2) { Concurrency = c });

    protected override ConformanceCase<BlockingSpec> SmallCase { get; } = ConformanceCase<BlockingSpec>.Of("20 calls at 1 ms", () => new BlockingSpec(20, 1));

    protected override string Snapshot(BlockingSpec problem) => problem.ToString();

    protected override void CheckAnswer(Rung<BlockingSpec, BlockingResult> rung, BlockingSpec problem, BlockingResult answer, string what) =>
        Assert.True(answer.PeakOverlap >= 1 && answer.PeakOverlap <= (rung.Uses.HasFlag(RungResources.Concurrency) ? 64 : 1),
            $"{rung.Name}, {what}: {answer.PeakOverlap} calls overlapped");

    [Theory]
    [InlineData("threads")]
    [InlineData("taskrun")]
    [InlineData("async")]
    public async Task Overlap_NeverExceedsTheConcurrency(string rung)
    {
        BlockingResult r = await s_ladder.Find(rung).RunAsync(new BlockingSpec(24, 5), new RunContext(2) { Concurrency = 3 });
        Assert.InRange(r.PeakOverlap, 1, 3);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => SlowClient.Answer(i)), r.Answers);
    }

    protected override IEnumerable<BlockingSpec> BadSpecs() => [new(0, 1), new(1_000_001, 1), new(10, -1), new(10, 60_001)];

    protected override IEnumerable<BlockingSpec> ValidSpecs() => [new(1, 0), new(1_000_000, 60_000)];
}
