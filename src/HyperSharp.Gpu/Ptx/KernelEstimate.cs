namespace HyperSharp.Gpu.Ptx;

/// <summary>A GPU's published peak rates, the denominators of a first-order estimate.</summary>
/// <param name="Name">The device.</param>
/// <param name="MemoryBytesPerSecond">Peak memory bandwidth.</param>
/// <param name="Fp64FlopsPerSecond">Peak FP64 rate of the ordinary (vector) units, which scalar kernels use.</param>
/// <param name="Fp64TensorFlopsPerSecond">Peak FP64 rate of the tensor cores, for matrix code only.</param>
/// <param name="Fp32FlopsPerSecond">Peak FP32 rate.</param>
/// <param name="Multiprocessors">Streaming multiprocessors (SMs).</param>
/// <param name="ThreadsPerMultiprocessor">Threads one SM keeps resident at most.</param>
/// <param name="Source">Where the figures come from, and how far they were checked.</param>
public sealed record GpuPeaks(string Name, double MemoryBytesPerSecond, double Fp64FlopsPerSecond, double Fp64TensorFlopsPerSecond,
    double Fp32FlopsPerSecond, int Multiprocessors, int ThreadsPerMultiprocessor, string Source)
{
    /// <summary>Threads the whole GPU keeps resident: fewer in a launch leave SMs idle, and the peaks out of reach.</summary>
    public long ResidentThreads => (long)Multiprocessors * ThreadsPerMultiprocessor;

    /// <summary>
    /// NVIDIA H200 SXM: 4.8 TB/s HBM3e; FP64 34 TFLOP/s, FP64 tensor 67; FP32 67. Looked up for issue 19, from pages
    /// that restate NVIDIA's datasheet, not from NVIDIA's own page (which the search did not reach):
    /// itkb.uw.cz/2026/06/nvidia-h200-vs-b300-precisions-cores.html (H200 SXM: 4.8 TB/s, FP64 34, tensor 67);
    /// lzwjava.github.io/nvidia-h200-gpu-specs-en (4.8 TB/s, FP64 non-tensor 34, the H100's compute);
    /// glennklockwood.com/garden/processors/h100 (H200 = H100 compute with HBM3e; FP64 33.5 vector, 66.9 matrix,
    /// FP32 66.9); archive-lib.hpctech.co.jp/gpuproduct/nvidia-h100.html (H100 SXM: FP64 34, tensor 67, FP32 67).
    /// 132 SMs (the H100 SXM's; saulelectric.com/nvidia-h200.html, gentic.news/glossary/h200) of 2048 resident threads
    /// each (compute capability 9.0, the CUDA C++ Programming Guide's table as restated by docs.rs/oxicuda-launch).
    /// </summary>
    public static GpuPeaks H200Sxm { get; } = new("NVIDIA H200 SXM", 4.8e12, 34e12, 67e12, 67e12, 132, 2048,
        "NVIDIA's published H200 SXM figures, as restated by several secondary sources; not confirmed on NVIDIA's own page");

    /// <summary>The GPUs whose peaks are known here.</summary>
    public static IReadOnlyList<GpuPeaks> Known { get; } = [H200Sxm];

    /// <summary>The peaks of the device an ILGPU rung reported (its name contains the model), or null when unknown.</summary>
    public static GpuPeaks? ForDevice(string? device) =>
        device is null ? null : Known.FirstOrDefault(p => device.Contains(p.Name.Split(' ')[1], StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A first-order estimate of one kernel's launches, not a measurement: the PTX's per-thread counts
/// (<see cref="PtxSummary.PerThread"/>, with the rung's <see cref="GpuLaunch"/>) times the threads, over a GPU's
/// peak rates. It is the time if memory or arithmetic ran at its peak and nothing else cost anything — a lower bound
/// in that model, which leaves out integer work, latency, occupancy, launch overhead and host–device copies.
/// </summary>
public sealed class KernelEstimate
{
    public KernelEstimate(PtxSummary summary, GpuLaunch launch, GpuPeaks peaks)
    {
        Launch = launch;
        Peaks = peaks;
        PerThread = summary.PerThread(launch.LoopTrips);
    }

    public GpuLaunch Launch { get; }
    public GpuPeaks Peaks { get; }

    /// <summary>What one thread runs.</summary>
    public PtxTally PerThread { get; }

    /// <summary>Global memory bytes over the whole run, as issued.</summary>
    public double Bytes => PerThread.GlobalBytes * Launch.Threads;

    /// <summary>FP64 operations over the whole run.</summary>
    public double Fp64Flops => PerThread.F64.Flops * Launch.Threads;

    /// <summary>FP32 operations over the whole run.</summary>
    public double Fp32Flops => PerThread.F32.Flops * Launch.Threads;

    /// <summary>Integer instructions over the whole run: not in <see cref="Seconds"/>.</summary>
    public double IntegerOps => PerThread.IntegerOps * Launch.Threads;

    public double MemorySeconds => Bytes / Peaks.MemoryBytesPerSecond;
    public double Fp64Seconds => Fp64Flops / Peaks.Fp64FlopsPerSecond;
    public double Fp32Seconds => Fp32Flops / Peaks.Fp32FlopsPerSecond;

    /// <summary>The whole run at the slowest of the three peaks (they overlap on a GPU, so the largest, not the sum).</summary>
    public double Seconds => Math.Max(MemorySeconds, Math.Max(Fp64Seconds, Fp32Seconds));

    /// <summary>Which peak <see cref="Seconds"/> is set by: <c>memory</c>, <c>fp64</c> or <c>fp32</c>.</summary>
    public string Bound => Seconds == 0 ? "nothing" : Seconds == MemorySeconds ? "memory" : Seconds == Fp64Seconds ? "fp64" : "fp32";

    /// <summary>A run total divided over its launches.</summary>
    public double PerLaunch(double total) => Launch.Launches == 0 ? 0 : total / Launch.Launches;
}
