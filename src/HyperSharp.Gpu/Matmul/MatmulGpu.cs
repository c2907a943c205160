using HyperSharp.Ladder;
using HyperSharp.Matmul;
using ILGPU;
using System.Numerics;
using ILGPU.Runtime;

namespace HyperSharp.Gpu.Matmul;

/// <summary>
/// The classic shared-memory tiled product: a group of <see cref="Tile"/>×<see cref="Tile"/> threads computes one tile
/// of C, loading a tile of A and one of B into shared memory per step along k (each element read from device memory
/// once per tile instead of once per term), each thread summing its element's terms in k order. One generic kernel, compiled for float and for double.
/// Transfers in and out are part of the timed run.
/// </summary>
public sealed class MatmulGpu : GpuRung<MatmulProblem, MatmulResult>
{
    /// <summary>Edge of a tile on a GPU: 16×16 = 256 threads a group, two 16×16 tiles of shared memory (the most the kernel allocates).</summary>
    public const int Tile = 16;

    /// <summary>The tile edge used here: <see cref="Tile"/>, or less where a group holds fewer threads (ILGPU's CPU accelerator: 4×4).</summary>
    private static int TileHere => Math.Min(Tile, (int)Math.Sqrt(Accelerator.MaxNumThreadsPerGroup));

    /// <summary>Everything typed by ILGPU for one element type, made on the first launch, so that listing the rung loads no ILGPU.</summary>
    private static class OnDevice<T> where T : unmanaged, INumber<T>
    {
        internal static readonly GpuKernel<MatmulProblem, Action<ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>> Declared =
            new(Tiled<T>, p => Launch(p, typeof(T) == typeof(float) ? MatmulSpec.Float32 : MatmulSpec.Float64));

        // Explicitly grouped (the kernel reads Group and Grid): loaded with the launch configuration as first argument.
        internal static readonly Lazy<Action<KernelConfig, ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>> Loaded =
            new(() => GpuDevices.Accelerator.LoadStreamKernel<ArrayView<T>, ArrayView<T>, ArrayView<T>, int, int, int, int>(Declared.Entry));

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

        /// <summary>C = A·B on the device: nothing to launch for an empty product (ILGPU allocates no empty buffer).</summary>
        internal static MatmulResult Run(T[] af, T[] bf, int m, int k, int n)
        {
            if (m == 0 || n == 0 || k == 0)
                return new MatmulResult(new T[(long)m * n], m, k, n);
            int tile = TileHere;
            var config = new KernelConfig(new Index2D((n + tile - 1) / tile, (m + tile - 1) / tile), new Index2D(tile, tile));
            using MemoryBuffer1D<T, Stride1D.Dense> a = Accelerator.Allocate1D(af), b = Accelerator.Allocate1D(bf);
            using MemoryBuffer1D<T, Stride1D.Dense> c = Accelerator.Allocate1D<T>((long)m * n);
            Loaded.Value(config, a.View, b.View, c.View, m, k, n, tile);
            Accelerator.Synchronize();
            return new MatmulResult(c.GetAsArray1D(), m, k, n);
        }
    }

    /// <inheritdoc/>
    public override IReadOnlyList<GpuKernel<MatmulProblem>> Kernels => [OnDevice<float>.Declared, OnDevice<double>.Declared];

    /// <inheritdoc/>
    public override string Technique => $"ILGPU kernel, {Tile}×{Tile} tiles of A and B in shared memory, one thread per element of C";

    /// <summary>A GPU may fuse each multiply-add: within the K²·ε bound.</summary>
    public override double Tolerance => MatmulLadder.OrderTolerance;

    /// <inheritdoc/>
    protected override MatmulResult Compute(MatmulProblem problem, RunContext context) => problem.A is float[] af
        ? OnDevice<float>.Run(af, (float[])problem.B, problem.M, problem.K, problem.N)
        : OnDevice<double>.Run((double[])problem.A, (double[])problem.B, problem.M, problem.K, problem.N);

    private static void Tiled<T>(ArrayView<T> a, ArrayView<T> b, ArrayView<T> c, int m, int k, int n, int tile) where T : unmanaged, INumber<T>
    {
        ArrayView<T> ta = SharedMemory.Allocate<T>(Tile * Tile), tb = SharedMemory.Allocate<T>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY, col = Grid.IdxX * tile + tx, row = Grid.IdxY * tile + ty;
        T sum = T.Zero;
        for (int t = 0; t < k; t += tile)
        {
            ta[ty * tile + tx] = row < m && t + tx < k ? a[row * k + t + tx] : T.Zero;
            tb[ty * tile + tx] = col < n && t + ty < k ? b[(t + ty) * n + col] : T.Zero;
            Group.Barrier();
            for (int q = 0; q < tile; q++)
                sum += ta[ty * tile + q] * tb[q * tile + tx];
            Group.Barrier();
        }
        if (row < m && col < n)
            c[row * n + col] = sum;
    }
}
