namespace HyperSharp.Julia;

/// <summary>
/// The grid every rung iterates: the book's x coordinates (columns) and y coordinates (rows, top down), and the
/// iteration limit. Rungs never write to it.
/// </summary>
public sealed class JuliaProblem
{
    /// <summary>The book's bounds of the complex plane: x from X1 to X2, y from Y1 to Y2.</summary>
    public const double X1 = -1.8, X2 = 1.8, Y1 = -1.8, Y2 = 1.8;

    /// <summary>The book's c = -0.62772 - 0.42193i.</summary>
    public const double CReal = -0.62772, CImag = -0.42193;

    /// <summary>A grid of the given columns' x and rows' y (kept, not copied), at most <paramref name="maxIter"/> iterations a point.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIter"/> is negative.</exception>
    public JuliaProblem(double[] xs, double[] ys, int maxIter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxIter);
        Xs = xs;
        Ys = ys;
        MaxIter = maxIter;
    }

    /// <summary>x of each column, left to right.</summary>
    public double[] Xs { get; }

    /// <summary>y of each row, top (1.8) down.</summary>
    public double[] Ys { get; }

    /// <summary>Iteration limit per point.</summary>
    public int MaxIter { get; }
    /// <summary>Points a row.</summary>
    public int Columns => Xs.Length;
    /// <summary>Rows of the grid.</summary>
    public int Rows => Ys.Length;
    /// <summary>Points in the grid.</summary>
    public long Pixels => (long)Columns * Rows;

    /// <summary>The book's grid at the spec's width and iteration limit.</summary>
    public static JuliaProblem FromSpec(JuliaSpec spec)
    {
        (double[] xs, double[] ys) = BookGrid(spec.Width);
        return new JuliaProblem(xs, ys, spec.MaxIter);
    }

    /// <summary>
    /// The book's coordinate lists, built as it builds them: start at one edge and add the step while short of the
    /// other. Rounding makes some widths give width + 1 points (3 → 4, 17 → 18, 1001 → 1002); 1000 gives 1000,
    /// and only this exact grid gives the book's 33,219,980.
    /// </summary>
    public static (double[] Xs, double[] Ys) BookGrid(int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        double xStep = (X2 - X1) / width;
        double yStep = (Y1 - Y2) / width;
        var ys = new List<double>(width + 1);
        for (double y = Y2; y > Y1; y += yStep)
            ys.Add(y);
        var xs = new List<double>(width + 1);
        for (double x = X1; x < X2; x += xStep)
            xs.Add(x);
        return (xs.ToArray(), ys.ToArray());
    }

    /// <summary>Points of the book's grid for <paramref name="width"/> along each axis, without building it.</summary>
    public static int PointsAlong(int width) => BookGrid(width).Xs.Length;
}
