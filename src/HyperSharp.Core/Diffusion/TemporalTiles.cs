using System.Collections.Concurrent;
using HyperSharp.Kernels;

namespace HyperSharp.Diffusion;

/// <summary>
/// Temporal blocking of the 2D step: the grid is cut into bands of rows small enough that two copies of a band (plus
/// its halo) stay in the core's L2 cache, and each band is advanced several steps there before it goes back to memory.
/// A band of h rows advanced t steps needs t halo rows above and below (each step's answer depends on one more row
/// either side); the halo is recomputed by both neighbours rather than exchanged, so tiles never wait for each other
/// within a chunk of t steps — one barrier per chunk instead of one per step. Every cell is computed by the same
/// formula from the same inputs as a plain step, so the answer is bit-identical.
/// </summary>
public static class TemporalTiles
{
    /// <summary>Most steps fused in one chunk: beyond it, the halo's recomputation costs more than it saves.</summary>
    public const int MaxFusedSteps = 8;

    /// <summary>A band must be at least this many times the steps fused: at most 1/6 of the work is recomputed halo.</summary>
    private const int MinRowsPerFusedStep = 6;

    /// <summary>How a grid is tiled: <see cref="Rows"/> rows a band, <see cref="Steps"/> steps a chunk; 0 steps = not tiled.</summary>
    public readonly record struct Plan(int Rows, int Steps)
    {
        /// <summary>Whether several steps are fused per chunk (more than one).</summary>
        public bool Tiled => Steps > 1;

        /// <inheritdoc/>
        public override string ToString() => Tiled ? $"{Rows}-row bands, {Steps} steps a chunk" : "not tiled";
    }

    /// <summary>
    /// The plan for a <paramref name="size"/>² grid: the most steps fused whose band (with its halo, twice) fits
    /// <paramref name="cacheBytes"/> and is wide enough; bands no taller than a 1/<paramref name="workers"/> share of
    /// the grid, so every worker has one. Not tiled for 1D, fewer than 2 steps, rows too long for the cache, or (one
    /// worker) a grid that fits the cache whole.
    /// </summary>
    public static Plan For(int size, int dims, int steps, int workers, long cacheBytes)
    {
        if (dims != 2 || size < 2 || steps < 2)
            return default;
        // One worker on a grid whose two buffers fit the cache already: the bands' copies would be pure overhead.
        if (workers <= 1 && 2L * size * size * sizeof(double) <= cacheBytes)
            return default;
        long band = cacheBytes / (2L * size * sizeof(double));
        for (int t = Math.Min(MaxFusedSteps, steps); t >= 2; t--)
        {
            long rows = band - 2L * t;
            if (rows >= (long)MinRowsPerFusedStep * t)
                return new Plan((int)Math.Min(rows, (size + Math.Max(1, workers) - 1) / Math.Max(1, workers)), t);
        }
        return default;
    }

    /// <summary>
    /// Evolves a 2D <paramref name="grid"/> by <paramref name="steps"/> steps with <paramref name="plan"/> (which must
    /// be tiled), bands over <paramref name="workers"/> threads; returns whichever of the two buffers holds the answer.
    /// </summary>
    public static double[] Evolve(double[] grid, double[] scratch, int size, double k, int steps, int workers, SimdWidth width,
        Plan plan, Workspace workspace)
    {
        if (!plan.Tiled)
            throw new ArgumentException("the plan does not tile this grid.", nameof(plan));
        if (grid.Length != (long)size * size || scratch.Length != grid.Length)
            throw new ArgumentException("grid and scratch must both hold size × size cells.");
        int tiles = (size + plan.Rows - 1) / plan.Rows;
        workers = Math.Clamp(workers, 1, tiles);
        int bandCells = (plan.Rows + 2 * plan.Steps) * size;
        workspace.Prepare(workers, bandCells);
        var options = workers > 1 ? new ParallelOptions { MaxDegreeOfParallelism = workers } : null;
        for (int done = 0; done < steps;)
        {
            int t = Math.Min(plan.Steps, steps - done);
            double[] source = grid, destination = scratch;
            if (options is null)
            {
                Workspace.Band band = workspace.Rent();
                for (int tile = 0; tile < tiles; tile++)
                    Advance(source, destination, size, k, tile * plan.Rows, Math.Min(size, (tile + 1) * plan.Rows), t, band, width);
                workspace.Return(band);
            }
            else
            {
                // Tiles handed out dynamically (a noisy core takes fewer); each worker keeps one band of buffers.
                Parallel.For(0, tiles, options, workspace.Rent, (tile, _, band) =>
                {
                    Advance(source, destination, size, k, tile * plan.Rows, Math.Min(size, (tile + 1) * plan.Rows), t, band, width);
                    return band;
                }, workspace.Return);
            }
            (grid, scratch) = (scratch, grid);
            done += t;
        }
        return grid;
    }

    /// <summary>Rows [<paramref name="first"/>, <paramref name="end"/>) of <paramref name="destination"/> = those of
    /// <paramref name="source"/> advanced <paramref name="steps"/> steps, computed in <paramref name="band"/>.</summary>
    private static void Advance(double[] source, double[] destination, int size, double k, int first, int end, int steps,
        Workspace.Band band, SimdWidth width)
    {
        int rows = end - first, bandRows = rows + 2 * steps;
        Span<double> a = band.A.AsSpan(0, bandRows * size), b = band.B.AsSpan(0, bandRows * size);
        // The band with its halo, wrapping around the grid (a halo may be taller than the grid: rows repeat, still right).
        for (int i = 0; i < bandRows; i++)
        {
            int row = (int)(((long)first - steps + i) % size + size) % size;
            source.AsSpan(row * size, size).CopyTo(a.Slice(i * size, size));
        }
        // Step s is right on band rows [s, bandRows − s): one row fewer each side per step, and never rows 0 or
        // bandRows − 1, so the band's own vertical wrap is never used.
        for (int s = 1; s <= steps; s++)
        {
            DiffusionKernel.StepBand(a, b, size, bandRows, k, s, bandRows - s, width);
            Span<double> swap = a;
            a = b;
            b = swap;
        }
        a.Slice(steps * size, rows * size).CopyTo(destination.AsSpan(first * size, rows * size));
    }

    /// <summary>
    /// The bands' buffers, kept between runs so a run allocates nothing large: one pair a worker.
    /// Not shared by two runs at once (<see cref="BufferedDiffusionRung"/> gives each run its own).
    /// </summary>
    public sealed class Workspace
    {
        private readonly ConcurrentBag<Band> _free = [];
        private int _cells;

        internal void Prepare(int workers, int cells)
        {
            if (cells > _cells)
            {
                _free.Clear();
                _cells = cells;
            }
            while (_free.Count < workers)
                _free.Add(new Band(new double[_cells], new double[_cells]));
        }

        // Parallel.For may start a worker's replacement before the old one has handed its band back: then one more band.
        internal Band Rent() => _free.TryTake(out Band? band) ? band : new Band(new double[_cells], new double[_cells]);

        internal void Return(Band band) => _free.Add(band);

        internal sealed record Band(double[] A, double[] B);
    }
}
