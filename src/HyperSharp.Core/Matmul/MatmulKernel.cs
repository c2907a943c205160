using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HyperSharp.Matmul;

/// <summary>
/// The BLIS-style product: C += A·B in blocks of <see cref="Kc"/> terms × <see cref="Mc"/> rows × <see cref="Nc"/>
/// columns. Each block of B is packed into slivers of NR = 2 registers of columns (k-major, zero-padded) and each
/// block of A into slivers of <see cref="Mr"/> rows, so the micro-kernel streams both contiguously and keeps an
/// <see cref="Mr"/>×NR tile of C in 12 registers for all <see cref="Kc"/> terms: per term two loads of B, six
/// broadcasts of A and twelve fused multiply-adds. Threads share out the row blocks of each packed B.
/// </summary>
public static class MatmulKernel
{
    /// <summary>Rows of C the micro-kernel holds (six rows × two registers: 12 accumulators).</summary>
    public const int Mr = 6;
    /// <summary>Terms per packed block: a sliver of B (Kc × NR) stays in L1.</summary>
    public const int Kc = 256;
    /// <summary>Rows per packed block of A (Mc × Kc stays in L2); a multiple of <see cref="Mr"/>.</summary>
    public const int Mc = 96;
    /// <summary>Columns per packed block of B (Kc × Nc in L3).</summary>
    public const int Nc = 4096;

    /// <summary>The widest registers this CPU accelerates, for the rung's description.</summary>
    public static int Width => Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0;

    /// <summary>C += A·B (C usually zeroed) with the widest registers, on up to <paramref name="threads"/> threads.</summary>
    public static void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated)
            Multiply<Vector512<T>, T, Matmul512<T>>(a, b, c, m, k, n, threads);
        else if (Vector256.IsHardwareAccelerated)
            Multiply<Vector256<T>, T, Matmul256<T>>(a, b, c, m, k, n, threads);
        else
            Multiply<T, T, MatmulScalar<T>>(a, b, c, m, k, n, threads);
    }

    /// <summary>C += A·B with <typeparamref name="TL"/>'s registers (the tests run every width).</summary>
    public static unsafe void Multiply<TV, T, TL>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, int threads)
        where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, IMatmulLanes<TV, T>
    {
        if (m == 0 || n == 0 || k == 0)
            return;
        int nr = 2 * TL.Lanes;
        int nc = Math.Min(Nc, (n + nr - 1) / nr * nr), kcMax = Math.Min(Kc, k);
        T[] bp = ArrayPool<T>.Shared.Rent(nc * kcMax);
        try
        {
            fixed (T* pa = a, pb = b, pc = c, pbp = bp)
            {
                var job = new Job(pa, pb, pc, pbp, m, k, n);
                int rowBlocks = (m + Mc - 1) / Mc;
                int workers = Math.Clamp(threads, 1, rowBlocks);
                for (int jc = 0; jc < n; jc += Nc)
                {
                    int ncCur = Math.Min(Nc, n - jc);
                    for (int p0 = 0; p0 < k; p0 += Kc)
                    {
                        int kc = Math.Min(Kc, k - p0);
                        PackB<T>(job, p0, kc, jc, ncCur, nr);
                        if (workers == 1)
                            RowBlocks<TV, T, TL>(job, 0, rowBlocks, 1, p0, kc, jc, ncCur);
                        else
                            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers },
                                w => RowBlocks<TV, T, TL>(job, w, rowBlocks, workers, p0, kc, jc, ncCur));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(bp);
        }
    }

    /// <summary>The pointers and shape of one product, shared by its workers (the spans stay pinned by the caller).</summary>
    private readonly unsafe struct Job(void* a, void* b, void* c, void* bp, int m, int k, int n)
    {
        public readonly void* A = a, B = b, C = c, Bp = bp;
        public readonly int M = m, K = k, N = n;
    }

    /// <summary>B[p0.., jc..] as slivers of nr columns, each kc rows of nr contiguous elements, zero beyond n.</summary>
    private static unsafe void PackB<T>(Job job, int p0, int kc, int jc, int ncCur, int nr) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T* b = (T*)job.B, dst = (T*)job.Bp;
        for (int j0 = 0; j0 < ncCur; j0 += nr)
        {
            int cols = Math.Min(nr, ncCur - j0);
            for (int p = 0; p < kc; p++)
            {
                T* src = b + (long)(p0 + p) * job.N + jc + j0;
                int q = 0;
                for (; q < cols; q++) dst[q] = src[q];
                for (; q < nr; q++) dst[q] = T.Zero;
                dst += nr;
            }
        }
    }

    /// <summary>Row blocks w, w + workers, …: each packs its block of A into its own buffer and runs the micro-kernels.</summary>
    private static unsafe void RowBlocks<TV, T, TL>(Job job, int first, int rowBlocks, int stride, int p0, int kc, int jc, int ncCur)
        where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, IMatmulLanes<TV, T>
    {
        int nr = 2 * TL.Lanes;
        T[] ap = ArrayPool<T>.Shared.Rent(Mc * kc);
        try
        {
            fixed (T* pap = ap)
            {
                T* a = (T*)job.A, c = (T*)job.C, bp = (T*)job.Bp;
                T* tile = stackalloc T[Mr * 2 * 64]; // Mr rows of two registers of up to 64 lanes
                for (int blk = first; blk < rowBlocks; blk += stride)
                {
                    int i0 = blk * Mc, mc = Math.Min(Mc, job.M - i0);
                    // A[i0.., p0..] as slivers of Mr rows, k-major, zero beyond m.
                    T* dst = pap;
                    for (int r0 = 0; r0 < mc; r0 += Mr)
                    {
                        int rows = Math.Min(Mr, mc - r0);
                        for (int p = 0; p < kc; p++)
                        {
                            int r = 0;
                            for (; r < rows; r++) dst[r] = a[(long)(i0 + r0 + r) * job.K + p0 + p];
                            for (; r < Mr; r++) dst[r] = T.Zero;
                            dst += Mr;
                        }
                    }
                    for (int j0 = 0; j0 < ncCur; j0 += nr)
                        for (int r0 = 0; r0 < mc; r0 += Mr)
                        {
                            Micro<TV, T, TL>(kc, pap + r0 * kc, bp + j0 * kc, tile);
                            AddTile<TV, T, TL>(tile, c + (long)(i0 + r0) * job.N + jc + j0, job.N, Math.Min(Mr, mc - r0), Math.Min(nr, ncCur - j0));
                        }
                }
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(ap);
        }
    }

    /// <summary>
    /// The Mr × 2-register tile (packed A sliver)·(packed B sliver) over kc terms, written to <paramref name="tile"/>
    /// (Mr rows of NR). Nothing follows the loop but the stores, so the JIT keeps all twelve accumulators in registers
    /// (with a branch to an edge path after it, it spilled them on every term).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Micro<TV, T, TL>(int kc, T* ap, T* bp, T* tile)
        where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, IMatmulLanes<TV, T>
    {
        int lanes = TL.Lanes, nr = 2 * lanes;
        TV zero = TL.Broadcast(T.Zero);
        TV c00 = zero, c01 = zero, c10 = zero, c11 = zero, c20 = zero, c21 = zero;
        TV c30 = zero, c31 = zero, c40 = zero, c41 = zero, c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = TL.Load(ref *bp), b1 = TL.Load(ref *(bp + lanes));
            TV a0 = TL.Broadcast(ap[0]);
            c00 = TL.MultiplyAdd(a0, b0, c00); c01 = TL.MultiplyAdd(a0, b1, c01);
            TV a1 = TL.Broadcast(ap[1]);
            c10 = TL.MultiplyAdd(a1, b0, c10); c11 = TL.MultiplyAdd(a1, b1, c11);
            TV a2 = TL.Broadcast(ap[2]);
            c20 = TL.MultiplyAdd(a2, b0, c20); c21 = TL.MultiplyAdd(a2, b1, c21);
            TV a3 = TL.Broadcast(ap[3]);
            c30 = TL.MultiplyAdd(a3, b0, c30); c31 = TL.MultiplyAdd(a3, b1, c31);
            TV a4 = TL.Broadcast(ap[4]);
            c40 = TL.MultiplyAdd(a4, b0, c40); c41 = TL.MultiplyAdd(a4, b1, c41);
            TV a5 = TL.Broadcast(ap[5]);
            c50 = TL.MultiplyAdd(a5, b0, c50); c51 = TL.MultiplyAdd(a5, b1, c51);
            ap += Mr;
            bp += nr;
        }
        TL.Store(c00, ref tile[0]); TL.Store(c01, ref tile[lanes]);
        TL.Store(c10, ref tile[nr]); TL.Store(c11, ref tile[nr + lanes]);
        TL.Store(c20, ref tile[2 * nr]); TL.Store(c21, ref tile[2 * nr + lanes]);
        TL.Store(c30, ref tile[3 * nr]); TL.Store(c31, ref tile[3 * nr + lanes]);
        TL.Store(c40, ref tile[4 * nr]); TL.Store(c41, ref tile[4 * nr + lanes]);
        TL.Store(c50, ref tile[5 * nr]); TL.Store(c51, ref tile[5 * nr + lanes]);
    }

    /// <summary>C += the tile: whole registers for a full tile, element by element for the rows and columns of an edge tile.</summary>
    private static unsafe void AddTile<TV, T, TL>(T* tile, T* c, int ldc, int rows, int cols)
        where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, IMatmulLanes<TV, T>
    {
        int lanes = TL.Lanes, nr = 2 * lanes;
        if (cols == nr)
        {
            for (int r = 0; r < rows; r++)
                AddTo<TV, T, TL>(c + (long)r * ldc, lanes, TL.Load(ref tile[r * nr]), TL.Load(ref tile[r * nr + lanes]));
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int q = 0; q < cols; q++)
                c[(long)r * ldc + q] += tile[r * nr + q];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AddTo<TV, T, TL>(T* c, int lanes, TV lo, TV hi)
        where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, IMatmulLanes<TV, T>
    {
        TL.Store(TL.Add(TL.Load(ref *c), lo), ref *c);
        TL.Store(TL.Add(TL.Load(ref *(c + lanes)), hi), ref *(c + lanes));
    }
}
