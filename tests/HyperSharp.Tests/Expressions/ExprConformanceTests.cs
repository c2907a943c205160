using HyperSharp.Expressions;
using HyperSharp.Harness;
using HyperSharp.Harness.Expressions;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Expressions;

/// <summary>
/// Every expr rung (HYPERSHARP_RUNG narrows it to one) against the interpreter, bit for bit (0 ulp): expressions that
/// use every operator and function, at 0, 1, around every register width and a block, in float64 and float32, on 1 to 3 threads.
/// </summary>
public sealed class ExprConformanceTests : LadderConformance<ExprSpec, ExprProblem, ExprResult>
{
    private static readonly ExprLadder s_ladder = Catalog.Expr;

    /// <summary>Between them, every operator and function, comparisons of each kind, literals and nesting.</summary>
    public static readonly string[] Expressions =
    [
        ExprSpec.DefaultExpression,
        ExprSpec.FourOperations,
        "where(x > 0, sqrt(x), -log(abs(y) + 1e-3))",
        "min(x, y) - max(x, z) / (x - y)",
        "pow(abs(x), y) + exp(x) * 2.5",
        "where(x <= y, x, y) + where(x != y, 1, 0) - where(x >= z, z, 0.5) * where(y < z, 2, 3) + where(x == x, -x, 0)",
        "x",
        "-(-x) / 3 + 1 * 2",
    ];

    private static readonly int B = CompiledExpression<double>.BlockSize;
    private static readonly int[] s_sizes = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 100, B - 1, B, B + 1, 3 * B + 5];

    protected override ExprLadder Ladder => s_ladder;

    /// <summary>The default spec, and a case whose answer is known: x·y + z·w + 1 on small integers.</summary>
    protected override IEnumerable<ConformanceCase<ExprProblem>> GoldenCases() =>
    [
        ConformanceCase<ExprProblem>.Of("default expression, 10,000 elements", () => ExprProblem.Of(new ExprSpec(ExprSpec.DefaultExpression, 10_000))),
        ConformanceCase<ExprProblem>.Of("x*y + z*w + 1 on 1..4", () => ExprProblem.Of(ArrayExpression.Parse(ExprSpec.FourOperations),
            [1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16])),
    ];

    protected override IEnumerable<ConformanceCase<ExprProblem>> RandomCases(Rung<ExprProblem, ExprResult> rung) =>
        Expressions.SelectMany((text, e) => s_sizes.Where((_, k) => (k + e) % 3 == 0 || s_sizes[k] >= B - 1).SelectMany((n, k) =>
            new[] { ExprSpec.Float64, ExprSpec.Float32 }.Select(dtype =>
                ConformanceCase<ExprProblem>.Of($"{text}, {n} elements, {dtype}, {1 + (e + k) % 3} threads",
                    () => ExprProblem.Random(ArrayExpression.Parse(text), n, dtype, 10 + e), new RunContext(1 + (e + k) % 3)))));

    protected override ConformanceCase<ExprProblem> SmallCase { get; } =
        ConformanceCase<ExprProblem>.Of("default expression, 1,001 elements", () => ExprProblem.Of(new ExprSpec(ExprSpec.DefaultExpression, 1001)));

    protected override string Snapshot(ExprProblem problem) =>
        problem.Dtype == ExprSpec.Float32
            ? Fingerprint.Of(problem.Arrays.Cast<float[]>().ToArray()).Hex
            : Fingerprint.Of(problem.Arrays.Cast<double[]>().ToArray()).Hex;

    protected override IEnumerable<ExprSpec> BadSpecs() =>
    [
        new("sqrt(x", 10), new("x +", 10), new("", 10), new("x < y", 10), new("foo(x)", 10), new("x", -1),
        new("x", ExprLadder.MaxCount + 1), new("x", 10, "float16"), new("x", 10, ExprSpec.Float64, -1),
    ];

    protected override IEnumerable<ExprSpec> ValidSpecs() =>
        [new(ExprSpec.DefaultExpression, 1000), new("x", 0), new(ExprSpec.FourOperations, 17, ExprSpec.Float32, int.MaxValue)];

    protected override void CheckAnswer(Rung<ExprProblem, ExprResult> rung, ExprProblem problem, ExprResult answer, string what)
    {
        Assert.Equal(problem.N, answer.Values.Length);
        Assert.Equal(problem.Dtype == ExprSpec.Float32 ? typeof(float[]) : typeof(double[]), answer.Values.GetType());
    }

    [Fact]
    public void Golden_FourOperations_IsExact()
    {
        ExprProblem problem = ExprProblem.Of(ArrayExpression.Parse(ExprSpec.FourOperations), [1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]);
        // Arrays in name order: w, x, y, z; x·y + z·w + 1 = 5·9 + 13·1 + 1 = 59, 6·10 + 14·2 + 1 = 89, ….
        foreach (Rung<ExprProblem, ExprResult> rung in s_ladder.Selected)
            Assert.Equal(new double[] { 59, 89, 123, 161 }, (double[])rung.Run(problem, RunContext.Default).Values);
    }

    /// <summary>The specials of IEEE 754 in every operand position: each rung gives the interpreter's bits, and the interpreter IEEE's.</summary>
    [Theory]
    [InlineData("x + y", new[] { double.NaN, double.NaN, double.PositiveInfinity, -1.0, double.NaN })]
    [InlineData("x / y", new[] { double.NaN, double.NaN, double.NaN, double.NegativeInfinity, double.NaN })]
    [InlineData("min(x, y)", new[] { double.NaN, double.NaN, double.PositiveInfinity, -0.0, double.NaN })]
    [InlineData("max(x, y)", new[] { double.NaN, double.NaN, double.PositiveInfinity, 0.0, double.NaN })]
    [InlineData("where(x > y, 1, 2)", new[] { 2.0, 2, 2, 2, 2 })]
    [InlineData("where(x != y, 1, 2)", new[] { 1.0, 1, 2, 1, 1 })]
    [InlineData("sqrt(x) + log(y) * 0", new[] { double.NaN, double.NaN, double.NaN, double.NaN, double.NaN })]
    [InlineData("exp(x) + abs(y)", new[] { double.NaN, double.NaN, double.PositiveInfinity, 0.36787944117144233, double.NaN })]
    public void SpecialValues_PropagateInEveryRung(string text, double[] expected)
    {
        // x: NaN, 1, +inf, -1, NaN;  y: 1, NaN, +inf, +0, NaN (then the same again past a register's width).
        double[] x = [double.NaN, 1, double.PositiveInfinity, -1, double.NaN];
        double[] y = [1, double.NaN, double.PositiveInfinity, 0.0, double.NaN];
        if (text.StartsWith("min") || text.StartsWith("max"))
            (x[3], y[3]) = (-0.0, 0.0);
        double[] Repeat(double[] v) => [.. Enumerable.Repeat(v, 7).SelectMany(a => a)];
        ExprProblem problem = ExprProblem.Of(ArrayExpression.Parse(text), Repeat(x), Repeat(y));
        ExprResult reference = s_ladder.Reference.Run(problem, RunContext.Default);
        // Bits, not values: −0 differs from +0 here (min(−0, +0) is −0), and any NaN is a NaN.
        static string Bits(double v) => double.IsNaN(v) ? "NaN" : BitConverter.DoubleToInt64Bits(v).ToString("x");
        Assert.Equal(Repeat(expected).Select(Bits), ((double[])reference.Values).Select(Bits));
        foreach (Rung<ExprProblem, ExprResult> rung in s_ladder.Selected)
            Assert.Equal(0, rung.Run(problem, new RunContext(2)).UlpsFrom(reference));
    }

    public static TheoryData<ExpressionWidth> Widths() => new(ExpressionWidths.Supported);

    /// <summary>The narrower widths never run as a rung on an AVX-512 machine, so each is run here, in both types.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Kernel_EveryWidth_GivesTheInterpretersBits(ExpressionWidth width)
    {
        foreach (string text in Expressions)
        {
            ArrayExpression e = ArrayExpression.Parse(text);
            foreach (int n in new[] { 0, 1, 3, 15, 17, 33, 100 })
            {
                foreach (string dtype in new[] { ExprSpec.Float64, ExprSpec.Float32 })
                {
                    ExprProblem p = ExprProblem.Random(e, n, dtype, n);
                    ExprResult reference = s_ladder.Reference.Run(p, RunContext.Default);
                    Array got;
                    if (dtype == ExprSpec.Float32)
                    {
                        var d = new float[n];
                        e.Compile<float>(width).Evaluate(d, p.ArraysOf<float>());
                        got = d;
                    }
                    else
                    {
                        var d = new double[n];
                        e.Compile<double>(width).Evaluate(d, p.ArraysOf<double>());
                        got = d;
                    }
                    Assert.True(new ExprResult(got).UlpsFrom(reference) == 0, $"{width}, {text}, n = {n}, {dtype}");
                }
            }
        }
    }

    [Fact]
    public void Threads_AnswerDoesNotDependOnTheThreadCount()
    {
        ExprProblem problem = ExprProblem.Random(ArrayExpression.Parse(ExprSpec.DefaultExpression), 7 * CompiledExpression<double>.BlockSize + 11, ExprSpec.Float64, 3);
        Rung<ExprProblem, ExprResult> rung = s_ladder.Find("threads");
        string one = s_ladder.Fingerprint(rung.Run(problem, new RunContext(1)))!.Value.Hex;
        foreach (int t in new[] { 2, 3, 8 })
            Assert.Equal(one, s_ladder.Fingerprint(rung.Run(problem, new RunContext(t)))!.Value.Hex);
    }

    [Fact]
    public void Verify_DetectsAWrongAnswer()
    {
        var good = new ExprResult(new double[] { 1, 2, double.NaN, double.PositiveInfinity });
        Assert.True(s_ladder.Verify(good, good, 0).Passed);
        Assert.False(s_ladder.Verify(good, new ExprResult(new double[] { 1, Math.BitIncrement(2.0), double.NaN, double.PositiveInfinity }), ExprLadder.UlpTolerance).Passed);
        Assert.True(s_ladder.Verify(good, new ExprResult(new double[] { 1, Math.BitIncrement(2.0), double.NaN, double.PositiveInfinity }), 1).Passed);
        Assert.False(s_ladder.Verify(good, new ExprResult(new double[] { 1, 2, 0, double.PositiveInfinity }), double.MaxValue).Passed);
        Assert.False(s_ladder.Verify(good, new ExprResult(new double[] { 1, 2, double.NaN, double.NegativeInfinity }), double.MaxValue).Passed);
        Assert.False(s_ladder.Verify(good, new ExprResult(new float[] { 1, 2, float.NaN, float.PositiveInfinity }), double.MaxValue).Passed);
        Assert.Equal(0, ExprResult.Ulps(0.0, -0.0));
        Assert.Equal(2, ExprResult.Ulps(-double.Epsilon, double.Epsilon));
        Assert.Equal(1, ExprResult.Ulps(1f, MathF.BitIncrement(1f)));
    }

    [Fact]
    public void Unfused_WritesOneArrayPerOperationYetTheSameBits()
    {
        // x*y + z*w + 1: three array operations (the + 1 is on an array too), so three temporaries of n elements
        // (the last one is the destination), as NumPy makes.
        ArrayExpression e = ArrayExpression.Parse(ExprSpec.FourOperations);
        ExprProblem p = ExprProblem.Random(e, 100_000, ExprSpec.Float64, 1);
        var d = new double[p.N];
        e.EvaluateUnfused<double>(d, p.ArraysOf<double>());
        long before = GC.GetAllocatedBytesForCurrentThread();
        e.EvaluateUnfused<double>(d, p.ArraysOf<double>());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.InRange(allocated, 3L * p.N * sizeof(double), 3L * p.N * sizeof(double) + 64 * 1024);
        Assert.Equal(0, new ExprResult(d).UlpsFrom(s_ladder.Reference.Run(p, RunContext.Default)));
    }

    [Theory]
    [InlineData("sqrt(x", 7, "missing ')'")]
    [InlineData("x + ", 5, "the expression ends where an operand was expected")]
    [InlineData("x * (y + )", 10, "expected a number, a name or '(', found ')'")]
    [InlineData("x ** 2", 3, "no '**' operator: write pow(a, b)")]
    [InlineData("foo(x)", 1, "unknown function 'foo'")]
    [InlineData("pow(x)", 1, "pow takes 2 arguments, not 1")]
    [InlineData("x < y", 3, "the expression is a comparison")]
    [InlineData("x + (y > 1)", 8, "a comparison is true or false")]
    [InlineData("where(x, 1, 2)", 7, "where's first argument must be a comparison")]
    [InlineData("x < y < z", 7, "comparisons do not chain")]
    [InlineData("x = y", 3, "unknown operator '='")]
    [InlineData("2x", 2, "a name cannot start right after the number '2'")]
    [InlineData("1e+", 2, "an exponent needs digits")]
    [InlineData("x $ y", 3, "unexpected '$'")]
    [InlineData("sqrt + 1", 1, "'sqrt' is a function")]
    [InlineData("   ", 1, "the expression is empty")]
    [InlineData("a+b+c+d+e+f+g+h+i", 17, "more than 8 arrays")]
    public void Parse_Fault_NamesItsColumn(string text, int column, string reason)
    {
        var e = Assert.Throws<ExpressionException>(() => ArrayExpression.Parse(text));
        Assert.Equal(column, e.Column);
        Assert.StartsWith(reason, e.Reason);
        Assert.StartsWith($"column {column}: ", e.Message);
    }

    [Fact]
    public void Library_SpansAndScalars()
    {
        ArrayExpression e = ArrayExpression.Parse("where(x > t, x * k, 0)", ["t", "k"]);
        Assert.Equal(["x"], e.Arrays);
        Assert.Equal(["t", "k"], e.Scalars);
        Assert.Equal(3, e.Operations);
        var out32 = new float[3];
        e.Compile<float>().Evaluate(out32, [new float[] { 0.25f, 0.75f, 1 }], [0.5f, 2f], threads: 2);
        Assert.Equal(new float[] { 0, 1.5f, 2 }, out32);

        CompiledExpression<double> f = ArrayExpression.Parse("sqrt(x*x + y*y)").Compile<double>();
        var out64 = new double[2];
        f.Evaluate(out64, new double[] { 3, 5 }, new double[] { 4, 12 });
        Assert.Equal(new double[] { 5, 13 }, out64);
        Assert.Throws<ArgumentException>(() => f.Evaluate(out64, new double[] { 3, 5 }));
        Assert.Throws<ArgumentException>(() => f.Evaluate(out64, new double[] { 3, 5 }, new double[] { 4 }));
        Assert.Throws<ArgumentException>(() => e.Compile<double>().Evaluate(new double[1], [new double[1]], [1.0]));
        Assert.Throws<ArgumentException>(() => ArrayExpression.Parse("x", ["sqrt"]));
    }

    [Fact]
    public void Cli_ParseError_IsOneLineWithTheColumn()
    {
        Hyper.Outcome o = Hyper.Run("expr", "sqrt(x*x + y*y", "--n", "10");
        Assert.Equal(2, o.ExitCode);
        Assert.Equal("hyper: error: expression 'sqrt(x*x + y*y': column 15: missing ')' of sqrt(", o.Stderr.Trim());
    }

    [Fact]
    public void Cli_Expr_RunsAndVerifies()
    {
        Hyper.Outcome o = Hyper.Run("expr", ExprSpec.FourOperations, "--n", "1000", "--dtype", "float32", "--rung", "fused-simd");
        Assert.Equal(0, o.ExitCode);
        Assert.Contains("expr/fused-simd", o.Stdout);
        Assert.Contains("verified (against reference): max ulps = 0 ≤ 0", o.Stdout);
    }

    [Fact]
    public void Run_CountTooLargeForMemory_RefusedInOneLineBeforeAllocating()
    {
        // A 1 GiB heap limit makes 10⁹ elements (8 GB an array) too large on any machine.
        Hyper.Outcome o = Hyper.RunWith(new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x40000000" },
            "expr", ExprSpec.DefaultExpression, "--n", "1000000000");
        Assert.Equal(2, o.ExitCode);
        string last = o.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("hyper: error: n 1000000000 needs about", last);
    }
}
