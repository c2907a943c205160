namespace HyperSharp.Diffusion;

/// <summary>A grid of heat, row-major (<see cref="Size"/> cells a row; one row in 1D).</summary>
public sealed record DiffusionGrid(double[] Cells, int Size, int Dims)
{
    /// <summary>Σ cell²: the checksum the book's peers print too.</summary>
    public double SumOfSquares()
    {
        double sum = 0;
        foreach (double c in Cells)
            sum += c * c;
        return sum;
    }

    /// <summary>Σ cell: the total heat, which periodic diffusion conserves.</summary>
    public double TotalHeat()
    {
        double sum = 0;
        foreach (double c in Cells)
            sum += c;
        return sum;
    }

    /// <summary>
    /// Largest cell difference divided by the largest cell of <paramref name="reference"/>: a normwise (max-norm)
    /// relative error. NaN anywhere, or a different shape, is infinitely wrong.
    /// </summary>
    public double RelativeErrorAgainst(DiffusionGrid reference)
    {
        if (reference.Size != Size || reference.Dims != Dims || reference.Cells.Length != Cells.Length)
            return double.PositiveInfinity;
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < Cells.Length; i++)
        {
            if (double.IsNaN(Cells[i]))
                return double.PositiveInfinity;
            maxDiff = Math.Max(maxDiff, Math.Abs(Cells[i] - reference.Cells[i]));
            maxAbs = Math.Max(maxAbs, Math.Abs(reference.Cells[i]));
        }
        return maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
    }
}
