namespace HyperSharp.Norm;

/// <summary>A rung's answer: Σ vᵢ² over <paramref name="Count"/> elements (the squared norm; the book's <c>norm_square</c>).</summary>
/// <param name="SumOfSquares">Σ vᵢ².</param>
/// <param name="Count">Elements summed, so that the error bound (which grows with the count) can be stated.</param>
public sealed record NormResult(double SumOfSquares, long Count)
{
    /// <summary>The Euclidean norm, √(Σ vᵢ²).</summary>
    public double Norm => Math.Sqrt(SumOfSquares);

    /// <summary>
    /// |Δ| between two sums of the same n squares, in units of (n + 1)·ε·Σ with ε = 2⁻⁵²: each sum, in any order, is
    /// within (n + 1)·u·Σ of the exact one (u = ε/2; each square and each addition rounds once, a fused multiply-add
    /// less), so two correct sums differ by at most 1 unit whatever their orders; typically by about 1/√n of it. A NaN
    /// answer is infinitely wrong.
    /// </summary>
    public double ErrorAgainst(NormResult reference)
    {
        if (Count != reference.Count || double.IsNaN(SumOfSquares))
            return double.PositiveInfinity;
        double bound = (Count + 1) * Math.ScaleB(1.0, -52) * reference.SumOfSquares;
        double diff = Math.Abs(SumOfSquares - reference.SumOfSquares);
        return diff == 0 ? 0 : diff / bound;
    }
}
