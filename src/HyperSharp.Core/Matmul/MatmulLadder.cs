using HyperSharp.Ladder;

namespace HyperSharp.Matmul;

/// <summary>
/// Matrix multiplication C = A·B of two N×N matrices, float64 or float32 (Lanaro ch. 7: Theano and TensorFlow on the
/// CPU and the GPU; NumPy's <c>matmul</c> on OpenBLAS). Work is counted in flops, 2·N³. From the triple loop through
/// the loop order and cache blocking (bit-identical to it) to a BLIS-style packed micro-kernel with fused
/// multiply-adds and its threaded form, which sum in another order and are judged by <see cref="MatmulResult.ErrorAgainst"/>.
/// </summary>
public sealed class MatmulLadder(IEnumerable<Rung<MatmulProblem, MatmulResult>> extraRungs)
    : Ladder<MatmulSpec, MatmulProblem, MatmulResult>(CpuRungs.Concat(extraRungs))
{
    /// <summary>Units of K²·ε two correct products may differ by (see <see cref="MatmulResult.ErrorAgainst"/>).</summary>
    public const double OrderTolerance = 1;

    /// <summary>The largest N: N² elements must fit in one array.</summary>
    public const int MaxSize = 46_340;

    /// <summary>A ladder of the CPU rungs alone.</summary>
    public MatmulLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<MatmulProblem, MatmulResult>> CpuRungs { get; } =
        [new MatmulReference(), new MatmulIkj(), new MatmulBlocked(), new MatmulSimd(), new MatmulThreads()];

    /// <inheritdoc/>
    public override string Name => "matmul";
    /// <inheritdoc/>
    public override string Title => "Matrix multiplication C = A·B, N×N, float64 or float32 (Lanaro ch. 7)";
    /// <inheritdoc/>
    public override string Unit => "FLOP/s";

    /// <summary>A flop is the unit; the 3·N² elements moved are nothing beside 2·N³ flops: compute-bound, at the FP64 peak.</summary>
    public override WorkCost Cost { get; } = new(0, 1, "2·N³ flops (N³ FMAs), compute-bound; float64 against the FP64 FMA peak");

    private static readonly WorkCost s_float32 = new(0, 1, "2·N³ flops (N³ FMAs), compute-bound; float32 against twice the FP64 FMA peak (twice the lanes)")
    {
        PeakMultiple = 2,
    };

    /// <summary>float32 against twice the FP64 peak: twice as many lanes in the same registers.</summary>
    public override WorkCost CostFor(MatmulSpec spec) => spec.Dtype == MatmulSpec.Float32 ? s_float32 : Cost;

    /// <inheritdoc/>
    public override SpecDeclaration<MatmulSpec> Spec { get; } =
        new SpecDeclaration<MatmulSpec>(v => new MatmulSpec(v.Int("size"), v.Text("dtype"), v.Long("seed")))
            .Integer("size", "Rows and columns of each matrix (N).", s => s.Size, 1000, 1, MaxSize,
                axis: new SweepAxis("sizes", [1000, 5000], Report: [500, 2000]))
            .Choice("dtype", "Element type.", s => s.Dtype, MatmulSpec.Float64, [MatmulSpec.Float64, MatmulSpec.Float32])
            .Integer("seed", "Seed of the elements' counter stream.", s => s.Seed, MatmulSpec.DefaultSeed, 0, int.MaxValue);

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.C("matmul", "blocked"),
        PeerProgram.Python("matmul", "numpy", "numpy", parallel: true),
    ];

    /// <summary>
    /// A peer's ΣCᵢⱼ against an exact rung's: each of the N² elements may be off by one unit of K²·ε, so the sums by
    /// N² units.
    /// </summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum)
    {
        if (exactChecksum is not { } exact)
            return null;
        double n = spec.GetValueOrDefault("size").Number;
        double unit = n * n * n * n * MatmulResult.EpsilonOf(spec.GetValueOrDefault("dtype").Text ?? MatmulSpec.Float64);
        return Verification.Within(Math.Abs(checksum - exact) / unit, OrderTolerance, "|ΔΣC| / (N²·N²·ε)");
    }

    /// <summary>Refuses, before allocating, matrices that would not fit in memory (A, B, C and a reference's C).</summary>
    protected override void Check(MatmulSpec spec)
    {
        long needed = 4L * spec.Size * spec.Size * (spec.Dtype == MatmulSpec.Float32 ? sizeof(float) : sizeof(double));
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available)
            throw new SpecException($"size {spec.Size} needs about {needed / (1 << 20)} MiB but {available / (1 << 20)} MiB is available");
    }

    /// <inheritdoc/>
    public override MatmulProblem Build(MatmulSpec spec) => MatmulProblem.Of(spec);

    /// <summary>2·N³: N² dot products of N multiply-adds.</summary>
    public override double Work(MatmulSpec spec) => 2.0 * spec.Size * spec.Size * spec.Size;

    /// <summary>A smaller N of the same dtype and seed (the same code paths: edge tiles, several blocks).</summary>
    public override MatmulSpec ShrinkTo(MatmulSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { Size = (int)Math.Clamp(Math.Cbrt(maxWork / 2), 1, spec.Size) };

    /// <summary>The peers write C (--answer), compared element by element as a rung's.</summary>
    public override bool ReadsAnswers => true;

    /// <summary>C row-major, little-endian float64 or float32 (the spec's dtype): the fingerprint's layout.</summary>
    public override bool TryReadAnswer(MatmulSpec spec, byte[] bytes, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out MatmulResult answer)
    {
        long count = (long)spec.Size * spec.Size;
        int width = spec.Dtype == MatmulSpec.Float32 ? sizeof(float) : sizeof(double);
        answer = null;
        if (bytes.LongLength != count * width || !BitConverter.IsLittleEndian)
            return false;
        Array c = spec.Dtype == MatmulSpec.Float32 ? new float[count] : new double[count];
        Buffer.BlockCopy(bytes, 0, c, 0, bytes.Length);
        answer = new MatmulResult(c, spec.Size, spec.Size, spec.Size);
        return true;
    }

    /// <summary>C, as <see cref="TryReadAnswer"/> reads it.</summary>
    public override byte[]? WriteAnswer(MatmulResult result)
    {
        if (!BitConverter.IsLittleEndian)
            return null;
        var bytes = new byte[Buffer.ByteLength(result.C)];
        Buffer.BlockCopy(result.C, 0, bytes, 0, bytes.Length);
        return bytes;
    }

    /// <summary>A peer's C: within the K²·ε bound, as <c>simd</c>.</summary>
    public override double PeerAnswerTolerance => OrderTolerance;

    /// <summary>ΣCᵢⱼ.</summary>
    public override double Checksum(MatmulResult result) => result.Checksum();

    /// <summary>SHA-256 of C, row-major, little-endian float64 or float32.</summary>
    public override Fingerprint? Fingerprint(MatmulResult result) =>
        result.C is double[] d ? Ladder.Fingerprint.Of(d) : Ladder.Fingerprint.Of((float[])result.C);

    /// <inheritdoc/>
    public override Verification Verify(MatmulResult reference, MatmulResult candidate, double tolerance) =>
        Verification.Within(candidate.ErrorAgainst(reference), tolerance, "max |ΔC| / (K²·ε)");
}
