using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>
/// The particle simulator (Lanaro, ch. 1): particles rotating around the origin. Work is counted in
/// particle-steps. The CPU rungs live here; other projects add theirs (GPU) through the constructor.
/// </summary>
public sealed class ParticlesLadder(IEnumerable<Rung<ParticleProblem, ParticleState>> extraRungs)
    : Ladder<ParticleSpec, ParticleProblem, ParticleState>(CpuRungs.Concat(extraRungs))
{
    /// <summary>Bytes a particle costs at peak: the problem (3 doubles), a rung's copy and dt·w (3 doubles) and the
    /// reference's object (≈ 48 bytes with its list slot).</summary>
    private const long BytesPerParticle = 6 * sizeof(double) + 48;

    public ParticlesLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<ParticleProblem, ParticleState>> CpuRungs { get; } =
        [new ParticlesReference(), new ParticlesSoa(), new ParticlesSimd(), new ParticlesThreads(), new ParticlesFastMath()];

    public override string Name => "particles";
    public override string Title => "Particle simulator: particles rotating around the origin (Lanaro ch. 1)";
    public override string Unit => "particle-steps/s";

    public override void Validate(ParticleSpec spec)
    {
        if (spec.Count <= 0)
            throw new SpecException($"count must be a positive number of particles (got {spec.Count})");
        if (!double.IsFinite(spec.Time) || spec.Time <= 0)
            throw new SpecException($"time must be a positive, finite number (got {Format(spec.Time)})");
        if (spec.Time / ParticleSpec.Dt >= int.MaxValue)
            throw new SpecException($"time {Format(spec.Time)} needs more than {int.MaxValue} steps of {ParticleSpec.Dt}");
        if (spec.Steps < 1)
            throw new SpecException($"time must be at least one step of {Format(ParticleSpec.Dt)} (got {Format(spec.Time)})");

        long needed = spec.Count * BytesPerParticle;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (spec.Count > Array.MaxLength || needed > available)
            throw new SpecException(
                $"count {spec.Count} needs about {needed / (1 << 20)} MiB but {available / (1 << 20)} MiB is available");
    }

    public override ParticleProblem Build(ParticleSpec spec) =>
        ParticleProblem.Random(spec.Count, spec.Steps, spec.Seed);

    public override double Work(ParticleSpec spec) => (double)spec.Count * spec.Steps;

    public override IReadOnlyList<KeyValuePair<string, double>> Describe(ParticleSpec spec) =>
    [
        new("count", spec.Count),
        new("time", spec.Time),
        new("steps", spec.Steps),
        new("dt", ParticleSpec.Dt),
        new("seed", spec.Seed),
    ];

    /// <summary>
    /// Fewer particles (the first particles of the smaller problem are those of the larger one); a shorter time only
    /// when even one particle would be too much.
    /// </summary>
    public override ParticleSpec ShrinkTo(ParticleSpec spec, double maxWork)
    {
        if (Work(spec) <= maxWork)
            return spec;
        int count = (int)Math.Clamp(maxWork / spec.Steps, 1, spec.Count);
        double time = count * (double)spec.Steps <= maxWork ? spec.Time : maxWork * ParticleSpec.Dt;
        return spec with { Count = count, Time = time };
    }

    public override double Checksum(ParticleState result) => result.Checksum();

    public override Verification Verify(ParticleState reference, ParticleState candidate, double tolerance) =>
        Verification.Within(candidate.RelativeErrorAgainst(reference), tolerance,
            "max |Δcoordinate| / max |coordinate|");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
