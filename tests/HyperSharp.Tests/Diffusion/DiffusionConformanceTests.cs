using HyperSharp.Diffusion;
using HyperSharp.Harness;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Diffusion;

/// <summary>
/// Every registered diffusion rung (HYPERSHARP_RUNG narrows it to one) against the reference on the book's start and on
/// random grids at sizes that break SIMD (0…20, lanes ± 1, odd sizes), 2D and 1D. Tolerances are each rung's own:
/// 0 (bit-identical) for the CPU rungs, 1e-12 normwise relative (max |Δcell| / max |cell|) for gpu. What every ladder
/// must do is in <see cref="LadderConformance{TSpec,TProblem,TResult}"/>.
/// </summary>
public sealed class DiffusionConformanceTests : LadderConformance<DiffusionSpec, DiffusionProblem, DiffusionGrid>
{
    /// <summary>Σ cell² after the book's benchmark (640², 500 steps), printed by the hand-written C peer
    /// (peers/c/diffusion.c) and, to the last digit, by the book's pure-Python code in peers/python/diffusion.py.</summary>
    public const double BookChecksum = 0.069489097668603977;

    private static readonly DiffusionLadder s_ladder = Catalog.Diffusion;
    private static readonly RunContext s_context = RunContext.Default;

    public static TheoryData<string> Rungs() => new(s_ladder.RunnableHere().Select(r => r.Name));

    protected override DiffusionLadder Ladder => s_ladder;

    /// <summary>The book's start: a hot block in a cold grid, 2D and 1D.</summary>
    protected override IEnumerable<ConformanceCase<DiffusionProblem>> GoldenCases() =>
        [FromSpec(new DiffusionSpec(160, 200)), FromSpec(new DiffusionSpec(1000, 300, Dims: 1))];

    /// <summary>Random grids at sizes that break SIMD (0…20, lanes ± 1, odd sizes), 2D, then 1D lines up to 4099 cells.</summary>
    protected override IEnumerable<ConformanceCase<DiffusionProblem>> RandomCases(Rung<DiffusionProblem, DiffusionGrid> rung) =>
        AwkwardSizes().Select(size => ConformanceCase<DiffusionProblem>.Of($"2D size {size}",
                () => DiffusionProblem.Random(size, steps: 9, seed: 100 + size)))
            .Concat(AwkwardSizes().Concat([1000, 4099]).Select(size => ConformanceCase<DiffusionProblem>.Of($"1D size {size}",
                () => DiffusionProblem.Random(size, steps: 25, seed: 200 + size, dims: 1))));

    protected override ConformanceCase<DiffusionProblem> SmallCase { get; } =
        ConformanceCase<DiffusionProblem>.Of("37², 5 steps", () => DiffusionProblem.Random(37, steps: 5, seed: 5));

    protected override string Snapshot(DiffusionProblem problem) =>
        $"{Fingerprint.Of(problem.Initial)} {problem.Size} {problem.Dims} {problem.Steps} {problem.Dt:R} {problem.D:R}";

    protected override IEnumerable<DiffusionSpec> BadSpecs() =>
    [
        new(0, 10, 2), new(-5, 10, 2), new(10, 0, 2), new(10, -1, 2), new(10, 10, 3), new(10, 10, 0),
        new(100_000, 10, 2), new(2_000_000_000, 10, 1),
    ];

    protected override IEnumerable<DiffusionSpec> ValidSpecs() => [DiffusionSpec.BookBenchmark, new(1, 1, 1), new(33, int.MaxValue, 1)];

    [Fact]
    public void Reference_BookBenchmark_MatchesThePeersChecksum()
    {
        DiffusionGrid grid = s_ladder.Reference.Run(s_ladder.Build(DiffusionSpec.BookBenchmark), s_context);
        Assert.Equal(BookChecksum, grid.SumOfSquares(), BookChecksum * 1e-12);
    }

    public static IEnumerable<int> AwkwardSizes() =>
        Enumerable.Range(0, 21).Concat([31, 32, 33, 63, 64, 65, 97, 127, 128, 129]);

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_OneAndThreeThreads_MatchReference(string name)
    {
        DiffusionProblem problem = DiffusionProblem.Random(67, steps: 40, seed: 3);
        DiffusionGrid reference = Reference(problem);
        Rung<DiffusionProblem, DiffusionGrid> rung = s_ladder.Find(name);
        foreach (int threads in new[] { 1, 3 })
        {
            Verification v = s_ladder.Verify(reference, rung.Run(problem, new RunContext(threads)), rung.Tolerance);
            Assert.True(v.Passed, $"{name} with {threads} threads: error {v.Error:G3} > {v.Tolerance:G3}");
        }
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_ConservesTotalHeat(string name)
    {
        // Periodic diffusion moves heat, never creates or destroys it: Σ cell is constant up to rounding.
        foreach (DiffusionProblem problem in new[]
                 {
                     DiffusionProblem.Random(97, steps: 300, seed: 11),
                     DiffusionProblem.Random(501, steps: 300, seed: 12, dims: 1),
                     s_ladder.Build(new DiffusionSpec(128, 300)),
                 })
        {
            double before = problem.CopyInitial().TotalHeat();
            double after = s_ladder.Find(name).Run(problem, s_context).TotalHeat();
            Assert.True(Math.Abs(after - before) <= 1e-12 * before, $"{name}, {problem.Dims}D {problem.Size}: Σ {before:R} → {after:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_AnswerSurvivesARunOnAnotherProblem(string name)
    {
        // Rungs that keep their buffers lend one as the answer: it must not change until the rung's next run, and a
        // run of another shape must not touch it.
        Rung<DiffusionProblem, DiffusionGrid> rung = s_ladder.Find(name);
        DiffusionProblem problem = DiffusionProblem.Random(30, steps: 4, seed: 21);
        DiffusionGrid answer = rung.Run(problem, s_context);
        double[] copy = (double[])answer.Cells.Clone();
        rung.Run(DiffusionProblem.Random(31, steps: 4, seed: 22), s_context);
        Assert.Equal(copy, answer.Cells);
    }

    /// <summary>The bench's steady state: repeated runs reuse the rung's buffers (threads allocates only Parallel.For's
    /// bookkeeping, so it is not listed).</summary>
    [Theory]
    [InlineData("inplace")]
    [InlineData("simd")]
    public async Task SteadyState_RepeatedRuns_AllocateNothing(string name)
    {
        Rung<DiffusionProblem, DiffusionGrid> rung = s_ladder.Find(name);
        DiffusionProblem problem = s_ladder.Build(new DiffusionSpec(100, 50));
        rung.Run(problem, s_context); // first run allocates the two buffers
        // What the harness times: the staged run, not its (untimed) staging.
        await using RunStage<DiffusionGrid> stage = await rung.StageAsync(problem, s_context);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ValueTask<DiffusionGrid> run = stage.RunAsync(CancellationToken.None);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(0, allocated);
    }

    public static TheoryData<SimdWidth> Widths() => new(SimdWidths.Supported);

    /// <summary>The fallback widths never run as a rung on an AVX-512 machine, so they are tested here directly.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Kernel_EveryWidth_IsBitIdenticalToTheReference(SimdWidth width)
    {
        foreach (int dims in new[] { 1, 2 })
        {
            for (int size = 1; size <= 40; size++)
            {
                DiffusionProblem problem = DiffusionProblem.Random(size, steps: 6, seed: 300 + size, dims: dims);
                double[] cells = DiffusionKernel.Evolve((double[])problem.Initial.Clone(), new double[problem.Initial.Length],
                    size, dims, problem.K, problem.Steps, threads: 1, width);
                Assert.Equal(0, new DiffusionGrid(cells, size, dims).RelativeErrorAgainst(Reference(problem)));
            }
        }
    }

    /// <summary>
    /// Temporal blocking at plans the cache size never picks on this machine: bands of 1…7 rows (an uneven last band,
    /// halos taller than the grid), 2…8 steps a chunk with a shorter last chunk, 1 and 3 workers — bit-identical to
    /// the reference.
    /// </summary>
    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(3, 3, 1)]
    [InlineData(5, 8, 3)]
    [InlineData(7, 4, 3)]
    [InlineData(2, 8, 1)]
    public void Tiles_AnyPlan_IsBitIdenticalToTheReference(int bandRows, int fused, int workers)
    {
        var workspace = new TemporalTiles.Workspace();
        foreach (int size in new[] { 1, 2, 3, 9, 17, 40 })
        {
            DiffusionProblem problem = DiffusionProblem.Random(size, steps: 11, seed: 400 + size);
            double[] cells = TemporalTiles.Evolve((double[])problem.Initial.Clone(), new double[problem.Initial.Length],
                size, problem.K, problem.Steps, workers, SimdWidths.Best, new TemporalTiles.Plan(bandRows, fused), workspace);
            Assert.Equal(0, new DiffusionGrid(cells, size, 2).RelativeErrorAgainst(Reference(problem)));
        }
    }

    [Fact]
    public void Tiles_Plan_FitsTheCacheAndLeavesEveryWorkerABand()
    {
        // 640² in 512 KiB: a band (two copies, with halo) of at most 51 rows; 8 steps would leave 35 < 6·8 rows, so fewer.
        TemporalTiles.Plan plan = TemporalTiles.For(640, 2, 500, workers: 2, cacheBytes: 512 * 1024);
        Assert.True(plan.Tiled);
        Assert.True(2L * (plan.Rows + 2 * plan.Steps) * 640 * sizeof(double) <= 512 * 1024, plan.ToString());
        Assert.True(plan.Rows >= 6 * plan.Steps, plan.ToString());
        Assert.True(TemporalTiles.For(40, 2, 500, workers: 4, cacheBytes: 512 * 1024).Rows <= 10);
        Assert.False(TemporalTiles.For(640, 1, 500, 1, 512 * 1024).Tiled);        // 1D: not tiled
        Assert.False(TemporalTiles.For(640, 2, 1, 1, 512 * 1024).Tiled);          // one step: nothing to fuse
        Assert.False(TemporalTiles.For(128, 2, 500, 1, 512 * 1024).Tiled);        // one worker, both grids in the cache
        Assert.True(TemporalTiles.For(128, 2, 500, 2, 512 * 1024).Tiled);         // two workers: fewer barriers
        Assert.False(TemporalTiles.For(100_000, 2, 500, 1, 512 * 1024).Tiled);    // a row longer than the cache
    }

    [Fact]
    public void Kernel_EmptyGrid_DoesNothing()
    {
        DiffusionKernel.StepRows([], [], size: 0, dims: 1, k: 0.1, rowStart: 0, rowEnd: 1, SimdWidths.Best);
        DiffusionKernel.StepRows([], [], size: 0, dims: 2, k: 0.1, rowStart: 0, rowEnd: 0, SimdWidths.Best);
    }

    [Fact]
    public void Verify_DetectsAWrongAnswer()
    {
        DiffusionProblem problem = DiffusionProblem.Random(16, steps: 3, seed: 9);
        DiffusionGrid good = Reference(problem);
        DiffusionGrid bad = problem.CopyInitial(); // not evolved at all
        Assert.True(s_ladder.Verify(good, good, 0).Passed);
        Assert.False(s_ladder.Verify(good, bad, 1e-12).Passed);
        bad.Cells[3] = double.NaN;
        Assert.False(s_ladder.Verify(good, bad, double.MaxValue).Passed);
    }

    private static DiffusionGrid Reference(DiffusionProblem problem) => s_ladder.Reference.Run(problem, s_context);
}
