using HyperSharp.Harness;
using HyperSharp.Julia;
using HyperSharp.Ladder;
using HyperSharp.Native;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Native;

/// <summary>
/// The interop ladder: every granularity of call (grid, row, point, point without the GC transition) must give the
/// managed loop's counts exactly, on the book's grid and on awkward widths and iteration limits. Native rungs are rows
/// here only where libhyperpeers.so loads (<see cref="NativeTests"/> fails where CI requires it).
/// </summary>
public sealed class InteropConformanceTests : LadderConformance<JuliaSpec, JuliaProblem, JuliaImage>
{
    private static readonly InteropLadder s_ladder = Catalog.Interop;

    protected override InteropLadder Ladder => s_ladder;

    protected override IEnumerable<ConformanceCase<JuliaProblem>> GoldenCases() => [FromSpec(JuliaSpec.BookBenchmark)];

    protected override IEnumerable<ConformanceCase<JuliaProblem>> RandomCases(Rung<JuliaProblem, JuliaImage> rung)
    {
        int[] widths = [1, 2, 3, 7, 17, 33, 100];
        int[] maxIters = [1, 2, 50, 1000];
        return widths.SelectMany(width => maxIters.Select(maxIter => FromSpec(new JuliaSpec(width, maxIter))));
    }

    protected override ConformanceCase<JuliaProblem> SmallCase => FromSpec(new JuliaSpec(40, 100));

    protected override string Snapshot(JuliaProblem problem) => $"{Fingerprint.Of(problem.Xs, problem.Ys)} {problem.MaxIter}";

    protected override IEnumerable<JuliaSpec> BadSpecs() =>
        [new(0, 300), new(-5, 300), new(JuliaLadder.MaxWidth + 1, 300), new(100, 0), new(100, -1)];

    protected override IEnumerable<JuliaSpec> ValidSpecs() => [JuliaSpec.BookBenchmark, new(1, 1), new(999, int.MaxValue)];

    [Fact]
    public void Ladder_ManagedFirst_ThenCoarsestToFinestCalls()
    {
        Assert.Equal(["managed", "native-grid", "native-row", "native-point", "native-point-nogc"], s_ladder.Rungs.Select(r => r.Name));
        Assert.Equal(RungKind.Reference, s_ladder.Reference.Kind);
        Assert.All(s_ladder.Rungs.Skip(1), r => Assert.Equal(RungKind.Compiled, r.Kind));
        Assert.Contains(s_ladder, Catalog.Ladders);
    }

    [Fact]
    public void Calls_CountTheCrossingsOfOneRun()
    {
        JuliaProblem problem = s_ladder.Build(new JuliaSpec(17, 10)); // 18 × 18 points
        Assert.Equal([0L, 1, 18, 324, 324], InteropLadder.InteropRungs.Select(r => r.Calls(problem)));
        Assert.Equal(324, InteropLadder.InteropRungs[3].Calls(18));
    }

    [Fact]
    public void Crossing_MakesEveryManagedCall() => Crossing_MakesEveryCall(InteropCrossing.Target.Managed);

    [NativeTheory]
    [InlineData(InteropCrossing.Target.Native)]
    [InlineData(InteropCrossing.Target.NativeNoTransition)]
    public void Crossing_MakesEveryCall(InteropCrossing.Target target)
    {
        // Each call returns the kernel ABI version, so the sum counts the calls that were made.
        Assert.Equal(0, InteropCrossing.Call(target, 0));
        Assert.Equal(12_345L * InteropCrossing.Call(target, 1), InteropCrossing.Call(target, 12_345));
        Assert.True(InteropCrossing.Call(target, 1) > 0);
    }

    [NativeFact]
    public void CrossingPrice_IsMeasuredForEveryTarget()
    {
        var prices = HyperSharp.Harness.Native.InteropCost.MeasureCrossing();
        Assert.Equal(Enum.GetValues<InteropCrossing.Target>(), prices.Keys.Order());
        Assert.All(prices.Values, p => Assert.True(p.Min > 0 && p.Min <= p.Median && p.Median <= p.Max && p.Count == 11, p.ToString()));
    }

    [Theory]
    [InlineData(1.0e-3, 1001, 1.0e-4, 9.0e-7)]   // 1000 extra calls cost 0.9 ms: 900 ns each
    [InlineData(1.0e-4, 1001, 1.0e-4, 0)]
    public void SecondsPerCall_IsTheExtraTimeOverTheExtraCalls(double seconds, long calls, double oneCall, double expected) =>
        Assert.Equal(expected, InteropLadder.SecondsPerCall(seconds, calls, oneCall)!.Value, 12);

    [Fact]
    public void SecondsPerCall_UndefinedBelowTwoCalls()
    {
        Assert.Null(InteropLadder.SecondsPerCall(1, 1, 1));
        Assert.Null(InteropLadder.SecondsPerCall(1, 0, 1));
    }

    /// <summary>The bench's note: one line per spec with the price of each crossing (the library is needed to measure it).</summary>
    [NativeFact]
    public void Bench_PrintsThePricePerCall()
    {
        Cli.Hyper.Outcome o = Cli.Hyper.Run("bench", "interop", "--widths", "20", "--maxiters", "1,50");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("One crossing, measured after the bench", o.Stdout);
        Assert.Matches(@"\[LibraryImport\] \+ \[SuppressGCTransition\]\s+[0-9.]+ ns \[[0-9.]+ ns-[0-9.]+ ns\]", o.Stdout);
        string[] lines = o.Stdout.Split('\n');
        int header = Array.FindIndex(lines, l => l.Contains("C work/point", StringComparison.Ordinal));
        Assert.True(header > 0, o.Stdout);
        Assert.Contains("point share", lines[header]);
        // width, maxiter, work per point, work per row, three shares, the cross-check from medians
        Assert.Matches(@"^\s+20\s+1\s+[0-9.]+ ns\s+[0-9.]+ ns\s+[0-9.,]+ %\s+[0-9,]+ %\s+[0-9,]+ %\s+-?[0-9.]+ ns", lines[header + 1]);
        Assert.Matches(@"^\s+20\s+50\s+[0-9.]+ ns\s+[0-9.]+ ns", lines[header + 2]);
    }
}
