using HyperSharp.Ladder;
using HyperSharp.Matmul;
using ILGPU;
using ILGPU.Runtime;
using TileKernel32 = System.Action<ILGPU.ArrayView<float>, ILGPU.ArrayView<float>, ILGPU.ArrayView<float>, int, int, int, int>;
using TileKernel64 = System.Action<ILGPU.ArrayView<double>, ILGPU.ArrayView<double>, ILGPU.ArrayView<double>, int, int, int, int>;

namespace HyperSharp.Gpu.Matmul;

/// <summary>
/// The classic shared-memory tiled product: a group of <see cref="Tile"/>×<see cref="Tile"/> threads computes one tile
/// of C, loading a tile of A and one of B into shared memory per step along k (each element read from device memory
/// once per tile instead of once per term), each thread summing its element's terms in k order. One kernel per dtype.
/// Transfers in and out are part of the timed run.
/// </summary>
public sealed class MatmulGpu : GpuRung<MatmulProblem, MatmulResult>
{
    /// <summary>Edge of a tile on a GPU: 16×16 = 256 threads a group, two 16×16 tiles of shared memory (the most the kernel allocates).</summary>
    public const int Tile = 16;

    /// <summary>The tile edge used here: <see cref="Tile"/>, or less where a group holds fewer threads (ILGPU's CPU accelerator: 4×4).</summary>
    private static int TileHere => Math.Min(Tile, (int)Math.Sqrt(Accelerator.MaxNumThreadsPerGroup));

    /// <summary>Everything typed by ILGPU, made on the first launch, so that listing the rung loads no ILGPU.</summary>
    private static class OnDevice
    {
        internal static readonly GpuKernel<MatmulProblem, TileKernel32> Declared32 = new(Tiled32, p => Launch(p, MatmulSpec.Float32));
        internal static readonly GpuKernel<MatmulProblem, TileKernel64> Declared64 = new(Tiled64, p => Launch(p, MatmulSpec.Float64));

        // Explicitly grouped (the kernel reads Group and Grid): loaded with the launch configuration as first argument.
        internal static readonly Lazy<Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>> Launch32 =
            new(() => GpuDevices.Accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int>(Declared32.Entry));
        internal static readonly Lazy<Action<KernelConfig, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int, int>> Launch64 =
            new(() => GpuDevices.Accelerator.LoadStreamKernel<ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int, int>(Declared64.Entry));

        /// <summary>
        /// One launch: ⌈m/16⌉·⌈n/16⌉ groups of 256; the tile loop runs ⌈k/16⌉ times, its inner loop 16 (on a GPU). Counted
        /// as if the problem were of this kernel's dtype (the estimate of <c>hyper asm</c> for either); a run launches
        /// only the kernel of its own.
        /// </summary>
        private static GpuLaunch Launch(MatmulProblem p, string dtype)
        {
            if (p.M == 0 || p.N == 0 || p.K == 0)
                return new GpuLaunch(0, 0, [0, 0]);
            long groups = (long)((p.M + Tile - 1) / Tile) * ((p.N + Tile - 1) / Tile);
            return new GpuLaunch(1, groups * Tile * Tile, [(p.K + Tile - 1) / Tile, Tile],
                p.Dtype == dtype ? null : $"for a {dtype} problem of this size (this one runs the other kernel)");
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<GpuKernel<MatmulProblem>> Kernels => [OnDevice.Declared32, OnDevice.Declared64];

    /// <inheritdoc/>
    public override string Technique => $"ILGPU kernel, {Tile}×{Tile} tiles of A and B in shared memory, one thread per element of C";

    /// <summary>A GPU may fuse each multiply-add: within the K²·ε bound.</summary>
    public override double Tolerance => MatmulLadder.OrderTolerance;

    /// <inheritdoc/>
    protected override MatmulResult Compute(MatmulProblem problem, RunContext context)
    {
        (int m, int k, int n) = (problem.M, problem.K, problem.N);
        int tile = TileHere;
        var config = new KernelConfig(new Index2D((n + tile - 1) / tile, (m + tile - 1) / tile), new Index2D(tile, tile));
        if (problem.A is float[] af)
        {
            if (m == 0 || n == 0 || k == 0) // nothing to launch (ILGPU allocates no empty buffer): C is zero
                return new MatmulResult(new float[(long)m * n], m, k, n);
            using MemoryBuffer1D<float, Stride1D.Dense> a = Accelerator.Allocate1D(af), b = Accelerator.Allocate1D((float[])problem.B);
            using MemoryBuffer1D<float, Stride1D.Dense> c = Accelerator.Allocate1D<float>((long)m * n);
            OnDevice.Launch32.Value(config, a.View, b.View, c.View, m, k, n, tile);
            Accelerator.Synchronize();
            return new MatmulResult(c.GetAsArray1D(), m, k, n);
        }
        if (m == 0 || n == 0 || k == 0)
            return new MatmulResult(new double[(long)m * n], m, k, n);
        using MemoryBuffer1D<double, Stride1D.Dense> ad = Accelerator.Allocate1D((double[])problem.A), bd = Accelerator.Allocate1D((double[])problem.B);
        using MemoryBuffer1D<double, Stride1D.Dense> cd = Accelerator.Allocate1D<double>((long)m * n);
        OnDevice.Launch64.Value(config, ad.View, bd.View, cd.View, m, k, n, tile);
        Accelerator.Synchronize();
        return new MatmulResult(cd.GetAsArray1D(), m, k, n);
    }

    private static void Tiled32(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int k, int n, int tile)
    {
        ArrayView<float> ta = SharedMemory.Allocate<float>(Tile * Tile), tb = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY, col = Grid.IdxX * tile + tx, row = Grid.IdxY * tile + ty;
        float sum = 0;
        for (int t = 0; t < k; t += tile)
        {
            ta[ty * tile + tx] = row < m && t + tx < k ? a[row * k + t + tx] : 0;
            tb[ty * tile + tx] = col < n && t + ty < k ? b[(t + ty) * n + col] : 0;
            Group.Barrier();
            for (int q = 0; q < tile; q++)
                sum += ta[ty * tile + q] * tb[q * tile + tx];
            Group.Barrier();
        }
        if (row < m && col < n)
            c[row * n + col] = sum;
    }

    private static void Tiled64(ArrayView<double> a, ArrayView<double> b, ArrayView<double> c, int m, int k, int n, int tile)
    {
        ArrayView<double> ta = SharedMemory.Allocate<double>(Tile * Tile), tb = SharedMemory.Allocate<double>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY, col = Grid.IdxX * tile + tx, row = Grid.IdxY * tile + ty;
        double sum = 0;
        for (int t = 0; t < k; t += tile)
        {
            ta[ty * tile + tx] = row < m && t + tx < k ? a[row * k + t + tx] : 0;
            tb[ty * tile + tx] = col < n && t + ty < k ? b[(t + ty) * n + col] : 0;
            Group.Barrier();
            for (int q = 0; q < tile; q++)
                sum += ta[ty * tile + q] * tb[q * tile + tx];
            Group.Barrier();
        }
        if (row < m && col < n)
            c[row * n + col] = sum;
    }
}
