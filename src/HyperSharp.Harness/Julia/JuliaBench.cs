using HyperSharp.Harness.Bench;
using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Julia;

/// <summary>
/// The Julia set's bench: every rung through <c>hyper run julia</c>, and the C and Python peers of <c>peers/</c>.
/// The grid is deterministic in the width, so the peers build it themselves (the book's way) and need no input
/// file; a peer is verified by exact equality of its checksum (the sum of counts) with a verified rung's.
/// </summary>
public sealed class JuliaBench(int maxIter = 300) : SystemBench<JuliaSpec, JuliaProblem, JuliaImage>(Catalog.Julia)
{
    private static readonly Peer[] s_peers =
    [
        Peer.C("julia", "avx512"),
        Peer.Python("julia", "python", "python", maxWork: 4e7),
        Peer.PyPy("julia", "pypy-python", "python", maxWork: 4e8),
        Peer.Python("julia", "numpy", "numpy", maxWork: 2e8),
        Peer.Python("julia", "numba", "numba"),
        Peer.Python("julia", "numba-parallel", "numba-parallel", parallel: true),
        Peer.Python("julia", "cython", "cython"),
    ];

    public override string SizeName => "width";
    public override IReadOnlyList<long> DefaultSizes { get; } = [200, 1_000];
    protected override IReadOnlyList<Peer> Peers => s_peers;

    protected override JuliaSpec Spec(long size) =>
        new(size is > 0 and <= JuliaLadder.MaxWidth ? (int)size : throw new SpecException($"width {size} is out of range (1 to {JuliaLadder.MaxWidth:N0})"), maxIter);

    protected override IReadOnlyList<string> Arguments(long size) =>
        ["--width", RungItems.Invariant(size), "--maxiter", RungItems.Invariant(maxIter)];

    public override RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults) =>
        AgainstExactRung(peer, rungResults, "|Δ sum of counts|", 0, exact => Math.Abs(peer.Checksum - exact.Checksum));
}
