namespace HyperSharp.Julia;

/// <summary>A rung's answer: the iteration count of every point, row-major (row 0 is the top, y = 1.8).</summary>
public sealed record JuliaImage(int Columns, int Rows, int[] Counts)
{
    /// <summary>A zeroed image of the problem's size, for a rung to fill.</summary>
    public static JuliaImage For(JuliaProblem problem) =>
        new(problem.Columns, problem.Rows, new int[checked(problem.Columns * problem.Rows)]);

    /// <summary>Σ counts: the book's checksum, and the iterations actually executed.</summary>
    public long Sum()
    {
        long sum = 0;
        foreach (int n in Counts)
            sum += n;
        return sum;
    }

    /// <summary>Points whose count differs from <paramref name="reference"/>'s; infinite when the grids differ.</summary>
    public double DifferencesFrom(JuliaImage reference)
    {
        if (reference.Columns != Columns || reference.Rows != Rows || reference.Counts.Length != Counts.Length)
            return double.PositiveInfinity;
        long differ = 0;
        for (int i = 0; i < Counts.Length; i++)
        {
            if (Counts[i] != reference.Counts[i])
                differ++;
        }
        return differ;
    }
}
