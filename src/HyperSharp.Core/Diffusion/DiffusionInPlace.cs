using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// The book's memory lesson: two flat buffers swapped, so a step allocates nothing; kept between runs
/// (<see cref="BufferedDiffusionRung"/>), so repeated runs allocate 0 bytes. Scalar loops with the wrap per cell.
/// </summary>
public sealed class DiffusionInPlace : BufferedDiffusionRung
{
    /// <inheritdoc/>
    public override string Name => "inplace";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "two flat buffers swapped, allocated once and reused: no allocation per step or per run";

    /// <inheritdoc/>
    protected override double[] Evolve(DiffusionProblem problem, RunContext context, double[] grid, double[] scratch,
        TemporalTiles.Workspace tiles)
    {
        int n = problem.Size, rows = problem.Rows, dims = problem.Dims;
        double k = problem.K;
        for (int step = 0; step < problem.Steps; step++)
        {
            for (int i = 0; i < rows; i++)
            {
                int up = (i == 0 ? rows - 1 : i - 1) * n, down = (i == rows - 1 ? 0 : i + 1) * n, row = i * n;
                for (int j = 0; j < n; j++)
                {
                    int left = j == 0 ? n - 1 : j - 1, right = j == n - 1 ? 0 : j + 1;
                    scratch[row + j] = DiffusionStep.Next(dims, grid[up + j], grid[down + j], grid[row + left], grid[row + right], grid[row + j], k);
                }
            }
            (grid, scratch) = (scratch, grid);
        }
        return grid;
    }
}
