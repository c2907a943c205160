namespace HyperSharp.Pi;

/// <summary>A rung's answer: how many of <paramref name="Samples"/> points fell in the quarter disc x² + y² ≤ 1.</summary>
public sealed record PiResult(long Hits, long Samples, long Seed, PiGenerator Generator)
{
    /// <summary>π ≈ 4·hits/n (NaN for no samples).</summary>
    public double Estimate => Samples == 0 ? double.NaN : 4.0 * Hits / Samples;

    /// <summary>The standard deviation of the estimate: 4·√(p(1 − p)/n) with p = π/4.</summary>
    public static double Sigma(long samples)
    {
        const double p = Math.PI / 4;
        return 4 * Math.Sqrt(p * (1 - p) / samples);
    }

    /// <summary>|π̂ − π| in standard deviations (0 for no samples: nothing to judge).</summary>
    public double Deviations => Samples == 0 ? 0 : Math.Abs(Estimate - Math.PI) / Sigma(Samples);
}
