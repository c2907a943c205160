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

    public PiLadder() : this([]) { }

    public static IReadOnlyList<Rung<PiProblem, PiResult>> CpuRungs { get; } =
        [new PiReference(), new PiPerTask(), new PiBatched(), new PiSimd(), new PiThreads(), new PiProcesses()];

    public override string Name => "pi";
    public override string Title => "Monte Carlo π: uniform points in the unit square, hits in the quarter disc (Lanaro ch. 7–8, Gorelick ch. 9–10)";
    public override string Unit => "samples/s";

    public override void Validate(PiSpec spec)
    {
        if (spec.Samples <= 0)
            throw new SpecException($"samples must be a positive number (got {spec.Samples})");
        if (spec.Samples > MaxSamples)
            throw new SpecException($"samples {spec.Samples} is too many: at most {MaxSamples} (2^40)");
        if (spec.Seed is < 0 or > int.MaxValue)
            throw new SpecException($"seed must be between 0 and {int.MaxValue} (got {spec.Seed}): the reference seeds System.Random with it");
    }

    public override PiProblem Build(PiSpec spec) => new(spec.Samples, spec.Seed);

    public override double Work(PiSpec spec) => spec.Samples;

    public override IReadOnlyList<KeyValuePair<string, double>> Describe(PiSpec spec) =>
    [
        new("samples", spec.Samples),
        new("seed", spec.Seed),
    ];

    /// <summary>Fewer samples (the counter stream's first samples are the same whatever the total).</summary>
    public override PiSpec ShrinkTo(PiSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { Samples = (long)Math.Max(1, maxWork) };

    public override double Checksum(PiResult result) => result.Hits;

    public override Verification Verify(PiResult reference, PiResult candidate, double tolerance)
    {
        if (candidate.Samples != reference.Samples || candidate.Seed != reference.Seed)
            return new Verification(false, double.PositiveInfinity, tolerance, "samples and seed must match the reference's");
        if (candidate.Generator == PiGenerator.CounterStream)
            return Verification.Within(Math.Abs(candidate.Hits - CounterStreamHits(candidate.Samples, candidate.Seed)), tolerance,
                "|Δhits| against the one-lane counter stream");
        return Verification.Within(candidate.Deviations, tolerance, "|π̂ − π| / σ");
    }

    /// <summary>The hits of the counter stream, one lane at a time: what every counter-stream rung must find.</summary>
    public static long CounterStreamHits(long samples, long seed) =>
        PiKernel.CountBlocks(seed, samples, 0, PiStream.BlockCount(samples), SimdWidth.Scalar);
}
