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
public sealed class DiffusionBench(int steps = 500, int dims = 2)
    : SystemBench<DiffusionSpec, DiffusionProblem, DiffusionGrid>(Catalog.Diffusion)
{
    /// <summary>Largest relative checksum (Σ cell²) difference a peer may have from a verified rung.</summary>
    public const double PeerTolerance = 1e-9;

    /// <summary>Beyond this much work the reference (≈ 0.1–0.2 G cell-updates/s) would take minutes a run.</summary>
    public const double ReferenceMaxWork = 2e9;

    /// <summary>Largest run given to the GPU rung when it would run on ILGPU's CPU accelerator.</summary>
    public const double CpuAcceleratorMaxWork = 1e6;

    private static readonly Peer[] s_peers =
    [
        Peer.C("diffusion", "inplace"),
        Peer.Python("diffusion", "python", "python", maxWork: 2e7),
        Peer.Python("diffusion", "numpy", "numpy", maxWork: 2e10),
        Peer.Python("diffusion", "numpy-inplace", "numpy-inplace", maxWork: 2e10),
        Peer.Python("diffusion", "numexpr", "numexpr", parallel: true, maxWork: 2e10),
        Peer.Python("diffusion", "numba", "numba", parallel: true),
    ];

    public override string SizeName => "size";
    public override IReadOnlyList<long> DefaultSizes { get; } = [640, 2048];
    protected override IReadOnlyList<Peer> Peers => s_peers;

    protected override DiffusionSpec Spec(long size) =>
        new(size is > 0 and <= int.MaxValue ? (int)size : throw new SpecException($"size {size} is out of range"), steps, dims);

    protected override IReadOnlyList<string> Arguments(long size) =>
        ["--size", RungItems.Invariant(size), "--steps", RungItems.Invariant(steps), "--dims", RungItems.Invariant(dims)];

    /// <summary>The reference at sizes where it would take minutes, and the GPU rung without a GPU, are skipped rows.</summary>
    protected override IEnumerable<BenchItem> RungItemsAt(BenchSettings settings, long size)
    {
        double work = Catalog.Diffusion.Work(Spec(size));
        return base.RungItemsAt(settings, size).Select(item => Catalog.Diffusion.Find(item.Label).Kind switch
        {
            RungKind.Reference when work > ReferenceMaxWork => item with
            {
                Skip = $"skipped at this size: more than {ReferenceMaxWork:G2} cell-updates would take minutes (the other rungs still verify against it on fewer steps)",
            },
            // ILGPU's CPU accelerator manages a few 1e5 cell-updates/s: a bench-sized run would take many minutes.
            RungKind.Gpu when !GpuDevices.IsRealGpu && work > CpuAcceleratorMaxWork => item with
            {
                Skip = $"skipped: no GPU here, and ILGPU's CPU accelerator would take minutes for more than {CpuAcceleratorMaxWork:G2} cell-updates",
            },
            _ => item,
        });
    }

    /// <summary>Peers sum the squares in their own order: within <see cref="PeerTolerance"/> relative of an exact rung.</summary>
    public override RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults) =>
        AgainstExactRung(peer, rungResults, "relative |Δ Σ cell²|", PeerTolerance, exact => exact.Checksum == 0
            ? Math.Abs(peer.Checksum)
            : Math.Abs(peer.Checksum - exact.Checksum) / Math.Abs(exact.Checksum));

    /// <summary>Effective GB/s of every run (an ideal stream reads and writes each cell once a step: 2 × 8 bytes), as a
    /// fraction of the STREAM-like bandwidth measured now with the same number of threads.</summary>
    public override IEnumerable<string> Notes(BenchFile bench)
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
}
