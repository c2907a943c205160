using HyperSharp.Harness;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Norm;
using HyperSharp.Tests.Cli;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Norm;

/// <summary>
/// Every norm rung (HYPERSHARP_RUNG narrows it to one) against the reference: array and linq bit-identical (the same
/// order), the others within one unit of (n + 1)·ε·Σ (<see cref="NormResult.ErrorAgainst"/>) at awkward sizes.
/// </summary>
public sealed class NormConformanceTests : LadderConformance<NormSpec, NormProblem, NormResult>
{
    private static readonly NormLadder s_ladder = Catalog.Norm;

    protected override NormLadder Ladder => s_ladder;

    /// <summary>The book's size, and a vector whose answer is known exactly: 1, 2, …, 100 → Σk² = 338 350.</summary>
    protected override IEnumerable<ConformanceCase<NormProblem>> GoldenCases() =>
        [FromSpec(NormSpec.BookExample), ConformanceCase<NormProblem>.Of("1..100", () => new NormProblem([.. Enumerable.Range(1, 100).Select(k => (double)k)]))];

    /// <summary>0, 1, around every register width and the 4-accumulator stride, around a chunk, many chunks; 1 to 5 threads.</summary>
    protected override IEnumerable<ConformanceCase<NormProblem>> RandomCases(Rung<NormProblem, NormResult> rung)
    {
        int[] sizes = [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 65, 1_000, NormThreads.ChunkSize - 1, NormThreads.ChunkSize, NormThreads.ChunkSize + 1, 5 * NormThreads.ChunkSize + 3];
        return sizes.Select((n, i) => ConformanceCase<NormProblem>.Of($"{n} elements, {1 + i % 5} threads",
            () => new NormProblem(UniformStream.Doubles(n, 100 + i)), new RunContext(1 + i % 5)));
    }

    protected override ConformanceCase<NormProblem> SmallCase { get; } =
        ConformanceCase<NormProblem>.Of("10,001 elements", () => new NormProblem(UniformStream.Doubles(10_001, 5)));

    protected override string Snapshot(NormProblem problem) => Fingerprint.Of(problem.Values).Hex;

    protected override IEnumerable<NormSpec> BadSpecs() =>
        [new(0), new(-1), new((long)Array.MaxLength + 1), new(1000, -1), new(1000, 1L << 31)];

    protected override IEnumerable<NormSpec> ValidSpecs() => [NormSpec.BookExample, new(1, 0), new(12_345, int.MaxValue)];

    protected override void CheckAnswer(Rung<NormProblem, NormResult> rung, NormProblem problem, NormResult answer, string what) =>
        Assert.Equal(problem.Count, answer.Count);

    [Fact]
    public void Golden_OneToHundred_IsExact()
    {
        var problem = new NormProblem([.. Enumerable.Range(1, 100).Select(k => (double)k)]);
        foreach (Rung<NormProblem, NormResult> rung in s_ladder.Selected)
            Assert.Equal(338_350, rung.Run(problem, RunContext.Default).SumOfSquares);
    }

    [Fact]
    public void IndexOrderRungs_AreBitIdenticalToTheReference()
    {
        var problem = new NormProblem(UniformStream.Doubles(100_003, 9));
        double reference = s_ladder.Reference.Run(problem, RunContext.Default).SumOfSquares;
        Assert.Equal(reference, s_ladder.Find("array").Run(problem, RunContext.Default).SumOfSquares);
        Assert.Equal(reference, s_ladder.Find("linq").Run(problem, RunContext.Default).SumOfSquares);
    }

    public static TheoryData<SimdWidth> Widths() => new(SimdWidths.Supported);

    /// <summary>The fallback widths never run as a rung on an AVX-512 machine, so they are tested here directly.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Kernel_EveryWidth_WithinTheOrderBound(SimdWidth width)
    {
        for (int n = 0; n <= 70; n++)
        {
            double[] v = UniformStream.Doubles(n, 300 + n);
            var reference = new NormResult(v.Sum(x => x * x), n);
            var got = new NormResult(NormKernel.SumOfSquares(v, width), n);
            Assert.True(got.ErrorAgainst(reference) <= NormLadder.OrderTolerance, $"{width}, n = {n}");
        }
    }

    [Fact]
    public void Threads_AnswerDoesNotDependOnTheThreadCount()
    {
        var problem = new NormProblem(UniformStream.Doubles(7 * NormThreads.ChunkSize + 11, 3));
        Rung<NormProblem, NormResult> rung = s_ladder.Find("threads");
        double one = rung.Run(problem, new RunContext(1)).SumOfSquares;
        foreach (int t in new[] { 2, 3, 8 })
            Assert.Equal(one, rung.Run(problem, new RunContext(t)).SumOfSquares);
    }

    [Fact]
    public void Verify_DetectsAWrongAnswer()
    {
        var good = new NormResult(1000, 1000);
        Assert.True(s_ladder.Verify(good, good, 0).Passed);
        Assert.False(s_ladder.Verify(good, new NormResult(1000 * (1 + 1e-9), 1000), NormLadder.OrderTolerance).Passed);
        Assert.False(s_ladder.Verify(good, new NormResult(double.NaN, 1000), double.MaxValue).Passed);
        Assert.False(s_ladder.Verify(good, new NormResult(1000, 999), double.MaxValue).Passed);
    }

    [Fact]
    public void UniformStream_IsInMinusOneToOneAndTheSameInChunks()
    {
        double[] all = UniformStream.Doubles(200_000, 17);
        Assert.All(all, x => Assert.InRange(x, -1.0, Math.BitDecrement(1.0)));
        var tail = new double[1000];
        UniformStream.Fill(tail, 17, 150_000);
        Assert.Equal(all.AsSpan(150_000, 1000).ToArray(), tail);
    }

    [Fact]
    public void Run_CountTooLargeForMemory_RefusedInOneLineBeforeAllocating()
    {
        // A 1 GiB heap limit makes 10⁹ elements (16 GB with the reference's list) too large on any machine.
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" },
            "run", "norm", "--rung", "simd", "--count", "1000000000");
        Assert.Equal(2, o.ExitCode);
        string last = o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("hyper: error: count", last);
    }
}
