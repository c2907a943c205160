using System.Globalization;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Harness.Particles;

/// <summary>
/// The particle simulator's bench: every rung through <c>hyper run particles</c>, and the C and Python peers of
/// <c>peers/</c> on the very same initial state (written to a file they read).
/// </summary>
public sealed class ParticlesBench(double time = 0.1, int seed = ParticleSpec.DefaultSeed) : ISystemBench
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

    public ILadder Ladder => Catalog.Particles;
    public string SizeName => "count";
    public IReadOnlyList<long> DefaultSizes { get; } = [1_000, 100_000];

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.Particles.Find(rung);
        foreach (long size in Sizes(settings))
            Catalog.Particles.Validate(Spec(size));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        ParticlesLadder ladder = Catalog.Particles;
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;

        foreach (long size in Sizes(settings))
        {
            ParticleSpec spec = Spec(size);
            ladder.Validate(spec);
            foreach (BenchItem item in RungItems.For(ladder, settings, size,
                         ["--count", Invariant(size), "--time", Invariant(time), "--seed", Invariant(seed)]))
                yield return item;
            if (!settings.Peers)
                continue;

            string input = Path.Combine(workDirectory, $"particles-{size}.f64");
            if (peers is not null && !File.Exists(input))
                WriteInput(ladder.Build(spec), input);
            foreach (BenchItem item in Peer.Items(s_peers, peers, settings, size, ladder.Work(spec), "particle-steps",
                         ["--input", input, "--count", Invariant(size), "--steps", Invariant(spec.Steps),
                          "--dt", Invariant(ParticleSpec.Dt), "--time", Invariant(time), "--seed", Invariant(seed)]))
                yield return item;
        }
    }

    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults)
    {
        double count = peer.Spec?.GetValueOrDefault("count") ?? 0;
        RunResult? exact = rungResults.FirstOrDefault(r =>
            r.Error is null && r.Verified == true && r.Verification is { Tolerance: 0 } &&
            r.Spec?.GetValueOrDefault("count") == count && r.Spec?.GetValueOrDefault("steps") == peer.Spec?.GetValueOrDefault("steps"));
        if (exact is null || count <= 0)
            return peer with { Verified = null };
        double error = Math.Abs(peer.Checksum - exact.Checksum) / count;
        return peer with
        {
            Verified = error <= PeerTolerance,
            Verification = new VerificationInfo(exact.Rung, exact.Spec, error, PeerTolerance, "mean |Δ(x+y)| per particle"),
        };
    }

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;

    private ParticleSpec Spec(long size) =>
        new(size is > 0 and <= int.MaxValue ? (int)size : throw new SpecException($"count {size} is out of range"), time, seed);

    /// <summary>The peers' input: little-endian float64, all x, then all y, then all w.</summary>
    public static void WriteInput(ParticleProblem problem, string path) =>
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream);
            foreach (double[] column in new[] { problem.X, problem.Y, problem.W })
                foreach (double v in column)
                    writer.Write(v);
        });

    private static string Invariant(IFormattable value) => RungItems.Invariant(value);
}
