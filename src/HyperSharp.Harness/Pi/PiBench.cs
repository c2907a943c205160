using System.Globalization;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Pi;

namespace HyperSharp.Harness.Pi;

/// <summary>
/// Monte Carlo π's bench: every rung through <c>hyper run pi</c>, and the C and Python peers with the same sample
/// count and seed. The C peer draws the same counter stream, so its hits must equal the C# counter-stream rungs'
/// exactly; the Python peers use NumPy's and Python's generators and are checked statistically.
/// </summary>
public sealed class PiBench(long seed = PiSpec.DefaultSeed) : SystemBench<PiSpec, PiProblem, PiResult>(Catalog.Pi)
{
    private static readonly Peer[] s_peers =
    [
        new("c-openmp", "c", "pi", "auto", Parallel: true, MaxWork: double.PositiveInfinity),
        new("c-avx512", "c", "pi", "avx512", Parallel: true, MaxWork: double.PositiveInfinity),
        Peer.Python("pi", "python-loop", "loop", maxWork: 1e7),
        Peer.Python("pi", "numpy", "numpy"),
        Peer.Python("pi", "numba", "numba"),
        Peer.Python("pi", "numba-parallel", "numba-parallel", parallel: true),
    ];

    public override string SizeName => "samples";
    public override IReadOnlyList<long> DefaultSizes { get; } = [1_000_000, 100_000_000];
    protected override IReadOnlyList<Peer> Peers => s_peers;

    protected override PiSpec Spec(long size) => new(size, seed);

    protected override IReadOnlyList<string> Arguments(long size) =>
        ["--samples", RungItems.Invariant(size), "--seed", RungItems.Invariant(seed)];

    /// <summary>pertask refuses more than 10⁶ samples (one task each): a skipped row at larger sizes.</summary>
    protected override IEnumerable<BenchItem> RungItemsAt(BenchSettings settings, long size) =>
        base.RungItemsAt(settings, size).Select(i => i.Label == "pertask" && size > PiPerTask.MaxSamples
            ? i with { Skip = $"skipped: one task per sample is the slow lesson, run up to {PiPerTask.MaxSamples:N0} samples" }
            : i);

    /// <summary>
    /// The C peers draw the counter stream: |Δhits| against a verified counter-stream rung (tolerance 0; never the
    /// reference, whose points come from System.Random). Python peers: |π̂ − π| / σ within
    /// <see cref="PiLadder.SigmaTolerance"/>.
    /// </summary>
    public override RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults)
    {
        double samples = peer.Spec?.GetValueOrDefault("samples") ?? 0;
        if (samples <= 0)
            return peer with { Verified = null };
        if (peer.Implementation == "c")
            return AgainstExactRung(peer, rungResults, "|Δhits| (same counter stream)", 0, exact => Math.Abs(peer.Checksum - exact.Checksum));
        double deviations = new PiResult((long)peer.Checksum, (long)samples, 0, PiGenerator.SystemRandom).Deviations;
        return peer with
        {
            Verified = deviations <= PiLadder.SigmaTolerance,
            Verification = new VerificationInfo("π", peer.Spec, deviations, PiLadder.SigmaTolerance, "|π̂ − π| / σ"),
        };
    }
}
