using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Pi;
using ILGPU;
using ILGPU.Runtime;
using CountKernel = System.Action<ILGPU.Index1D, ILGPU.ArrayView<long>, long, long, long>;

namespace HyperSharp.Gpu.Pi;

/// <summary>
/// The counter stream on a GPU: one thread per chunk of <see cref="ChunkSize"/> samples of a block, each counting with
/// the very <see cref="PiKernel.CountRange{TWord, TReal, TW, TM}"/> the CPU rungs use (one lane), one atomic add per
/// thread. Same hits as every counter-stream rung.
/// </summary>
public sealed class PiGpu : GpuRung<PiProblem, PiResult>
{
    /// <summary>Samples per GPU thread: enough to amortise the atomic add, few enough to fill the GPU at 10⁶ samples.</summary>
    public const int ChunkSize = 1024;

    private const long ChunksPerBlock = PiStream.BlockSize / ChunkSize;

    /// <summary>Threads one launch may have (2^30 threads, 2^40 samples): ILGPU's 1-D index is an int.</summary>
    private const long MaxLaunch = 1L << 30;

    /// <summary>
    /// Everything typed by ILGPU, in a class of its own: made on the first launch (or when <see cref="Kernels"/> is
    /// read), so that listing the rung, as every command does, loads no ILGPU.
    /// </summary>
    private static class OnDevice
    {
        /// <summary>
        /// ⌈chunks / 2^30⌉ launches, one thread per chunk. <see cref="PiKernel.CountRange{TWord, TReal, TW, TM}"/> has two
        /// loops: the four-register one runs no group on one lane, the one-lane tail runs every sample of the chunk.
        /// </summary>
        internal static readonly GpuKernel<PiProblem, CountKernel> Declared = new(Count, p =>
        {
            long chunks = Chunks(p);
            return new GpuLaunch((chunks + MaxLaunch - 1) / MaxLaunch, chunks, [0, chunks == 0 ? 0 : (double)p.Samples / chunks]);
        });

        internal static readonly Lazy<CountKernel> Launch = Kernel(Declared, static (a, k) => a.LoadAutoGroupedStreamKernel(k));
    }

    public override IReadOnlyList<GpuKernel<PiProblem>> Kernels => [OnDevice.Declared];

    public override string Technique => $"ILGPU kernel, one thread per {ChunkSize} samples of the counter stream, atomic sum";

    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        long hits = 0;
        if (problem.Samples > 0)
        {
            using MemoryBuffer1D<long, Stride1D.Dense> total = Accelerator.Allocate1D<long>(1);
            total.MemSetToZero();
            long chunks = Chunks(problem);
            for (long first = 0; first < chunks; first += MaxLaunch)
                OnDevice.Launch.Value((int)Math.Min(MaxLaunch, chunks - first), total.View, first, problem.Samples, problem.Seed);
            hits = total.GetAsArray1D()[0];
        }
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.CounterStream);
    }

    private static long Chunks(PiProblem problem) => problem.Samples > 0 ? problem.Blocks * ChunksPerBlock : 0;

    private static void Count(Index1D index, ArrayView<long> total, long firstChunk, long samples, long seed)
    {
        long chunk = firstChunk + index;
        long block = chunk / ChunksPerBlock;
        long start = chunk % ChunksPerBlock * ChunkSize;
        long count = Math.Min(ChunkSize, PiStream.BlockLength(block, samples) - start);
        if (count <= 0)
            return;
        long hits = PiKernel.CountRange<ulong, double, ScalarWordMath, ScalarMath>(PiStream.BlockKey(seed, block), start, count);
        Atomic.Add(ref total[0], hits);
    }
}
