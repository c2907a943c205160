using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Net.Crawl;
using HyperSharp.Net.Serve;
using HyperSharp.Primes;
using HyperSharp.Tests.Cli;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Crawl;

/// <summary>
/// Both prime savers save exactly the primes below N (the reference's list, and the count of the primes ladder),
/// at awkward N (no prime, one, a batch ± 1 of them) and batch sizes (1, more than the primes).
/// </summary>
[Collection("Net")]
public sealed class PrimeSaveConformanceTests : LadderConformance<PrimeSaveSpec, PrimeSaveProblem, PrimeSaveResult>
{
    private static readonly PrimeSaveLadder s_ladder = Catalog.PrimeSave;

    protected override PrimeSaveLadder Ladder => s_ladder;

    protected override IEnumerable<ConformanceCase<PrimeSaveProblem>> GoldenCases() => [FromSpec(new PrimeSaveSpec(2_000, 0, 100))];

    /// <summary>N = 2 (no prime), 3 (one), 542 and 548 (100 primes are below 542, 101 below 548), batches of 1, 7, 100 and 1,000.</summary>
    protected override IEnumerable<ConformanceCase<PrimeSaveProblem>> RandomCases(Rung<PrimeSaveProblem, PrimeSaveResult> rung) =>
        from below in new long[] { 2, 3, 542, 548 }
        from batch in new[] { 1, 7, 100, 1_000 }
        select FromSpec(new PrimeSaveSpec(below, 0, batch));

    protected override ConformanceCase<PrimeSaveProblem> SmallCase { get; } =
        new("below 300, batches of 16", () => s_ladder.BuildAsync(new PrimeSaveSpec(300, 0, 16)));

    protected override string Snapshot(PrimeSaveProblem problem) => problem.Spec + problem.Server.BaseAddress.ToString();

    protected override void CheckAnswer(Rung<PrimeSaveProblem, PrimeSaveResult> rung, PrimeSaveProblem problem, PrimeSaveResult answer, string what)
    {
        long expected = Catalog.Primes.Reference.Run(new PrimeCountSpec(problem.Spec.Below, PrimeCountSpec.DefaultChunk), RunContext.Default);
        Assert.True(expected == answer.Saved && answer.Primes == expected, $"{rung.Name}, {what}: saved {answer.Saved} of {answer.Primes}, expected {expected}");
        Assert.True(answer.Failed.Count == 0, $"{rung.Name}, {what}: failures");
    }

    protected override IEnumerable<PrimeSaveSpec> BadSpecs() =>
        [new(1, 1, 1), new(100_000_001, 1, 1), new(100, -1, 1), new(100, 1, 0), new(100, 1, CrawlInput.MaxConcurrency + 1)];

    protected override IEnumerable<PrimeSaveSpec> ValidSpecs() => [new(2, 0, 1), new(100_000_000, 60_000, CrawlInput.MaxConcurrency)];

    [Fact]
    public async Task Cli_PrimesCountSave_SavesEveryPrime_AndDrawsTheTimeline()
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0));
        using var dir = new TempDirectory();
        string page = dir.File("primes.html");
        Hyper.Outcome o = Hyper.Run("primes", "count", "--below", "1000", "--save", server.BaseAddress.ToString(), "--batch", "50", "--delay-ms", "1", "--timeline", page);
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("168 primes below 1000; 168 saved to", o.Stdout);
        Assert.Contains("in async batches of 50", o.Stdout);
        Assert.Equal(168, server.Stats.Served);
        string html = File.ReadAllText(page);
        Assert.Contains("batch of 50 saves", html);
        Assert.Contains("testing numbers", html);
        Hyper.AssertBadInput("primes", "count", "--below", "1000", "--save", "http://127.0.0.1:1/");
        Hyper.AssertBadInput("primes", "count", "--below", "1000", "--save", server.BaseAddress.ToString(), "--batch", "0");
        Hyper.AssertBadInput("primes", "count", "--below", "1000", "--save", "nota url");
    }
}
