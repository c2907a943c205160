using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// Diffusion (Gorelick ch. 6): the heat equation on a periodic grid, 2D (Size × Size) or 1D (a line of Size cells).
/// Work is counted in cell updates. The CPU rungs live here; other projects add theirs (GPU) through the constructor.
/// </summary>
public sealed class DiffusionLadder(IEnumerable<Rung<DiffusionProblem, DiffusionGrid>> extraRungs)
    : Ladder<DiffusionSpec, DiffusionProblem, DiffusionGrid>(CpuRungs.Concat(extraRungs))
{
    /// <summary>Doubles a cell costs at peak: the problem, a rung's two buffers, and the reference's during verification.</summary>
    private const long BytesPerCell = 6 * sizeof(double);

    /// <summary>The CPU rungs only.</summary>
    public DiffusionLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<DiffusionProblem, DiffusionGrid>> CpuRungs { get; } =
        [new DiffusionReference(), new DiffusionInPlace(), new DiffusionSimd(), new DiffusionTiled(), new DiffusionThreads()];

    /// <inheritdoc/>
    public override string Name => "diffusion";
    /// <inheritdoc/>
    public override string Title => "Diffusion: the heat equation on a periodic grid (Gorelick ch. 6)";
    /// <inheritdoc/>
    public override string Unit => "cell-updates/s";

    /// <summary>An ideal pass reads and writes each cell once a step (2 × 8 bytes); the 2D formula is 7 flops
    /// (three additions, ×4, −, ×k, +). Memory binds on every machine of this decade.</summary>
    public override WorkCost Cost { get; } = new(16, 7, "16 bytes (one read, one write) and 7 flops a cell update");

    /// <inheritdoc/>
    public override SpecDeclaration<DiffusionSpec> Spec { get; } =
        new SpecDeclaration<DiffusionSpec>(v => new DiffusionSpec(v.Int("size"), v.Int("steps"), v.Int("dims")))
            .Integer("size", "Cells a side (2D: size × size; 1D: a line of size cells).", s => s.Size,
                DiffusionSpec.BookBenchmark.Size, 1, Array.MaxLength, axis: new SweepAxis("sizes", [640, 2048], Report: [256, 640, 2048]))
            .Integer("steps", $"Steps of dt = {DiffusionSpec.Dt}.", s => s.Steps, DiffusionSpec.BookBenchmark.Steps, 1, int.MaxValue)
            .Integer("dims", "2 for the grid, 1 for the line.", s => s.Dims, 2, 1, 2)
            .Derived("cells", s => s.Cells)
            .Derived("dt", _ => DiffusionSpec.Dt)
            .Derived("d", _ => DiffusionSpec.D)
            .ForReport("steps", 100);

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.C("diffusion", "inplace", exact: true),
        PeerProgram.Python("diffusion", "python", "python", maxWork: 2e7),
        PeerProgram.Python("diffusion", "numpy", "numpy", maxWork: 2e10),
        PeerProgram.Python("diffusion", "numpy-inplace", "numpy-inplace", maxWork: 2e10),
        PeerProgram.Python("diffusion", "numexpr", "numexpr", parallel: true, maxWork: 2e10),
        PeerProgram.Python("diffusion", "numba", "numba", parallel: true),
    ];

    /// <summary>Largest relative checksum (Σ cell²) difference a peer that is not bit-identical may have from an exact rung.</summary>
    public const double PeerTolerance = 1e-9;

    /// <summary>Peers sum the squares in their own order: within <see cref="PeerTolerance"/> relative of an exact rung.</summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum) =>
        exactChecksum is { } exact
            ? Verification.Within(exact == 0 ? Math.Abs(checksum) : Math.Abs(checksum - exact) / Math.Abs(exact), PeerTolerance,
                "relative |Δ Σ cell²|")
            : null;

    /// <inheritdoc/>
    protected override void Check(DiffusionSpec spec)
    {

        long cells = spec.Cells;
        long needed = cells * BytesPerCell;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (cells > Array.MaxLength || needed > available)
            throw new SpecException(
                $"size {spec.Size} ({cells:N0} cells) needs about {needed / (1 << 20):N0} MiB but {available / (1 << 20):N0} MiB is available");
    }

    /// <inheritdoc/>
    public override DiffusionProblem Build(DiffusionSpec spec) => DiffusionProblem.Book(spec.Size, spec.Steps, spec.Dims);

    /// <inheritdoc/>
    public override double Work(DiffusionSpec spec) => (double)spec.Cells * spec.Steps;

    /// <summary>Fewer steps of the same grid; a smaller grid only when even one step would be too much.</summary>
    public override DiffusionSpec ShrinkTo(DiffusionSpec spec, double maxWork)
    {
        if (Work(spec) <= maxWork)
            return spec;
        if (spec.Cells <= maxWork)
            return spec with { Steps = (int)Math.Clamp(maxWork / spec.Cells, 1, spec.Steps) };
        int size = (int)Math.Max(1, spec.Dims == 1 ? maxWork : Math.Sqrt(maxWork));
        return spec with { Size = Math.Min(size, spec.Size), Steps = 1 };
    }

    /// <inheritdoc/>
    public override bool ReadsAnswers => true;

    /// <summary>The cells row by row, little-endian float64: the fingerprint's layout.</summary>
    public override bool TryReadAnswer(DiffusionSpec spec, byte[] bytes, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out DiffusionGrid answer)
    {
        double[]? cells = AnswerBytes.Doubles(bytes, spec.Dims == 1 ? spec.Size : (long)spec.Size * spec.Size);
        answer = cells is null ? null : new DiffusionGrid(cells, spec.Size, spec.Dims);
        return answer is not null;
    }

    /// <summary>The cells, as <see cref="TryReadAnswer"/> reads them.</summary>
    public override byte[]? WriteAnswer(DiffusionGrid result) => AnswerBytes.Of(result.Cells);

    /// <summary>A peer's cells (NumPy adds in its own order): within 1e-9 of the largest cell.</summary>
    public override double PeerAnswerTolerance => PeerTolerance;

    /// <inheritdoc/>
    public override double Checksum(DiffusionGrid result) => result.SumOfSquares();

    /// <summary>SHA-256 of the cells, row by row, as little-endian float64.</summary>
    public override Fingerprint? Fingerprint(DiffusionGrid result) => Ladder.Fingerprint.Of(result.Cells);

    /// <inheritdoc/>
    public override Verification Verify(DiffusionGrid reference, DiffusionGrid candidate, double tolerance) =>
        Verification.Within(candidate.RelativeErrorAgainst(reference), tolerance, "max |Δcell| / max |cell|");
}
