using System.Runtime.Intrinsics;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Matmul;
using HyperSharp.Tests.Cli;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Matmul;

/// <summary>
/// Every matmul rung (HYPERSHARP_RUNG narrows it to one) against the i-j-k reference, float64 and float32: ikj and
/// blocked bit-identical, simd and threads within one unit of K²·ε, at sizes 0, 1, around the register width and the
/// micro-tile (6 × 2 registers), non-square shapes and shapes that cross the 256-term and 96-row blocks.
/// </summary>
public sealed class MatmulConformanceTests : LadderConformance<MatmulSpec, MatmulProblem, MatmulResult>
{
    private static readonly MatmulLadder s_ladder = Catalog.Matmul;

    /// <summary>(m, k, n): empty, one, lanes ± 1, edge tiles, non-square, across Kc and Mc.</summary>
    private static readonly (int M, int K, int N)[] s_shapes =
    [
        (0, 0, 0), (0, 3, 5), (4, 0, 3), (1, 1, 1), (1, 7, 1), (2, 3, 4), (7, 7, 7), (8, 8, 8), (9, 9, 9),
        (15, 17, 16), (17, 16, 15), (6, 5, 16), (6, 5, 32), (5, 300, 33), (97, 13, 31), (13, 257, 70), (100, 100, 100), (192, 64, 65),
    ];

    protected override MatmulLadder Ladder => s_ladder;

    /// <summary>A product known by hand, in both types, and the default spec at a small size.</summary>
    protected override IEnumerable<ConformanceCase<MatmulProblem>> GoldenCases() =>
    [
        ConformanceCase<MatmulProblem>.Of("2×3 · 3×2 float64", () => new MatmulProblem(new double[] { 1, 2, 3, 4, 5, 6 }, new double[] { 7, 8, 9, 10, 11, 12 }, 2, 3, 2)),
        ConformanceCase<MatmulProblem>.Of("2×3 · 3×2 float32", () => new MatmulProblem(new float[] { 1, 2, 3, 4, 5, 6 }, new float[] { 7, 8, 9, 10, 11, 12 }, 2, 3, 2)),
        FromSpec(new MatmulSpec(64)),
    ];

    protected override IEnumerable<ConformanceCase<MatmulProblem>> RandomCases(Rung<MatmulProblem, MatmulResult> rung) =>
        s_shapes.SelectMany((s, i) => new[] { MatmulSpec.Float64, MatmulSpec.Float32 }.Select(dtype =>
            ConformanceCase<MatmulProblem>.Of($"{s.M}×{s.K}·{s.K}×{s.N} {dtype}, {1 + i % 3} threads",
                () => MatmulProblem.Random(s.M, s.K, s.N, dtype, 10 + i), new RunContext(1 + i % 3))));

    protected override ConformanceCase<MatmulProblem> SmallCase { get; } =
        ConformanceCase<MatmulProblem>.Of("37×41·41×43", () => MatmulProblem.Random(37, 41, 43, MatmulSpec.Float64, 5));

    protected override string Snapshot(MatmulProblem problem) =>
        problem.A is double[] a ? $"{Fingerprint.Of(a, (double[])problem.B)}" : $"{Fingerprint.Of((float[])problem.A, (float[])problem.B)}";

    protected override IEnumerable<MatmulSpec> BadSpecs() =>
        [new(0), new(-1), new(MatmulLadder.MaxSize + 1), new(100, "float16"), new(100, MatmulSpec.Float64, -1)];

    protected override IEnumerable<MatmulSpec> ValidSpecs() =>
        [new(1), new(100, MatmulSpec.Float32, 0), new(5000, MatmulSpec.Float32, int.MaxValue)];

    protected override void CheckAnswer(Rung<MatmulProblem, MatmulResult> rung, MatmulProblem problem, MatmulResult answer, string what)
    {
        Assert.Equal((problem.M, problem.K, problem.N), (answer.M, answer.K, answer.N));
        Assert.Equal(problem.A.GetType(), answer.C.GetType());
    }

    public static TheoryData<string> Rungs() => new(s_ladder.RunnableHere().Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_SmallProduct_IsExact(string name)
    {
        // 1·7 + 2·9 + 3·11 = 58, 64, 139, 154: small integers, exact in any order and either type.
        MatmulResult r = s_ladder.Find(name).Run(new MatmulProblem(new double[] { 1, 2, 3, 4, 5, 6 }, new double[] { 7, 8, 9, 10, 11, 12 }, 2, 3, 2), RunContext.Default);
        Assert.Equal(new double[] { 58, 64, 139, 154 }, (double[])r.C);
    }

    [Fact]
    public void LoopOrders_AreBitIdenticalToTheReference()
    {
        MatmulProblem problem = MatmulProblem.Random(70, 150, 67, MatmulSpec.Float64, 3);
        string reference = s_ladder.Fingerprint(s_ladder.Reference.Run(problem, RunContext.Default))!.Value.Hex;
        Assert.Equal(reference, s_ladder.Fingerprint(s_ladder.Find("ikj").Run(problem, RunContext.Default))!.Value.Hex);
        Assert.Equal(reference, s_ladder.Fingerprint(s_ladder.Find("blocked").Run(problem, RunContext.Default))!.Value.Hex);
    }

    /// <summary>The fallback widths never run as a rung on an AVX-512 machine, so the kernel is run at each here.</summary>
    [Theory]
    [InlineData(512)]
    [InlineData(256)]
    [InlineData(1)]
    public void Kernel_EveryWidth_WithinTheBound(int width)
    {
        if (width == 512 && !Vector512.IsHardwareAccelerated || width == 256 && !Vector256.IsHardwareAccelerated)
            return;
        foreach ((int m, int k, int n) in s_shapes)
        {
            MatmulProblem p = MatmulProblem.Random(m, k, n, MatmulSpec.Float64, 77);
            MatmulResult reference = s_ladder.Reference.Run(p, RunContext.Default);
            var c = new double[m * n];
            var a = (double[])p.A;
            var b = (double[])p.B;
            if (width == 512)
                MatmulKernel.Multiply<Vector512<double>, double, Matmul512<double>>(a, b, c, m, k, n, 2);
            else if (width == 256)
                MatmulKernel.Multiply<Vector256<double>, double, Matmul256<double>>(a, b, c, m, k, n, 2);
            else
                MatmulKernel.Multiply<double, double, MatmulScalar<double>>(a, b, c, m, k, n, 2);
            double error = new MatmulResult(c, m, k, n).ErrorAgainst(reference);
            Assert.True(error <= MatmulLadder.OrderTolerance, $"{width}-bit, {m}×{k}·{k}×{n}: {error}");
        }
    }

    [Fact]
    public void Threads_AnswerDoesNotDependOnTheThreadCount()
    {
        MatmulProblem problem = MatmulProblem.Random(300, 260, 90, MatmulSpec.Float32, 8);
        Rung<MatmulProblem, MatmulResult> rung = s_ladder.Find("threads");
        string one = s_ladder.Fingerprint(rung.Run(problem, new RunContext(1)))!.Value.Hex;
        foreach (int t in new[] { 2, 3, 7 })
            Assert.Equal(one, s_ladder.Fingerprint(rung.Run(problem, new RunContext(t)))!.Value.Hex);
    }

    [Fact]
    public void Verify_DetectsAWrongAnswer()
    {
        MatmulProblem problem = MatmulProblem.Random(20, 20, 20, MatmulSpec.Float64, 1);
        MatmulResult good = s_ladder.Reference.Run(problem, RunContext.Default);
        var wrong = (double[])((double[])good.C).Clone();
        wrong[7] += 1e-9;
        Assert.True(s_ladder.Verify(good, good, 0).Passed);
        Assert.False(s_ladder.Verify(good, good with { C = wrong }, MatmulLadder.OrderTolerance).Passed);
        wrong[7] = double.NaN;
        Assert.False(s_ladder.Verify(good, good with { C = wrong }, double.MaxValue).Passed);
        Assert.False(s_ladder.Verify(good, good with { C = Array.ConvertAll((double[])good.C, v => (float)v) }, double.MaxValue).Passed);
    }

    [Fact]
    public void Run_SizeTooLargeForMemory_RefusedInOneLineBeforeAllocating()
    {
        // A 1 GiB heap limit makes N = 40,000 (four 12.8 GB float64 matrices) too large on any machine.
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" },
            "run", "matmul", "--rung", "simd", "--size", "40000");
        Assert.Equal(2, o.ExitCode);
        string last = o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("hyper: error: size", last);
    }
}
