using HyperSharp.Ladder;

namespace HyperSharp.Diffusion;

/// <summary>
/// Rung 0, the book's pure Python (Gorelick ch. 6): a list of lists, and a new grid allocated every step, each cell
/// reading its four neighbours through modulo indices. Every other rung is checked against it.
/// </summary>
public sealed class DiffusionReference : SyncRung<DiffusionProblem, DiffusionGrid>
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "double[][] grid, a new grid every step, modulo wrap per cell (the book's pure Python)";

    /// <summary>Beyond this much work (≈ 0.1–0.2 G cell-updates/s) a run would take minutes; the other rungs still verify against it on fewer steps.</summary>
    public override double MaxBenchWork => 2e9;

    /// <inheritdoc/>
    protected override DiffusionGrid Compute(DiffusionProblem problem, RunContext context)
    {
        int n = problem.Size, rows = problem.Rows;
        double[][] grid = new double[rows][];
        for (int i = 0; i < rows; i++)
            grid[i] = problem.Initial.AsSpan(i * n, n).ToArray();

        for (int step = 0; step < problem.Steps; step++)
            grid = Evolve(grid, problem.Dims, problem.K);

        var cells = new double[problem.Initial.Length];
        for (int i = 0; i < rows; i++)
            grid[i].CopyTo(cells, i * n);
        return new DiffusionGrid(cells, n, problem.Dims);
    }

    private static double[][] Evolve(double[][] grid, int dims, double k)
    {
        int rows = grid.Length, n = rows == 0 ? 0 : grid[0].Length;
        var next = new double[rows][];
        for (int i = 0; i < rows; i++)
        {
            next[i] = new double[n];
            for (int j = 0; j < n; j++)
            {
                double up = grid[(i - 1 + rows) % rows][j], down = grid[(i + 1) % rows][j];
                double left = grid[i][(j - 1 + n) % n], right = grid[i][(j + 1) % n];
                next[i][j] = DiffusionStep.Next(dims, up, down, left, right, grid[i][j], k);
            }
        }
        return next;
    }
}
