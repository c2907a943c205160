using HyperSharp.IO;
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

    /// <summary>The CPU rungs only.</summary>
    public ParticlesLadder() : this([]) { }

    /// <summary>The rungs of this project, reference first.</summary>
    public static IReadOnlyList<Rung<ParticleProblem, ParticleState>> CpuRungs { get; } =
        [new ParticlesReference(), new ParticlesSoa(), new ParticlesSimd(), new ParticlesReciprocal(), new ParticlesThreads(), new ParticlesFastMath()];

    /// <inheritdoc/>
    public override string Name => "particles";
    /// <inheritdoc/>
    public override string Title => "Particle simulator: particles rotating around the origin (Lanaro ch. 1)";
    /// <inheritdoc/>
    public override string Unit => "particle-steps/s";

    /// <summary>The exact step as ExactStep writes it: x², y², +, √, two divisions, two products by dt·w, two
    /// additions — 10 flops, each division and root counted as one although they cost far more than an FMA.</summary>
    public override WorkCost Cost { get; } = new(0, 10, "10 flops a particle-step (÷ and √ counted as 1), state in registers");

    /// <inheritdoc/>
    public override SpecDeclaration<ParticleSpec> Spec { get; } =
        new SpecDeclaration<ParticleSpec>(v => new ParticleSpec(v.Int("count"), v.Real("time"), v.Int("seed")))
            .Integer("count", "Number of particles.", s => s.Count, 100_000, 1, Array.MaxLength,
                axis: new SweepAxis("counts", [1_000, 100_000], Report: [1_000, 10_000, 100_000]))
            .Real("time", $"Simulated time; steps = int(time / {ParticleSpec.Dt}).", s => s.Time, 0.1, ParticleSpec.Dt, int.MaxValue * ParticleSpec.Dt)
            .Integer("seed", "Seed of the initial positions and velocities.", s => s.Seed, ParticleSpec.DefaultSeed, 0, int.MaxValue)
            .Derived("steps", s => s.Steps)
            .Derived("dt", _ => ParticleSpec.Dt);

    /// <inheritdoc/>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.C("particles", "sqrtdiv", exact: true),
        PeerProgram.C("particles", "rsqrt"),
        PeerProgram.Python("particles", "python-objects", "objects", maxWork: 2e7),
        PeerProgram.PyPy("particles", "pypy-objects", "objects", maxWork: 2e8),
        PeerProgram.Python("particles", "numpy", "numpy", maxWork: 2e9),
        PeerProgram.Python("particles", "numexpr", "numexpr", parallel: true, maxWork: 2e9),
        PeerProgram.Python("particles", "numba", "numba"),
        PeerProgram.Python("particles", "numba-parallel", "numba-parallel", parallel: true),
        PeerProgram.Python("particles", "cython", "cython"),
    ];

    /// <summary>Largest mean |Δ(x + y)| per particle a peer that is not bit-identical may differ from an exact rung by.</summary>
    public const double PeerTolerance = 1e-9;

    /// <summary>Peers sum x + y in their own order: within <see cref="PeerTolerance"/> per particle of an exact rung.</summary>
    public override Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum) =>
        exactChecksum is { } exact
            ? Verification.Within(Math.Abs(checksum - exact) / Math.Max(1, spec.GetValueOrDefault("count").Number), PeerTolerance,
                "mean |Δ(x+y)| per particle")
            : null;

    /// <summary>The peers read the initial state from a file, so they evolve exactly the particles the rungs do.</summary>
    public override IReadOnlyList<string> PeerArguments(ParticleSpec spec, Func<ParticleProblem> problem, string directory)
    {
        string input = Path.Combine(directory, $"particles-{spec.Count}-{spec.Seed}.f64");
        if (!File.Exists(input))
            WriteInput(problem(), input);
        return ["--input", input, "--steps", spec.Steps.ToString(CultureInfo.InvariantCulture),
                "--dt", ParticleSpec.Dt.ToString("R", CultureInfo.InvariantCulture)];
    }

    /// <summary>The peers' input: little-endian float64, all x, then all y, then all w (temporary file, then rename).</summary>
    public static void WriteInput(ParticleProblem problem, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream);
            foreach (double[] column in new[] { problem.X, problem.Y, problem.W })
                foreach (double v in column)
                    writer.Write(v);
        });

    /// <inheritdoc/>
    protected override void Check(ParticleSpec spec)
    {
        long needed = spec.Count * BytesPerParticle;
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > available)
            throw new SpecException(
                $"count {spec.Count} needs about {needed / (1 << 20)} MiB but {available / (1 << 20)} MiB is available");
    }

    /// <inheritdoc/>
    public override ParticleProblem Build(ParticleSpec spec) =>
        ParticleProblem.Random(spec.Count, spec.Steps, spec.Seed);

    /// <inheritdoc/>
    public override double Work(ParticleSpec spec) => (double)spec.Count * spec.Steps;

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

    /// <inheritdoc/>
    public override bool ReadsAnswers => true;

    /// <summary>x[0..n) then y[0..n), little-endian float64: the fingerprint's layout.</summary>
    public override bool TryReadAnswer(ParticleSpec spec, byte[] bytes, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ParticleState answer)
    {
        double[]? values = AnswerBytes.Doubles(bytes, 2L * spec.Count);
        answer = values is null ? null : new ParticleState(values[..spec.Count], values[spec.Count..]);
        return answer is not null;
    }

    /// <summary>x then y, as <see cref="TryReadAnswer"/> reads them.</summary>
    public override byte[]? WriteAnswer(ParticleState result) => AnswerBytes.Of(result.X, result.Y);

    /// <summary>A peer's positions: within what the fast-math rung (rsqrt, FMA: c-rsqrt's formulation) is allowed.</summary>
    public override double PeerAnswerTolerance => ParticlesFastMath.ErrorBound;

    /// <inheritdoc/>
    public override double Checksum(ParticleState result) => result.Checksum();

    /// <summary>SHA-256 of x[0..n) then y[0..n) as little-endian float64.</summary>
    public override Fingerprint? Fingerprint(ParticleState result) => Ladder.Fingerprint.Of(result.X, result.Y);

    /// <inheritdoc/>
    public override Verification Verify(ParticleState reference, ParticleState candidate, double tolerance) =>
        Verification.Within(candidate.RelativeErrorAgainst(reference), tolerance,
            "max |Δcoordinate| / max |coordinate|");

}
