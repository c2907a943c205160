using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Pi;

/// <summary>
/// Monte Carlo π (Lanaro ch. 7–8, Gorelick ch. 9–10): uniform points in the unit square, hits in the closed quarter
/// disc x² + y² ≤ 1, π ≈ 4·hits/n. Work is counted in samples.
/// <para>
/// Verification depends on the random numbers a rung draws (<see cref="PiResult.Generator"/>), and so does the
/// meaning of <see cref="IRung.Tolerance"/>:
/// <list type="bullet">
/// <item><see cref="PiGenerator.CounterStream"/> rungs must find exactly the hits of the one-lane counter stream
/// (<see cref="PiStream"/>, recomputed here): the measure is |Δhits|, tolerance 0.</item>
/// <item><see cref="PiGenerator.SystemRandom"/> rungs (the reference, pertask) draw other points, so no two of them
/// can be compared exactly; each is judged by |π̂ − π| / σ with σ = 4·√(p(1 − p)/n), p = π/4, within
/// <see cref="SigmaTolerance"/>. A correct rung fails this about once in 1.7 million runs.</item>
/// </list>
/// The tests also hold the counter stream itself to the statistical check.
/// </para>
/// </summary>
public sealed class PiLadder(IEnumerable<Rung<PiProblem, PiResult>> extraRungs)
    : Ladder<PiSpec, PiProblem, PiResult>(CpuRungs.Concat(extraRungs))
{
    /// <summary>Standard deviations a statistically checked estimate may be from π.</summary>
    public const double SigmaTolerance = 5;

    /// <summary>The most samples a run may ask for: 2^40 (minutes for the fastest rung, hours for the reference).</summary>
    public const long MaxSamples = 1L << 40;

    /// <summary>The CPU rungs only.</summary>
    public PiLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<PiProblem, PiResult>> CpuRungs { get; } =
        [new PiReference(), new PiPerTask(), new PiBatched(), new PiSimd(), new PiThreads(), new PiProcesses()];

    /// <inheritdoc/>
    public override string Name => "pi";
    /// <inheritdoc/>
    public override string Title => "Monte Carlo π: uniform points in the unit square, hits in the quarter disc (Lanaro ch. 7–8, Gorelick ch. 9–10)";
    /// <inheritdoc/>
    public override string Unit => "samples/s";

    /// <inheritdoc/>
    public override SpecDeclaration<PiSpec> Spec => Declaration;

    /// <summary>The spec's parameters, also spelling the arguments of the processes rung's workers.</summary>
    public static SpecDeclaration<PiSpec> Declaration { get; } =
        new SpecDeclaration<PiSpec>(v => new PiSpec(v.Long("samples"), v.Long("seed")))
            .Integer("samples", "Points to draw in the unit square.", s => s.Samples, 10_000_000, 1, MaxSamples,
                axis: new SweepAxis("samples", [1_000_000, 100_000_000], Report: [1_000_000, 100_000_000]))
            .Integer("seed", "Seed of the points (the reference seeds System.Random with it).", s => s.Seed, PiSpec.DefaultSeed, 0, int.MaxValue);

    /// <summary>
    /// The C peers draw the counter stream (exact: their hits are the counter-stream rungs'); the Python peers use
    /// NumPy's and Python's generators and are judged statistically (<see cref="CheckPeer"/>).
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        new("c-openmp", "c", "pi", "auto", Parallel: true, MaxWork: double.PositiveInfinity, Exact: true),
        new("c-avx512", "c", "pi", "avx512", Parallel: true, MaxWork: double.PositiveInfinity, Exact: true),
        PeerProgram.Python("pi", "python-loop", "loop", maxWork: 1e7),
        PeerProgram.Python("pi", "numpy", "numpy"),
        PeerProgram.Python("pi", "numba", "numba"),
        PeerProgram.Python("pi", "numba-parallel", "numba-parallel", parallel: true),
    ];

    /// <summary>
    /// A peer that draws the counter stream (<see cref="PeerProgram.Exact"/>): |Δhits| = 0 against a counter-stream
    /// rung. A peer with its own generator: |π̂ − π| / σ within <see cref="SigmaTolerance"/>, whatever the rungs found.
    /// </summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum)
    {
        if (peer.Exact)
            return exactChecksum is { } exact ? Verification.Within(Math.Abs(checksum - exact), 0, "|Δhits| (same counter stream)") : null;
        long samples = (long)spec.GetValueOrDefault("samples").Number, seed = (long)spec.GetValueOrDefault("seed").Number;
        return samples > 0
            ? s_statistical.Check(new PiProblem(samples, seed), new PiResult((long)checksum, samples, seed, PiGenerator.SystemRandom), null, SigmaTolerance)
            : null;
    }

    /// <inheritdoc/>
    public override PiProblem Build(PiSpec spec) => new(spec.Samples, spec.Seed);

    /// <inheritdoc/>
    public override double Work(PiSpec spec) => spec.Samples;

    /// <summary>Fewer samples (the counter stream's first samples are the same whatever the total).</summary>
    public override PiSpec ShrinkTo(PiSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { Samples = (long)Math.Max(1, maxWork) };

    /// <inheritdoc/>
    public override double Checksum(PiResult result) => result.Hits;

    /// <summary>Used by the tests to compare two answers of one generator; the harness uses <see cref="OracleFor"/>.</summary>
    public override Verification Verify(PiResult reference, PiResult candidate, double tolerance)
    {
        if (candidate.Samples != reference.Samples || candidate.Seed != reference.Seed)
            return new Verification(false, double.PositiveInfinity, tolerance, "samples and seed must match the reference's");
        return Judge(new PiProblem(reference.Samples, reference.Seed), candidate, tolerance);
    }

    /// <summary>
    /// Counter-stream rungs: exactly the one-lane stream's hits (recomputed, about one scalar run, so large specs are
    /// checked on fewer samples). <see cref="PiGenerator.SystemRandom"/> rungs: |π̂ − π| / σ, on the full run. Neither
    /// runs the reference.
    /// </summary>
    public override Oracle<PiProblem, PiResult> OracleFor(Rung<PiProblem, PiResult> rung) =>
        rung is IDrawsSystemRandom ? s_statistical : s_exact;

    private static readonly Oracle<PiProblem, PiResult> s_exact = Oracle<PiProblem, PiResult>.Exact(Judge, costly: true);
    private static readonly Oracle<PiProblem, PiResult> s_statistical = Oracle<PiProblem, PiResult>.Statistical(Judge);

    private static Verification Judge(PiProblem problem, PiResult candidate, double tolerance)
    {
        if (candidate.Samples != problem.Samples || candidate.Seed != problem.Seed)
            return new Verification(false, double.PositiveInfinity, tolerance, "samples and seed must be the problem's");
        if (candidate.Generator == PiGenerator.CounterStream)
            return Verification.Within(Math.Abs(candidate.Hits - CounterStreamHits(candidate.Samples, candidate.Seed)), tolerance,
                "|Δhits| against the one-lane counter stream");
        return Verification.Within(candidate.Deviations, tolerance, "|π̂ − π| / σ");
    }

    /// <inheritdoc/>
    public override Fingerprint? Fingerprint(PiResult result) => Ladder.Fingerprint.Of(result.Hits);

    /// <summary>The hits of the counter stream, one lane at a time: what every counter-stream rung must find.</summary>
    public static long CounterStreamHits(long samples, long seed) =>
        PiKernel.CountBlocks(seed, samples, 0, PiStream.BlockCount(samples), SimdWidth.Scalar);
}
