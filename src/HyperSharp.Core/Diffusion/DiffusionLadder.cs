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

    public DiffusionLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<DiffusionProblem, DiffusionGrid>> CpuRungs { get; } =
        [new DiffusionReference(), new DiffusionInPlace(), new DiffusionSimd(), new DiffusionThreads()];

    public override string Name => "diffusion";
    public override string Title => "Diffusion: the heat equation on a periodic grid (Gorelick ch. 6)";
    public override string Unit => "cell-updates/s";

    public override void Validate(DiffusionSpec spec)
    {
        if (spec.Dims is not (1 or 2))
            throw new SpecException($"dims must be 1 or 2 (got {spec.Dims})");
        if (spec.Size <= 0)
            throw new SpecException($"size must be a positive number of cells (got {spec.Size})");
        if (spec.Steps <= 0)
            throw new SpecException($"steps must be a positive number (got {spec.Steps})");

        long cells = spec.Cells;
        long needed = cells * BytesPerCell;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (cells > Array.MaxLength || needed > available)
            throw new SpecException(
                $"size {spec.Size} ({cells:N0} cells) needs about {needed / (1 << 20):N0} MiB but {available / (1 << 20):N0} MiB is available");
    }

    public override DiffusionProblem Build(DiffusionSpec spec) => DiffusionProblem.Book(spec.Size, spec.Steps, spec.Dims);

    public override double Work(DiffusionSpec spec) => (double)spec.Cells * spec.Steps;

    public override IReadOnlyList<KeyValuePair<string, double>> Describe(DiffusionSpec spec) =>
    [
        new("size", spec.Size),
        new("steps", spec.Steps),
        new("dims", spec.Dims),
        new("cells", spec.Cells),
        new("dt", DiffusionSpec.Dt),
        new("d", DiffusionSpec.D),
    ];

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

    public override double Checksum(DiffusionGrid result) => result.SumOfSquares();

    public override Verification Verify(DiffusionGrid reference, DiffusionGrid candidate, double tolerance) =>
        Verification.Within(candidate.RelativeErrorAgainst(reference), tolerance, "max |Δcell| / max |cell|");
}
