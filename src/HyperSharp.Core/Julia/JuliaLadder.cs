using System.Collections.Concurrent;
using HyperSharp.Ladder;

namespace HyperSharp.Julia;

/// <summary>
/// The Julia set (Gorelick &amp; Ozsvald ch. 2, 7): escape-time counts of z = z² + c on the book's grid. Work is
/// counted in iterations actually executed, which is the sum of the counts (the book's checksum): the cost of a
/// point ranges from 1 to maxiter iterations, so points/s would not compare two sizes. The CPU rungs live here;
/// other projects add theirs (GPU) through the constructor.
/// </summary>
public sealed class JuliaLadder(IEnumerable<Rung<JuliaProblem, JuliaImage>> extraRungs)
    : Ladder<JuliaSpec, JuliaProblem, JuliaImage>(CpuRungs.Concat(extraRungs))
{
    /// <summary>The widest grid: (width + 1)² counts must fit in one array.</summary>
    public const int MaxWidth = 40_000;

    /// <summary>Bytes a point costs at peak: the reference's z and c (2 × 16) and two images of counts (2 × 4).</summary>
    private const long BytesPerPoint = 2 * 16 + 2 * sizeof(int);

    private readonly ConcurrentDictionary<JuliaSpec, long> _iterations = new();

    /// <summary>The CPU rungs only.</summary>
    public JuliaLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<JuliaProblem, JuliaImage>> CpuRungs { get; } =
        [new JuliaReference(), new JuliaScalar(), new JuliaSimd(), new JuliaThreads()];

    /// <inheritdoc/>
    public override string Name => "julia";
    /// <inheritdoc/>
    public override string Title => "Julia set: escape-time counts of z = z² + c, c = -0.62772 - 0.42193i (Gorelick ch. 2, 7)";
    /// <inheritdoc/>
    public override string Unit => "iterations/s";

    /// <summary>One iteration as JuliaOrbit writes it: x·x, y·y, x·y, the |z|² test's addition, two for the real and
    /// two for the imaginary part — 8 flops, no memory traffic to speak of (one count a point).</summary>
    public override WorkCost Cost { get; } = new(0, 8, "8 flops an iteration (3 products, |z|² sum, 4 additions), no memory traffic");

    /// <inheritdoc/>
    public override SpecDeclaration<JuliaSpec> Spec { get; } =
        new SpecDeclaration<JuliaSpec>(v => new JuliaSpec(v.Int("width"), v.Int("maxiter")))
            .Integer("width", "Points along each side of the book's grid (some widths give one more).", s => s.Width,
                JuliaSpec.BookBenchmark.Width, 1, MaxWidth, axis: new SweepAxis("widths", [200, 1_000], Report: [200, 1_000]))
            .Integer("maxiter", "Most iterations of z = z² + c per point.", s => s.MaxIter, JuliaSpec.BookBenchmark.MaxIter, 1, int.MaxValue)
            .Derived("points", s => JuliaProblem.PointsAlong(s.Width));

    /// <summary>Every peer computes the same integer counts: checked by fingerprint (all counts), else the sum of counts exactly.</summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.C("julia", "avx512", exact: true),
        PeerProgram.Python("julia", "python", "python", maxWork: 4e7, exact: true),
        PeerProgram.PyPy("julia", "pypy-python", "python", maxWork: 4e8, exact: true),
        PeerProgram.Python("julia", "numpy", "numpy", maxWork: 2e8, exact: true),
        PeerProgram.Python("julia", "numba", "numba", exact: true),
        PeerProgram.Python("julia", "numba-parallel", "numba-parallel", parallel: true, exact: true),
        PeerProgram.Python("julia", "cython", "cython", exact: true),
    ];

    /// <inheritdoc/>
    protected override void Check(JuliaSpec spec) => ValidateSizes(spec, BytesPerPoint);

    /// <summary>
    /// Rejects widths and iteration limits that cannot run, and grids whose points would need more than the memory
    /// available at <paramref name="bytesPerPoint"/>.
    /// </summary>
    public static void ValidateSizes(JuliaSpec spec, long bytesPerPoint)
    {
        if (spec.Width is <= 0 or > MaxWidth)
            throw new SpecException($"width takes a whole number from 1 to {MaxWidth} (got {spec.Width})");
        if (spec.MaxIter <= 0)
            throw new SpecException($"maxiter takes a whole number from 1 to {int.MaxValue} (got {spec.MaxIter})");

        long points = (long)(spec.Width + 1) * (spec.Width + 1);
        long needed = points * bytesPerPoint;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available)
            throw new SpecException(
                $"width {spec.Width} needs about {needed / (1 << 20)} MiB but {available / (1 << 20)} MiB is available");
    }

    /// <inheritdoc/>
    public override JuliaProblem Build(JuliaSpec spec) => JuliaProblem.FromSpec(spec);

    /// <summary>
    /// Iterations executed: the sum of the counts. Known only by computing them, so it is computed once per spec
    /// with the threaded kernel (a few milliseconds at the book's size) and remembered.
    /// </summary>
    public override double Work(JuliaSpec spec) =>
        _iterations.GetOrAdd(spec, s =>
        {
            JuliaProblem problem = Build(s);
            var counts = new int[checked(problem.Columns * problem.Rows)];
            JuliaThreads.Render(problem, counts, Environment.ProcessorCount);
            return new JuliaImage(problem.Columns, problem.Rows, counts).Sum();
        });

    /// <summary>A narrower grid over the same square (and so the same mix of cheap and costly points).</summary>
    public override JuliaSpec ShrinkTo(JuliaSpec spec, double maxWork)
    {
        JuliaSpec smaller = spec;
        while (Work(smaller) > maxWork && smaller.Width > 1)
        {
            int width = (int)(smaller.Width * Math.Min(0.9, Math.Sqrt(maxWork / Work(smaller))));
            smaller = smaller with { Width = Math.Max(1, width) };
        }
        return smaller;
    }

    /// <inheritdoc/>
    public override double Checksum(JuliaImage result) => result.Sum();

    /// <summary>SHA-256 of the counts, row by row, as little-endian int32.</summary>
    public override Fingerprint? Fingerprint(JuliaImage result) => Ladder.Fingerprint.Of(result.Counts);

    /// <inheritdoc/>
    public override Verification Verify(JuliaImage reference, JuliaImage candidate, double tolerance) =>
        Verification.Within(candidate.DifferencesFrom(reference), tolerance, "points whose count differs");
}
