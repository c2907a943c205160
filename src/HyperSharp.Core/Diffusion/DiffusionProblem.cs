namespace HyperSharp.Diffusion;

/// <summary>
/// The start grid every rung evolves (row-major, <see cref="Size"/> cells a row; one row in 1D) and how far to evolve
/// it. Rungs copy it; they never write to <see cref="Initial"/>.
/// </summary>
public sealed class DiffusionProblem
{
    /// <summary>A problem of <paramref name="steps"/> steps from <paramref name="initial"/> (size cells in 1D, size² row-major in 2D), time step <paramref name="dt"/>, diffusion coefficient <paramref name="d"/>. The array is kept, not copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dims"/> is not 1 or 2, or a count is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="initial"/> has the wrong length.</exception>
    public DiffusionProblem(double[] initial, int size, int dims, int steps, double dt = DiffusionSpec.Dt, double d = DiffusionSpec.D)
    {
        if (dims is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(dims), "dims is 1 or 2.");
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        if (initial.Length != (dims == 1 ? size : (long)size * size))
            throw new ArgumentException("initial must hold size cells (1D) or size² cells (2D).", nameof(initial));
        Initial = initial;
        Size = size;
        Dims = dims;
        Steps = steps;
        Dt = dt;
        D = d;
    }

    /// <summary>The start grid, row-major; never written.</summary>
    public double[] Initial { get; }
    /// <summary>Cells a side: the row length (2D) or the line's length (1D).</summary>
    public int Size { get; }
    /// <summary>1 (a line) or 2 (a square grid).</summary>
    public int Dims { get; }
    /// <summary>Time steps to evolve.</summary>
    public int Steps { get; }
    /// <summary>The time step dt.</summary>
    public double Dt { get; }
    /// <summary>The diffusion coefficient D.</summary>
    public double D { get; }

    /// <summary>Rows of the grid: Size in 2D, 1 in 1D.</summary>
    public int Rows => Dims == 1 ? 1 : Size;

    /// <summary>dt·D, computed once so every rung multiplies the Laplacian by the very same number.</summary>
    public double K => Dt * D;

    /// <summary>
    /// The book's start: zeros, and cells [int(N·0.4), int(N·0.5)) of each side set to 0.005 (Python's truncating
    /// int() of the same double products).
    /// </summary>
    public static DiffusionProblem Book(int size, int steps, int dims = 2)
    {
        int lo = (int)(size * 0.4), hi = (int)(size * 0.5);
        var cells = new double[dims == 1 ? size : (long)size * size];
        for (int i = dims == 1 ? 0 : lo; i < (dims == 1 ? 1 : hi); i++)
            for (int j = lo; j < hi; j++)
                cells[(long)i * size + j] = DiffusionSpec.BlockHeat;
        return new DiffusionProblem(cells, size, dims, steps);
    }

    /// <summary>Uniform random heat in [0, 1) from <c>System.Random(seed)</c>: a start with no symmetry, for tests.</summary>
    public static DiffusionProblem Random(int size, int steps, int seed, int dims = 2)
    {
        var random = new Random(seed);
        var cells = new double[dims == 1 ? size : (long)size * size];
        for (long i = 0; i < cells.LongLength; i++)
            cells[i] = random.NextDouble();
        return new DiffusionProblem(cells, size, dims, steps);
    }

    /// <summary>A fresh, writable copy of the start grid.</summary>
    public DiffusionGrid CopyInitial() => new((double[])Initial.Clone(), Size, Dims);
}
