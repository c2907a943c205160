namespace HyperSharp.Particles;

/// <summary>Final positions, struct-of-arrays.</summary>
public sealed record ParticleState(double[] X, double[] Y)
{
    /// <summary>Particles.</summary>
    public int Count => X.Length;

    /// <summary>Σ(x + y): depends on every particle's final position.</summary>
    public double Checksum()
    {
        double sum = 0;
        for (int i = 0; i < X.Length; i++)
            sum += X[i] + Y[i];
        return sum;
    }

    /// <summary>
    /// Largest coordinate difference divided by the largest coordinate of <paramref name="reference"/>: a normwise
    /// relative error that does not explode for particles near the origin.
    /// </summary>
    public double RelativeErrorAgainst(ParticleState reference)
    {
        if (reference.Count != Count)
            return double.PositiveInfinity;
        double maxDiff = 0, maxAbs = 0;
        for (int i = 0; i < Count; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Max(Math.Abs(X[i] - reference.X[i]), Math.Abs(Y[i] - reference.Y[i])));
            maxAbs = Math.Max(maxAbs, Math.Max(Math.Abs(reference.X[i]), Math.Abs(reference.Y[i])));
            if (double.IsNaN(X[i]) || double.IsNaN(Y[i]))
                return double.PositiveInfinity;
        }
        return maxAbs == 0 ? maxDiff : maxDiff / maxAbs;
    }
}
