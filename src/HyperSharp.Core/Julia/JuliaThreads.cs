using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Julia;

/// <summary>
/// <see cref="JuliaSimd"/> over every allowed core. Rows differ wildly in cost (a row through the set's body runs
/// maxiter iterations a point, a row near the edge of the grid a few), so threads take the next row from a shared
/// counter instead of a fixed share. Counts identical to the reference's.
/// </summary>
public sealed class JuliaThreads : JuliaRung
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override string Technique => "simd over all cores, dynamic scheduling: each thread takes the next row";

    /// <inheritdoc/>
    protected override JuliaImage Compute(JuliaImage image, JuliaProblem problem, RunContext context)
    {
        Render(problem, image.Counts, context.MaxThreads);
        return image;
    }

    /// <summary>Fills <paramref name="counts"/> (row-major) using up to <paramref name="maxThreads"/> threads.</summary>
    public static void Render(JuliaProblem problem, int[] counts, int maxThreads)
    {
        int rows = problem.Rows, columns = problem.Columns, next = -1;
        int workers = Math.Max(1, Math.Min(maxThreads, rows));
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            int row;
            while ((row = Interlocked.Increment(ref next)) < rows)
                JuliaKernel.Row(problem.Xs, problem.Ys[row], problem.MaxIter,
                    counts.AsSpan(row * columns, columns), SimdWidths.Best);
        });
    }
}
