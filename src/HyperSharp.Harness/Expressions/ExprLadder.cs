using HyperSharp.Expressions;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Expressions;

/// <summary>
/// A fused element-wise expression over arrays (Gorelick ch. 6's numexpr lesson; Lanaro ch. 7's compiled Theano
/// expressions): from an interpreter walking the tree per element, through NumPy's one temporary array per operation,
/// to one compiled pass — scalar, SIMD, then over every core. Work is counted in elements. Every rung computes each
/// element with the reference's own correctly rounded operations (exp, log and pow lane by lane with the same
/// functions), so every rung must equal the reference bit for bit: the bound is <see cref="UlpTolerance"/> = 0 ulp.
/// </summary>
public sealed class ExprLadder() : Ladder<ExprSpec, ExprProblem, ExprResult>(CpuRungs)
{
    /// <summary>Every rung's bound, in ulps of each element: 0, the same bits as the reference.</summary>
    public const double UlpTolerance = 0;

    /// <summary>
    /// A peer's bound, in ulps: NumPy computes exp and log with its own SIMD code, which may differ from the C
    /// library's by an ulp; an expression that cancels after them can exceed any bound, and its peer row then fails.
    /// </summary>
    public const double PeerUlpTolerance = 4;

    /// <summary>The most elements: one array's length.</summary>
    public const long MaxCount = 2_000_000_000;

    /// <summary>The rungs, reference first.</summary>
    public static IReadOnlyList<Rung<ExprProblem, ExprResult>> CpuRungs { get; } =
        [new ExprReference(), new ExprTemporaries(), new ExprFused(), new ExprFusedSimd(), new ExprThreads()];

    private static readonly ArrayExpression s_default = ArrayExpression.Parse(ExprSpec.DefaultExpression);

    /// <inheritdoc/>
    public override string Name => "expr";
    /// <inheritdoc/>
    public override string Title => "Fused element-wise expression over arrays, numexpr-style (Gorelick ch. 6)";
    /// <inheritdoc/>
    public override string Unit => "elements/s";

    /// <summary>For the default expression in float64: 3 arrays read and 1 written (32 bytes), 6 operations an element: memory-bound.</summary>
    public override WorkCost Cost { get; } = CostOf(s_default, ExprSpec.Float64);

    /// <summary>The spec's own expression and element type: each array read once and the result written once, at the element's width.</summary>
    public override WorkCost CostFor(ExprSpec spec) => CostOf(ArrayExpression.Parse(spec.Expression), spec.Dtype);

    private static WorkCost CostOf(ArrayExpression e, string dtype)
    {
        int width = dtype == ExprSpec.Float32 ? sizeof(float) : sizeof(double);
        return new WorkCost((e.Arrays.Count + 1) * width, e.Operations,
            $"{e.Text} in {dtype}: {e.Arrays.Count} array{(e.Arrays.Count == 1 ? "" : "s")} read + 1 written ({width} bytes each), {e.Operations} operations an element")
        { PeakMultiple = sizeof(double) / width };
    }

    /// <inheritdoc/>
    public override SpecDeclaration<ExprSpec> Spec { get; } =
        new SpecDeclaration<ExprSpec>(v => new ExprSpec(v.Text("expression"), v.Long("n"), v.Text("dtype"), v.Long("seed")))
            .Text("expression", "The expression; every name is an array (+ - * /, < <= > >= == !=, where sqrt exp log abs min max pow).",
                s => s.Expression, ExprSpec.DefaultExpression)
            .Integer("n", "Elements of each array (uniform in [-1, 1)).", s => s.N, 10_000_000, 0, MaxCount,
                axis: new SweepAxis("ns", [1_000_000, 100_000_000], Report: [1_000_000, 10_000_000]))
            .Choice("dtype", "Element type.", s => s.Dtype, ExprSpec.Float64, [ExprSpec.Float64, ExprSpec.Float32])
            .Integer("seed", "Seed of the elements' counter stream.", s => s.Seed, ExprSpec.DefaultSeed, 0, int.MaxValue);

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("expr", "numpy", "numpy"),
        PeerProgram.Python("expr", "numexpr", "numexpr", parallel: true),
    ];

    /// <summary>
    /// Parses the expression (a fault: <c>expression 'sqrt(x': column 7: missing ')'</c>) and refuses, before
    /// allocating, arrays that would not fit in memory: the inputs, two destinations and, for temporaries, one array
    /// per operation.
    /// </summary>
    protected override void Check(ExprSpec spec)
    {
        ArrayExpression expression = Parse(spec.Expression);
        if (spec.N > Array.MaxLength)
            throw new SpecException($"n {spec.N} is more than an array holds ({Array.MaxLength})");
        long width = spec.Dtype == ExprSpec.Float32 ? sizeof(float) : sizeof(double);
        long needed = (expression.Arrays.Count + 2L + expression.Operations) * spec.N * width;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available)
            throw new SpecException($"n {spec.N} needs about {needed / (1 << 20)} MiB but {available / (1 << 20)} MiB is available");
    }

    /// <summary>The expression, or a one-line <see cref="SpecException"/> naming the column of its fault.</summary>
    public static ArrayExpression Parse(string text)
    {
        try
        {
            return ArrayExpression.Parse(text);
        }
        catch (ExpressionException e)
        {
            throw new SpecException($"expression '{text}': {e.Message}");
        }
    }

    /// <inheritdoc/>
    public override ExprProblem Build(ExprSpec spec) => ExprProblem.Of(spec);

    /// <inheritdoc/>
    public override double Work(ExprSpec spec) => spec.N;

    /// <summary>Fewer elements (the first elements of each array are not the same: array j starts at j·n of the stream).</summary>
    public override ExprSpec ShrinkTo(ExprSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { N = (long)Math.Max(1, maxWork) };

    /// <summary>The peers write the destination (--answer), compared element by element.</summary>
    public override bool ReadsAnswers => true;

    /// <summary>The destination, little-endian float64 or float32 (the spec's dtype): the fingerprint's layout.</summary>
    public override bool TryReadAnswer(ExprSpec spec, byte[] bytes, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ExprResult answer)
    {
        int width = spec.Dtype == ExprSpec.Float32 ? sizeof(float) : sizeof(double);
        answer = null;
        if (bytes.LongLength != spec.N * width || !BitConverter.IsLittleEndian)
            return false;
        Array values = spec.Dtype == ExprSpec.Float32 ? new float[spec.N] : new double[spec.N];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        answer = new ExprResult(values);
        return true;
    }

    /// <summary>The destination, as <see cref="TryReadAnswer"/> reads it.</summary>
    public override byte[]? WriteAnswer(ExprResult result)
    {
        if (!BitConverter.IsLittleEndian)
            return null;
        var bytes = new byte[Buffer.ByteLength(result.Values)];
        Buffer.BlockCopy(result.Values, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <inheritdoc/>
    public override double PeerAnswerTolerance => PeerUlpTolerance;

    /// <summary>A peer's Σ against an exact rung's, where no answer file is read: within n·ε of Σ|values| (the sum's own rounding).</summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum)
    {
        if (exactChecksum is not { } exact)
            return null;
        double n = spec.GetValueOrDefault("n").Number;
        double unit = Math.Max(1, n) * Math.ScaleB(1.0, -52) * Math.Max(1, Math.Abs(exact)) * 4;
        return Verification.Within(Math.Abs(checksum - exact) / unit, 1, "|ΔΣ| / (4·n·ε·|Σ|)");
    }

    /// <summary>Σ of the destination, in float64.</summary>
    public override double Checksum(ExprResult result) => result.Checksum();

    /// <summary>SHA-256 of the destination, little-endian float64 or float32.</summary>
    public override Fingerprint? Fingerprint(ExprResult result) =>
        result.Values is double[] d ? Ladder.Fingerprint.Of(d) : Ladder.Fingerprint.Of((float[])result.Values);

    /// <inheritdoc/>
    public override Verification Verify(ExprResult reference, ExprResult candidate, double tolerance) =>
        Verification.Within(candidate.UlpsFrom(reference), tolerance, "max ulps");
}
