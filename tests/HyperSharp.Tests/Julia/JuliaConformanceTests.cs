using HyperSharp.Harness;
using HyperSharp.Julia;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Julia;

/// <summary>
/// Every registered Julia rung (HYPERSHARP_RUNG narrows it to one) against the book's checksum and against the
/// reference's counts on grids of awkward widths. Counts are integers: tolerance 0, every point equal. What every
/// ladder must do is in <see cref="LadderConformance{TSpec,TProblem,TResult}"/>.
/// </summary>
public sealed class JuliaConformanceTests : LadderConformance<JuliaSpec, JuliaProblem, JuliaImage>
{
    private static readonly JuliaLadder s_ladder = Catalog.Julia;
    private static readonly RunContext s_context = RunContext.Default;

    protected override JuliaLadder Ladder => s_ladder;

    /// <summary>The reference tests |z| &lt; 2 with Complex.Abs, the fast rungs |z|² &lt; 4: no point of the book's grid differs.</summary>
    protected override IEnumerable<ConformanceCase<JuliaProblem>> GoldenCases() => [FromSpec(JuliaSpec.BookBenchmark)];

    /// <summary>Widths around the lane counts (2, 4, 8) and the interleaved groups (6 registers: 12, 24, 48 points),
    /// widths that give one point more than asked (3, 17, 33...), and iteration limits from 1 up.</summary>
    protected override IEnumerable<ConformanceCase<JuliaProblem>> RandomCases(Rung<JuliaProblem, JuliaImage> rung)
    {
        int[] widths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 23, 24, 25, 31, 33, 47, 48, 49, 55, 56, 57, 95, 97, 100, 129];
        int[] maxIters = [1, 2, 3, 7, 50, 300];
        return widths.SelectMany(width => maxIters.Select(maxIter => FromSpec(new JuliaSpec(width, maxIter))));
    }

    protected override ConformanceCase<JuliaProblem> SmallCase => FromSpec(new JuliaSpec(40, 100));

    protected override string Snapshot(JuliaProblem problem) => $"{Fingerprint.Of(problem.Xs, problem.Ys)} {problem.MaxIter}";

    protected override IEnumerable<JuliaSpec> BadSpecs() =>
        [new(0, 300), new(-5, 300), new(JuliaLadder.MaxWidth + 1, 300), new(100, 0), new(100, -1)];

    protected override IEnumerable<JuliaSpec> ValidSpecs() => [JuliaSpec.BookBenchmark, new(1, 1), new(999, int.MaxValue)];

    public static TheoryData<string> Rungs() => new(s_ladder.RunnableHere().Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_BookCase_GivesTheBooksChecksum(string name)
    {
        JuliaProblem problem = s_ladder.Build(JuliaSpec.BookBenchmark);
        JuliaImage image = s_ladder.Find(name).Run(problem, s_context);
        Assert.Equal(1000, image.Columns);
        Assert.Equal(1000, image.Rows);
        Assert.Equal(JuliaSpec.BookChecksum, image.Sum());
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_OneThread_MatchesReference(string name)
    {
        JuliaProblem problem = s_ladder.Build(new JuliaSpec(257, 1000));
        Rung<JuliaProblem, JuliaImage> rung = s_ladder.Find(name);
        Verification v = s_ladder.Verify(Reference(problem), rung.Run(problem, new RunContext(1)), rung.Tolerance);
        Assert.True(v.Passed, $"{name} with 1 thread: {v.Error} points differ");
    }

    /// <summary>Sums of counts printed by the book's pure Python (CPython 3.11) on the same grids.</summary>
    [Theory]
    [InlineData(1, 300, 0)]
    [InlineData(2, 300, 302)]
    [InlineData(3, 300, 26)]
    [InlineData(7, 5, 106)]
    [InlineData(17, 57, 2_680)]
    [InlineData(33, 300, 35_108)]
    [InlineData(100, 300, 334_236)]
    [InlineData(1001, 300, 33_322_084)]
    public void Reference_SmallGrids_MatchThePythonBook(int width, int maxIter, long pythonSum)
    {
        Assert.Equal(pythonSum, Reference(s_ladder.Build(new JuliaSpec(width, maxIter))).Sum());
    }

    [Fact]
    public void BookGrid_ReproducesTheBooksRepeatedAddition()
    {
        (double[] xs, double[] ys) = JuliaProblem.BookGrid(3);
        // Python: [-1.8, -0.6000000000000001, 0.5999999999999999, 1.7999999999999998], a fourth point for width 3.
        Assert.Equal([-1.8, -0.6000000000000001, 0.5999999999999999, 1.7999999999999998], xs);
        Assert.Equal([1.8, 0.6000000000000001, -0.5999999999999999, -1.7999999999999998], ys);
        Assert.Equal(1000, JuliaProblem.PointsAlong(1000));
        Assert.Equal(18, JuliaProblem.PointsAlong(17));
        Assert.Equal(1002, JuliaProblem.PointsAlong(1001));
    }

    public static TheoryData<SimdWidth> Widths() => new(SimdWidths.Supported);

    /// <summary>The fallback widths never run as a rung on an AVX-512 machine, so they are tested here directly.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Kernel_EveryWidth_MatchesReference(SimdWidth width)
    {
        foreach (int w in new[] { 1, 2, 3, 5, 6, 7, 8, 9, 11, 12, 13, 17, 23, 24, 25, 31, 33, 47, 48, 49, 65, 97, 130 })
        {
            JuliaProblem problem = s_ladder.Build(new JuliaSpec(w, 200));
            JuliaImage image = JuliaImage.For(problem);
            for (int row = 0; row < problem.Rows; row++)
                JuliaKernel.Row(problem.Xs, problem.Ys[row], problem.MaxIter,
                    image.Counts.AsSpan(row * problem.Columns, problem.Columns), width);
            Assert.Equal(0, image.DifferencesFrom(Reference(problem)));
        }
    }

    [Fact]
    public void Work_IsTheSumOfCounts_AndShrinkToStaysUnderTheLimit()
    {
        var spec = new JuliaSpec(300, 300);
        long sum = Reference(s_ladder.Build(spec)).Sum();
        Assert.Equal(sum, s_ladder.Work(spec));
        JuliaSpec smaller = s_ladder.ShrinkTo(spec, sum / 10.0);
        Assert.True(smaller.Width < spec.Width);
        Assert.True(s_ladder.Work(smaller) <= sum / 10.0);
        Assert.Equal(spec.MaxIter, smaller.MaxIter);
        Assert.Same(spec, s_ladder.ShrinkTo(spec, sum));
    }

    [Fact]
    public void Verify_DetectsAWrongAnswer()
    {
        JuliaProblem problem = s_ladder.Build(new JuliaSpec(20, 50));
        JuliaImage good = Reference(problem);
        Assert.True(s_ladder.Verify(good, good, 0).Passed);
        var bad = good with { Counts = (int[])good.Counts.Clone() };
        bad.Counts[7]++;
        Verification v = s_ladder.Verify(good, bad, 0);
        Assert.False(v.Passed);
        Assert.Equal(1, v.Error);
        Assert.False(s_ladder.Verify(good, new JuliaImage(19, 21, new int[19 * 21]), double.MaxValue).Passed);
    }

    private static JuliaImage Reference(JuliaProblem problem) => s_ladder.Reference.Run(problem, s_context);
}
