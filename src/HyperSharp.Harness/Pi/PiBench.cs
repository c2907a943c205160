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
public sealed class PiBench(long seed = PiSpec.DefaultSeed) : ISystemBench
{
    private static readonly PeerSpec[] s_peers =
    [
        new("c-openmp", "c", Parallel: true, MaxSamples: long.MaxValue),
        new("c-avx512", "c", Parallel: true, MaxSamples: long.MaxValue),
        new("python-loop", "python", Parallel: false, MaxSamples: 10_000_000),
        new("numpy", "python", Parallel: false, MaxSamples: long.MaxValue),
        new("numba", "python", Parallel: false, MaxSamples: long.MaxValue),
        new("numba-parallel", "python", Parallel: true, MaxSamples: long.MaxValue),
    ];

    private static readonly HashSet<string> s_counterRungs =
        [.. Catalog.Pi.Rungs.Where(r => r.Tolerance == 0).Select(r => r.Name)];

    public ILadder Ladder => Catalog.Pi;
    public string SizeName => "samples";
    public IReadOnlyList<long> DefaultSizes { get; } = [1_000_000, 100_000_000];

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.Pi.Find(rung);
        foreach (long size in Sizes(settings))
            Catalog.Pi.Validate(new PiSpec(size, seed));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        PiLadder ladder = Catalog.Pi;
        var rungs = settings.Rungs.Count == 0
            ? ladder.Rungs.Where(r => r.Availability.IsAvailable).ToList()
            : settings.Rungs.Select(ladder.Find).ToList();
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;

        foreach (long size in Sizes(settings))
        {
            ladder.Validate(new PiSpec(size, seed));
            // pertask refuses more than 10⁶ samples (one task each): left out of larger sizes rather than failed,
            // since a rung row with an error fails the bench.
            foreach (var rung in rungs.Where(r => r is not PiPerTask || size <= PiPerTask.MaxSamples))
            {
                foreach (int threads in rung.IsParallel ? settings.ThreadCounts : [1])
                {
                    yield return new BenchItem(rung.Name, IsPeer: false, size, threads,
                        [.. ChildProcess.Self(), "run", "pi", "--rung", rung.Name, "--samples", Invariant(size),
                         "--seed", Invariant(seed), "--threads", Invariant(threads), "--json"]);
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
                    string? skip = missing ?? (size > peer.MaxSamples
                        ? $"skipped at this size: more than {peer.MaxSamples:G2} samples would take minutes"
                        : null);
                    string[] command = prefix is null ? [] :
                        [.. prefix, "--samples", Invariant(size), "--seed", Invariant(seed),
                         "--threads", Invariant(threads), "--repeats", "3"];
                    yield return new BenchItem(peer.Name, IsPeer: true, size, threads, command, skip);
                }
            }
        }
    }

    /// <summary>
    /// The C peer: |Δhits| against a verified counter-stream rung on the same spec, tolerance 0. Python peers:
    /// |π̂ − π| / σ within <see cref="PiLadder.SigmaTolerance"/>.
    /// </summary>
    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults)
    {
        double samples = peer.Spec?.GetValueOrDefault("samples") ?? 0;
        if (samples <= 0)
            return peer with { Verified = null };
        if (peer.Implementation == "c")
        {
            // A counter-stream rung (tolerance 0), not the reference: its hits come from System.Random.
            RunResult? exact = rungResults.FirstOrDefault(r =>
                r.Error is null && r.Verified == true && s_counterRungs.Contains(r.Rung) &&
                r.Spec?.GetValueOrDefault("samples") == samples && r.Spec?.GetValueOrDefault("seed") == peer.Spec?.GetValueOrDefault("seed"));
            if (exact is null)
                return peer with { Verified = null };
            double error = Math.Abs(peer.Checksum - exact.Checksum);
            return peer with
            {
                Verified = error == 0,
                Verification = new VerificationInfo(exact.Rung, exact.Spec, error, 0, "|Δhits| (same counter stream)"),
            };
        }
        double deviations = new PiResult((long)peer.Checksum, (long)samples, 0, PiGenerator.SystemRandom).Deviations;
        return peer with
        {
            Verified = deviations <= PiLadder.SigmaTolerance,
            Verification = new VerificationInfo("π", peer.Spec, deviations, PiLadder.SigmaTolerance, "|π̂ − π| / σ"),
        };
    }

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record PeerSpec(string Name, string Implementation, bool Parallel, long MaxSamples)
    {
        public (string[]? Prefix, string? Missing) Locate(string peers)
        {
            if (Implementation == "c")
            {
                string exe = Path.Combine(peers, "c", "build", "pi");
                return File.Exists(exe)
                    ? ([exe, "--variant", Name == "c-openmp" ? "auto" : "avx512"], null)
                    : (null, "C peer not built (run peers/install.sh)");
            }
            string? python = PeerLocator.Python();
            string variant = Name == "python-loop" ? "loop" : Name;
            return python is null
                ? (null, "python3 not installed (run peers/install.sh)")
                : ([python, Path.Combine(peers, "python", "pi.py"), "--variant", variant], null);
        }
    }
}
