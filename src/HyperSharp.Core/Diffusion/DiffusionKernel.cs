using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HyperSharp.Kernels;

namespace HyperSharp.Diffusion;

/// <summary>
/// One step of a block of rows, row by row: the interior columns in registers (left and right neighbours are
/// unaligned loads one cell either side), the two edge columns one cell at a time with the periodic wrap. No
/// modulo in the hot loop; rows above and below are picked once per row.
/// </summary>
public static class DiffusionKernel
{
    /// <summary>Writes rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of the next grid.</summary>
    public static void StepRows(ReadOnlySpan<double> source, Span<double> destination, int size, int dims, double k,
        int rowStart, int rowEnd, SimdWidth width)
    {
        int rows = dims == 1 ? 1 : size;
        if (source.Length != (long)rows * size || destination.Length != source.Length)
            throw new ArgumentException("source and destination must both hold the whole grid.");
        if (rowStart < 0 || rowEnd > rows || rowStart > rowEnd)
            throw new ArgumentOutOfRangeException(nameof(rowStart));
        if (size == 0)
            return;
        if (dims == 1)
        {
            var kernel = new RowKernel<LineStencil>(source, destination, size, rows, k, rowStart, rowEnd);
            SimdDispatch.Run<RowKernel<LineStencil>, int>(width, ref kernel);
        }
        else
            StepBand(source, destination, size, rows, k, rowStart, rowEnd, width);
    }

    /// <summary>
    /// Writes rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>) of a 2D band of <paramref name="rows"/>
    /// rows (lengths checked by the caller); rows 0 and <paramref name="rows"/> − 1 wrap to each other, so a band that
    /// only computes rows 1 … rows − 2 never wraps (<see cref="TemporalTiles"/> relies on it).
    /// </summary>
    internal static void StepBand(ReadOnlySpan<double> source, Span<double> destination, int size, int rows, double k,
        int rowStart, int rowEnd, SimdWidth width)
    {
        var kernel = new RowKernel<PlaneStencil>(source, destination, size, rows, k, rowStart, rowEnd);
        SimdDispatch.Run<RowKernel<PlaneStencil>, int>(width, ref kernel);
    }

    /// <summary><see cref="Rows{T, TMath, TStencil}"/> with its arguments, for <see cref="SimdDispatch"/>; returns the rows written.</summary>
    private readonly ref struct RowKernel<TStencil>(ReadOnlySpan<double> source, Span<double> destination, int n, int rows,
        double k, int rowStart, int rowEnd) : ISimdKernel<int>
        where TStencil : IDiffusionStencil
    {
        private readonly ReadOnlySpan<double> _source = source;
        private readonly Span<double> _destination = destination;
        private readonly int _n = n, _rows = rows, _rowStart = rowStart, _rowEnd = rowEnd;
        private readonly double _k = k;

        public int Run<T, TMath>() where T : struct where TMath : struct, ILaneMath<T>
        {
            Rows<T, TMath, TStencil>(_source, _destination, _n, _rows, _k, _rowStart, _rowEnd);
            return _rowEnd - _rowStart;
        }
    }

    /// <summary>
    /// Evolves <paramref name="grid"/> for <paramref name="steps"/> steps, using <paramref name="scratch"/> as the
    /// other buffer; returns whichever of the two holds the answer. With more than one thread each step is split into
    /// row blocks, and the end of the step is a barrier (the next step reads the rows its neighbours wrote).
    /// </summary>
    public static double[] Evolve(double[] grid, double[] scratch, int size, int dims, double k, int steps, int threads, SimdWidth width)
    {
        int rows = dims == 1 ? 1 : size;
        int blocks = Math.Max(1, Math.Min(threads, rows));
        if (blocks > 1)
            return EvolveParallel(grid, scratch, size, dims, k, steps, blocks, width);
        // One thread: no closure, no Parallel.For, so a run allocates nothing.
        for (int s = 0; s < steps; s++)
        {
            StepRows(grid, scratch, size, dims, k, 0, rows, width);
            (grid, scratch) = (scratch, grid);
        }
        return grid;
    }

    /// <summary>
    /// One worker a block of rows for every step, the workers meeting at a barrier after each step. The workers live
    /// for the whole run (dedicated threads, so every block is guaranteed its own thread and the barrier cannot
    /// wait for a block that never started), and <see cref="Barrier"/> spins briefly before it blocks: at 640² a
    /// step is ~0.13 ms, and starting a Parallel.For per step cost as much as the step's work.
    /// </summary>
    private static double[] EvolveParallel(double[] grid, double[] scratch, int size, int dims, double k, int steps, int blocks, SimdWidth width)
    {
        int rows = dims == 1 ? 1 : size;
        if (grid.Length != (long)rows * size || scratch.Length != grid.Length)
            throw new ArgumentException("grid and scratch must both hold the whole grid.");
        using var barrier = new Barrier(blocks);
        void Block(int b)
        {
            int first = (int)((long)rows * b / blocks), end = (int)((long)rows * (b + 1) / blocks);
            double[] source = grid, destination = scratch;
            for (int s = 0; s < steps; s++)
            {
                StepRows(source, destination, size, dims, k, first, end, width);
                barrier.SignalAndWait();   // the next step reads the rows the neighbouring blocks just wrote
                (source, destination) = (destination, source);
            }
        }
        var others = new Task[blocks - 1];
        for (int b = 1; b < blocks; b++)
        {
            int block = b;
            others[b - 1] = Task.Factory.StartNew(() => Block(block), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        Block(0);
        Task.WaitAll(others);
        return steps % 2 == 0 ? grid : scratch;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<T, TMath, TStencil>(ReadOnlySpan<double> source, Span<double> destination, int n, int rows,
        double k, int rowStart, int rowEnd)
        where T : struct
        where TMath : struct, ILaneMath<T>
        where TStencil : IDiffusionStencil
    {
        // Lengths were checked by StepRows; from here on refs, no bounds checks.
        ref double src = ref MemoryMarshal.GetReference(source);
        ref double dst = ref MemoryMarshal.GetReference(destination);
        T kv = TMath.Broadcast(k);
        int lanes = TMath.Lanes;
        for (int r = rowStart; r < rowEnd; r++)
        {
            ref double c = ref Unsafe.Add(ref src, (nint)r * n);
            ref double up = ref Unsafe.Add(ref src, (nint)(r == 0 ? rows - 1 : r - 1) * n);
            ref double down = ref Unsafe.Add(ref src, (nint)(r == rows - 1 ? 0 : r + 1) * n);
            ref double o = ref Unsafe.Add(ref dst, (nint)r * n);

            // Column 0 wraps to the left (for n = 1 every neighbour is the cell itself).
            Edge<TStencil>(ref up, ref c, ref down, ref o, n, 0, k);
            int j = 1;
            // Scalar cells until the stores are register-aligned (the same formula, so the answer does not change).
            if (lanes > 1)
            {
                int peel = Math.Min(n - 1, j + Alignment.DoublesToBoundary(ref Unsafe.Add(ref o, j), lanes * sizeof(double)));
                for (; j < peel; j++)
                    Edge<TStencil>(ref up, ref c, ref down, ref o, n, j, k);
            }
            // Two independent registers per iteration: more loads in flight, half the loop overhead.
            for (; j + 2 * lanes <= n - 1; j += 2 * lanes)
            {
                TMath.Store(TStencil.Next<T, TMath>(
                    TMath.Load(ref Unsafe.Add(ref up, j)), TMath.Load(ref Unsafe.Add(ref down, j)),
                    TMath.Load(ref Unsafe.Add(ref c, j - 1)), TMath.Load(ref Unsafe.Add(ref c, j + 1)),
                    TMath.Load(ref Unsafe.Add(ref c, j)), kv), ref Unsafe.Add(ref o, j));
                int j2 = j + lanes;
                TMath.Store(TStencil.Next<T, TMath>(
                    TMath.Load(ref Unsafe.Add(ref up, j2)), TMath.Load(ref Unsafe.Add(ref down, j2)),
                    TMath.Load(ref Unsafe.Add(ref c, j2 - 1)), TMath.Load(ref Unsafe.Add(ref c, j2 + 1)),
                    TMath.Load(ref Unsafe.Add(ref c, j2)), kv), ref Unsafe.Add(ref o, j2));
            }
            for (; j + lanes <= n - 1; j += lanes)
            {
                TMath.Store(TStencil.Next<T, TMath>(
                    TMath.Load(ref Unsafe.Add(ref up, j)), TMath.Load(ref Unsafe.Add(ref down, j)),
                    TMath.Load(ref Unsafe.Add(ref c, j - 1)), TMath.Load(ref Unsafe.Add(ref c, j + 1)),
                    TMath.Load(ref Unsafe.Add(ref c, j)), kv), ref Unsafe.Add(ref o, j));
            }
            // Interior columns left over (fewer than one register), then the last column, which wraps right.
            for (; j < n; j++)
                Edge<TStencil>(ref up, ref c, ref down, ref o, n, j, k);
        }
    }

    /// <summary>One cell, scalar, with its left/right neighbours wrapped around the row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Edge<TStencil>(ref double up, ref double c, ref double down, ref double o, int n, int j, double k)
        where TStencil : IDiffusionStencil
    {
        int left = j == 0 ? n - 1 : j - 1, right = j == n - 1 ? 0 : j + 1;
        Unsafe.Add(ref o, j) = TStencil.Next<double, ScalarMath>(
            Unsafe.Add(ref up, j), Unsafe.Add(ref down, j), Unsafe.Add(ref c, left), Unsafe.Add(ref c, right),
            Unsafe.Add(ref c, j), k);
    }
}
