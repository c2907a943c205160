using System.Globalization;
using HyperSharp.Harness.Bench;
using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Julia;

/// <summary>
/// The Julia set's bench: every rung through <c>hyper run julia</c>, and the C and Python peers of <c>peers/</c>.
/// The grid is deterministic in the width, so the peers build it themselves (the book's way) and need no input
/// file; a peer is verified by exact equality of its checksum (the sum of counts) with a verified rung's.
/// </summary>
public sealed class JuliaBench(int maxIter = 300) : ISystemBench
{
    private static readonly PeerSpec[] s_peers =
    [
        new("c-avx512", "c", Parallel: true, MaxWork: double.PositiveInfinity),
        new("python", "python", Parallel: false, MaxWork: 4e7),
        new("pypy-python", "pypy", Parallel: false, MaxWork: 4e8),
        new("numpy", "python", Parallel: false, MaxWork: 2e8),
        new("numba", "python", Parallel: false, MaxWork: double.PositiveInfinity),
        new("numba-parallel", "python", Parallel: true, MaxWork: double.PositiveInfinity),
        new("cython", "python", Parallel: false, MaxWork: double.PositiveInfinity),
    ];

    public ILadder Ladder => Catalog.Julia;
    public string SizeName => "width";
    public IReadOnlyList<long> DefaultSizes { get; } = [200, 1_000];

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.Julia.Find(rung);
        foreach (long size in Sizes(settings))
            Catalog.Julia.Validate(Spec(size));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        JuliaLadder ladder = Catalog.Julia;
        var rungs = settings.Rungs.Count == 0
            ? ladder.Rungs.Where(r => r.Availability.IsAvailable).ToList()
            : settings.Rungs.Select(ladder.Find).ToList();
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;

        foreach (long size in Sizes(settings))
        {
            JuliaSpec spec = Spec(size);
            ladder.Validate(spec);
            foreach (var rung in rungs)
            {
                foreach (int threads in rung.IsParallel ? settings.ThreadCounts : [1])
                {
                    yield return new BenchItem(rung.Name, IsPeer: false, size, threads,
                        [.. ChildProcess.Self(), "run", "julia", "--rung", rung.Name, "--width", Invariant(size),
                         "--maxiter", Invariant(maxIter), "--threads", Invariant(threads), "--json"]);
                }
            }
            if (!settings.Peers)
                continue;
            if (peers is null)
            {
                yield return new BenchItem("peers", IsPeer: true, size, 1, [],
                    "no peers/ folder found (run from a HyperSharp checkout or pass --peers-dir)");
                continue;
            }
            foreach (PeerSpec peer in s_peers)
            {
                foreach (int threads in peer.Parallel ? settings.ThreadCounts : [1])
                {
                    (string[]? prefix, string? missing) = peer.Locate(peers);
                    string? skip = missing ?? (ladder.Work(spec) > peer.MaxWork
                        ? $"skipped at this size: more than {peer.MaxWork:G2} iterations would take minutes"
                        : null);
                    string[] command = prefix is null ? [] :
                        [.. prefix, "--width", Invariant(size), "--maxiter", Invariant(maxIter),
                         "--threads", Invariant(threads), "--repeats", "3"];
                    yield return new BenchItem(peer.Name, IsPeer: true, size, threads, command, skip);
                }
            }
        }
    }

    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults)
    {
        double width = peer.Spec?.GetValueOrDefault("width") ?? 0;
        RunResult? exact = rungResults.FirstOrDefault(r =>
            r.Error is null && r.Verified == true && r.Verification is { Tolerance: 0 } &&
            r.Spec?.GetValueOrDefault("width") == width && r.Spec?.GetValueOrDefault("maxiter") == peer.Spec?.GetValueOrDefault("maxiter"));
        if (exact is null || width <= 0)
            return peer with { Verified = null };
        double error = Math.Abs(peer.Checksum - exact.Checksum);
        return peer with
        {
            Verified = error == 0,
            Verification = new VerificationInfo(exact.Rung, exact.Spec, error, 0, "|Δ sum of counts|"),
        };
    }

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;

    private JuliaSpec Spec(long size) =>
        new(size is > 0 and <= JuliaLadder.MaxWidth ? (int)size : throw new SpecException($"width {size} is out of range (1 to {JuliaLadder.MaxWidth:N0})"), maxIter);

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private sealed record PeerSpec(string Name, string Implementation, bool Parallel, double MaxWork)
    {
        public (string[]? Prefix, string? Missing) Locate(string peers)
        {
            switch (Implementation)
            {
                case "c":
                    string exe = Path.Combine(peers, "c", "build", "julia");
                    return File.Exists(exe)
                        ? ([exe, "--variant", Name["c-".Length..]], null)
                        : (null, "C peer not built (run peers/install.sh)");
                default:
                    string? interpreter = Implementation == "pypy" ? PeerLocator.PyPy() : PeerLocator.Python();
                    string script = Path.Combine(peers, "python", "julia.py");
                    string variant = Implementation == "pypy" ? "python" : Name;
                    return interpreter is null
                        ? (null, $"{(Implementation == "pypy" ? "pypy3" : "python3")} not installed (run peers/install.sh)")
                        : ([interpreter, script, "--variant", variant], null);
            }
        }
    }
}
