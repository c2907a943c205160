using HyperSharp.Ladder;

namespace HyperSharp.Norm;

/// <summary>
/// The squared norm of a vector, Σ vᵢ² (Gorelick ch. 6: a list loop, a comprehension, <c>array</c>, NumPy's
/// <c>sum(v*v)</c> and <c>np.dot</c>). Work is counted in elements. One pass over the vector with one FMA an element:
/// memory-bound, so the bench places each row against the machine's STREAM bandwidth.
/// <para>
/// The reference, <c>array</c> and <c>linq</c> add in index order and agree bit for bit; the other rungs add in
/// another order (lanes, accumulators, chunks), so each is judged by <see cref="NormResult.ErrorAgainst"/>: within
/// <see cref="OrderTolerance"/> units of the worst-case bound for any order.
/// </para>
/// </summary>
public sealed class NormLadder(IEnumerable<Rung<NormProblem, NormResult>> extraRungs)
    : Ladder<NormSpec, NormProblem, NormResult>(CpuRungs.Concat(extraRungs))
{
    /// <summary>Units of the bound (n + 1)·ε·Σ two correct sums of the same squares may differ by (see <see cref="NormResult.ErrorAgainst"/>).</summary>
    public const double OrderTolerance = 1;

    /// <summary>Bytes an element costs at peak: the vector and the reference's list copy.</summary>
    private const long BytesPerElement = 2 * sizeof(double);

    /// <summary>A ladder of the CPU rungs alone.</summary>
    public NormLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<NormProblem, NormResult>> CpuRungs { get; } =
        [new NormReference(), new NormArray(), new NormLinq(), new NormSimd(), new NormTensorPrimitives(), new NormThreads()];

    /// <inheritdoc/>
    public override string Name => "norm";
    /// <inheritdoc/>
    public override string Title => "Squared norm of a vector, Σ v² (Gorelick ch. 6)";
    /// <inheritdoc/>
    public override string Unit => "elements/s";

    /// <summary>One double read (8 bytes) and one multiply-add (2 flops) per element: memory-bound on any CPU.</summary>
    public override WorkCost Cost { get; } = new(sizeof(double), 2, "8 bytes read and 1 FMA (2 flops) an element");

    /// <inheritdoc/>
    public override SpecDeclaration<NormSpec> Spec { get; } =
        new SpecDeclaration<NormSpec>(v => new NormSpec(v.Long("count"), v.Long("seed")))
            .Integer("count", "Elements of the vector (uniform in [-1, 1)).", s => s.Count, 10_000_000, 1, Array.MaxLength,
                axis: new SweepAxis("counts", [1_000_000, 100_000_000], Report: [1_000_000, 10_000_000]))
            .Integer("seed", "Seed of the elements' counter stream.", s => s.Seed, NormSpec.DefaultSeed, 0, int.MaxValue);

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.C("norm", "openmp"),
        PeerProgram.Python("norm", "python-loop", "loop", maxWork: 2e7),
        PeerProgram.Python("norm", "python-comprehension", "comprehension", maxWork: 2e7),
        PeerProgram.Python("norm", "python-array", "array", maxWork: 2e7),
        PeerProgram.Python("norm", "numpy-sum", "numpy-sum"),
        PeerProgram.Python("norm", "numpy-dot", "numpy-dot"),
    ];

    /// <summary>A peer sums in its own order: within <see cref="OrderTolerance"/> of an exact rung's sum, as a rung.</summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum) =>
        exactChecksum is { } exact
            ? Verification.Within(new NormResult(checksum, (long)spec.GetValueOrDefault("count").Number)
                .ErrorAgainst(new NormResult(exact, (long)spec.GetValueOrDefault("count").Number)), OrderTolerance,
                "|ΔΣv²| / ((n + 1)·ε·Σv²)")
            : null;

    /// <summary>Refuses, before allocating, a vector (and the reference's list) that would not fit in memory.</summary>
    protected override void Check(NormSpec spec)
    {
        long needed = spec.Count * BytesPerElement;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available)
            throw new SpecException($"count {spec.Count} needs about {needed / (1 << 20)} MiB but {available / (1 << 20)} MiB is available");
    }

    /// <inheritdoc/>
    public override NormProblem Build(NormSpec spec) => NormProblem.Of(spec);

    /// <inheritdoc/>
    public override double Work(NormSpec spec) => spec.Count;

    /// <summary>Fewer elements (the first elements are the same whatever the count).</summary>
    public override NormSpec ShrinkTo(NormSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { Count = (long)Math.Max(1, maxWork) };

    /// <summary>The peers write their sum (--answer), judged as a rung's: within <see cref="OrderTolerance"/>.</summary>
    public override bool ReadsAnswers => true;

    /// <summary>Σ vᵢ² as one little-endian float64: the fingerprint's layout.</summary>
    public override bool TryReadAnswer(NormSpec spec, byte[] bytes, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out NormResult answer)
    {
        double[]? values = AnswerBytes.Doubles(bytes, 1);
        answer = values is null ? null : new NormResult(values[0], spec.Count);
        return answer is not null;
    }

    /// <summary>Σ vᵢ², as <see cref="TryReadAnswer"/> reads it.</summary>
    public override byte[]? WriteAnswer(NormResult result) => AnswerBytes.Of([result.SumOfSquares]);

    /// <summary>A peer's sum: within the order bound, as every reordering rung.</summary>
    public override double PeerAnswerTolerance => OrderTolerance;

    /// <summary>Σ vᵢ².</summary>
    public override double Checksum(NormResult result) => result.SumOfSquares;

    /// <summary>SHA-256 of Σ vᵢ² as one little-endian float64.</summary>
    public override Fingerprint? Fingerprint(NormResult result) => Ladder.Fingerprint.Of(BitConverter.GetBytes(result.SumOfSquares));

    /// <inheritdoc/>
    public override Verification Verify(NormResult reference, NormResult candidate, double tolerance) =>
        Verification.Within(candidate.ErrorAgainst(reference), tolerance, "|ΔΣv²| / ((n + 1)·ε·Σv²)");
}
