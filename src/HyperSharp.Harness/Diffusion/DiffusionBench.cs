using System.Globalization;
using HyperSharp.Diffusion;
using HyperSharp.Gpu;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Diffusion;

/// <summary>
/// The diffusion bench: every rung through <c>hyper run diffusion</c>, and the C and Python peers of <c>peers/</c>,
/// which build the same start grid from the size alone. Under the table: each run's effective memory bandwidth
/// against the machine's STREAM-like bandwidth (<see cref="MemoryBandwidth"/>).
/// </summary>
public sealed class DiffusionBench(int steps = 500, int dims = 2) : ISystemBench
{
    /// <summary>Largest relative checksum (Σ cell²) difference a peer may have from a verified rung.</summary>
    public const double PeerTolerance = 1e-9;

    /// <summary>Beyond this much work the reference (≈ 0.1–0.2 G cell-updates/s) would take minutes a run.</summary>
    public const double ReferenceMaxWork = 2e9;

    /// <summary>Largest run given to the GPU rung when it would run on ILGPU's CPU accelerator.</summary>
    public const double CpuAcceleratorMaxWork = 1e6;

    private static readonly PeerSpec[] s_peers =
    [
        new("c-inplace", "c", Parallel: true, MaxWork: double.PositiveInfinity),
        new("python", "python", Parallel: false, MaxWork: 2e7),
        new("numpy", "python", Parallel: false, MaxWork: 2e10),
        new("numpy-inplace", "python", Parallel: false, MaxWork: 2e10),
        new("numexpr", "python", Parallel: true, MaxWork: 2e10),
        new("numba", "python", Parallel: true, MaxWork: double.PositiveInfinity),
    ];

    public ILadder Ladder => Catalog.Diffusion;
    public string SizeName => "size";
    public IReadOnlyList<long> DefaultSizes { get; } = [640, 2048];

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            Catalog.Diffusion.Find(rung);
        foreach (long size in Sizes(settings))
            Catalog.Diffusion.Validate(Spec(size));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        DiffusionLadder ladder = Catalog.Diffusion;
        var rungs = settings.Rungs.Count == 0
            ? ladder.Rungs.Where(r => r.Availability.IsAvailable).ToList()
            : settings.Rungs.Select(ladder.Find).ToList();
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;

        foreach (long size in Sizes(settings))
        {
            DiffusionSpec spec = Spec(size);
            ladder.Validate(spec);
            foreach (var rung in rungs)
            {
                string? skip = rung.Kind switch
                {
                    RungKind.Reference when ladder.Work(spec) > ReferenceMaxWork =>
                        $"skipped at this size: more than {ReferenceMaxWork:G2} cell-updates would take minutes (the other rungs still verify against it on fewer steps)",
                    // ILGPU's CPU accelerator manages a few 1e5 cell-updates/s: a bench-sized run would take many minutes.
                    RungKind.Gpu when !GpuDevices.IsRealGpu && ladder.Work(spec) > CpuAcceleratorMaxWork =>
                        $"skipped: no GPU here, and ILGPU's CPU accelerator would take minutes for more than {CpuAcceleratorMaxWork:G2} cell-updates",
                    _ => null,
                };
                foreach (int threads in rung.IsParallel ? settings.ThreadCounts : [1])
                {
                    yield return new BenchItem(rung.Name, IsPeer: false, size, threads,
                        [.. ChildProcess.Self(), "run", "diffusion", "--rung", rung.Name, "--size", Invariant(size),
                         "--steps", Invariant(steps), "--dims", Invariant(dims), "--threads", Invariant(threads), "--json"], skip);
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
                        ? $"skipped at this size: more than {peer.MaxWork:G2} cell-updates would take minutes"
                        : null);
                    string[] command = prefix is null ? [] :
                        [.. prefix, "--size", Invariant(size), "--steps", Invariant(steps), "--dims", Invariant(dims),
                         "--threads", Invariant(threads), "--repeats", "3"];
                    yield return new BenchItem(peer.Name, IsPeer: true, size, threads, command, skip);
                }
            }
        }
    }

    public RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults)
    {
        RunResult? verified = rungResults.FirstOrDefault(r =>
            r.Error is null && r.Kind != "peer" && r.Verified == true && r.Verification is { Tolerance: 0 } &&
            BenchTable.SameSpec(r, peer));
        if (verified is null)
            return peer with { Verified = null };
        double error = verified.Checksum == 0
            ? Math.Abs(peer.Checksum)
            : Math.Abs(peer.Checksum - verified.Checksum) / Math.Abs(verified.Checksum);
        return peer with
        {
            Verified = error <= PeerTolerance,
            Verification = new VerificationInfo(verified.Rung, verified.Spec, error, PeerTolerance, "relative |Δ Σ cell²|"),
        };
    }

    /// <summary>Effective GB/s of every run (an ideal stream reads and writes each cell once a step: 2 × 8 bytes), as a
    /// fraction of the STREAM-like bandwidth measured now with the same number of threads.</summary>
    public IEnumerable<string> Notes(BenchFile bench)
    {
        var runs = bench.Results.Where(r => r.Error is null && r.Seconds > 0).ToList();
        if (runs.Count == 0)
            yield break;
        var stream = runs.Select(r => r.Threads).Distinct().Order()
            .ToDictionary(t => t, t => MemoryBandwidth.Measure(t));
        yield return "";
        yield return $"Memory bandwidth (STREAM-like, 3 × {MemoryBandwidth.DefaultArrayBytes >> 20} MiB arrays, best of 5): " + string.Join("; ",
            stream.Values.Select(s => $"{s.Threads} thread{(s.Threads == 1 ? "" : "s")}: copy {Gb(s.CopyBytesPerSecond)}, triad {Gb(s.TriadBytesPerSecond)} GB/s"));
        yield return $"{"size",6}  {"rung",-14} {"threads",7}  {"GB/s",7}  {"of STREAM",9}   (effective: 2 × 8 bytes × cells × steps / median)";
        foreach (RunResult r in runs)
        {
            double bytes = 2.0 * sizeof(double) * r.Work;
            double rate = bytes / r.Seconds;
            double best = stream[r.Threads].BestBytesPerSecond;
            yield return $"{r.Spec?.GetValueOrDefault("size") ?? 0,6:F0}  {r.Rung,-14} {r.Threads,7}  {Gb(rate),7}  {rate / best,9:P0}";
        }

        static string Gb(double bytesPerSecond) => (bytesPerSecond / 1e9).ToString("F1", CultureInfo.InvariantCulture);
    }

    private IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;

    private DiffusionSpec Spec(long size) =>
        new(size is > 0 and <= int.MaxValue ? (int)size : throw new SpecException($"size {size} is out of range"), steps, dims);

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);

    private sealed record PeerSpec(string Name, string Implementation, bool Parallel, double MaxWork)
    {
        public (string[]? Prefix, string? Missing) Locate(string peers)
        {
            if (Implementation == "c")
            {
                string exe = Path.Combine(peers, "c", "build", "diffusion");
                return File.Exists(exe) ? ([exe], null) : (null, "C peer not built (run peers/install.sh)");
            }
            string? python = PeerLocator.Python();
            return python is null
                ? (null, "python3 not installed (run peers/install.sh)")
                : ([python, Path.Combine(peers, "python", "diffusion.py"), "--variant", Name], null);
        }
    }
}
