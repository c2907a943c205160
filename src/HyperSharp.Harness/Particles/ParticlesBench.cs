using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Harness.Particles;

/// <summary>
/// The particle simulator's bench: every rung through <c>hyper run particles</c>, and the C and Python peers of
/// <c>peers/</c> on the very same initial state (written to a file they read).
/// </summary>
public sealed class ParticlesBench(double time = 0.1, int seed = ParticleSpec.DefaultSeed)
    : SystemBench<ParticleSpec, ParticleProblem, ParticleState>(Catalog.Particles)
{
    /// <summary>Largest mean |Δ(x + y)| per particle a peer may differ from an exact rung by.</summary>
    public const double PeerTolerance = 1e-9;

    private static readonly Peer[] s_peers =
    [
        Peer.C("particles", "sqrtdiv"),
        Peer.C("particles", "rsqrt"),
        Peer.Python("particles", "python-objects", "objects", maxWork: 2e7),
        Peer.PyPy("particles", "pypy-objects", "objects", maxWork: 2e8),
        Peer.Python("particles", "numpy", "numpy", maxWork: 2e9),
        Peer.Python("particles", "numexpr", "numexpr", maxWork: 2e9),
        Peer.Python("particles", "numba", "numba"),
        Peer.Python("particles", "numba-parallel", "numba-parallel", parallel: true),
        Peer.Python("particles", "cython", "cython"),
    ];

    public override string SizeName => "count";
    public override IReadOnlyList<long> DefaultSizes { get; } = [1_000, 100_000];
    protected override IReadOnlyList<Peer> Peers => s_peers;

    protected override ParticleSpec Spec(long size) =>
        new(size is > 0 and <= int.MaxValue ? (int)size : throw new SpecException($"count {size} is out of range"), time, seed);

    protected override IReadOnlyList<string> Arguments(long size) =>
        ["--count", RungItems.Invariant(size), "--time", RungItems.Invariant(time), "--seed", RungItems.Invariant(seed)];

    /// <summary>The peers read the initial state from a file, so they evolve exactly the particles the rungs do.</summary>
    protected override IReadOnlyList<string> PeerArguments(long size, ParticleSpec spec, string workDirectory)
    {
        string input = Path.Combine(workDirectory, $"particles-{size}.f64");
        if (!File.Exists(input))
            WriteInput(Catalog.Particles.Build(spec), input);
        return ["--input", input, .. Arguments(size), "--steps", RungItems.Invariant(spec.Steps), "--dt", RungItems.Invariant(ParticleSpec.Dt)];
    }

    /// <summary>Peers sum x + y in their own order: within <see cref="PeerTolerance"/> per particle of an exact rung.</summary>
    public override RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults)
    {
        double count = peer.Spec?.GetValueOrDefault("count") ?? 0;
        return AgainstExactRung(peer, rungResults, "mean |Δ(x+y)| per particle", PeerTolerance,
            exact => Math.Abs(peer.Checksum - exact.Checksum) / Math.Max(1, count));
    }

    /// <summary>The peers' input: little-endian float64, all x, then all y, then all w.</summary>
    public static void WriteInput(ParticleProblem problem, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream);
            foreach (double[] column in new[] { problem.X, problem.Y, problem.W })
                foreach (double v in column)
                    writer.Write(v);
        });
}
