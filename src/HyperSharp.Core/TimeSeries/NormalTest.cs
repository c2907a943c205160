namespace HyperSharp.TimeSeries;

/// <summary>
/// D'Agostino–Pearson's K² test of normality, exactly as <c>scipy.stats.normaltest</c> computes it: the squares of
/// <c>skewtest</c>'s and <c>kurtosistest</c>'s Z added, and the p-value of a χ² with 2 degrees of freedom,
/// exp(−K²/2). Moments are the biased ones (divided by n), as <c>scipy.stats.skew</c> and <c>kurtosis</c> use.
/// </summary>
public static class NormalTest
{
    /// <summary>SciPy's skewtest refuses fewer samples (kurtosistest warns below 20 but computes).</summary>
    public const int MinSamples = 8;

    /// <summary>K² and its p-value from n and the central moments m2, m3, m4 (each Σ(x − mean)^k / n).</summary>
    public static (double K2, double PValue) FromMoments(long count, double m2, double m3, double m4)
    {
        if (count < MinSamples)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"the test needs at least {MinSamples} samples");
        double n = count;
        double z1 = SkewZ(n, m3 / Math.Pow(m2, 1.5));
        double z2 = KurtosisZ(n, m4 / (m2 * m2));
        double k2 = z1 * z1 + z2 * z2;
        return (k2, Math.Exp(-k2 / 2));
    }

    /// <summary>K² of a sample, with two-pass central moments (as SciPy computes them): for tests and small data.</summary>
    public static (double K2, double PValue) Of(ReadOnlySpan<double> values)
    {
        double mean = 0;
        foreach (double v in values)
            mean += v;
        mean /= values.Length;
        double m2 = 0, m3 = 0, m4 = 0;
        foreach (double v in values)
        {
            double d = v - mean, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        return FromMoments(values.Length, m2 / values.Length, m3 / values.Length, m4 / values.Length);
    }

    // scipy.stats.skewtest (D'Agostino 1970), line for line.
    private static double SkewZ(double n, double b2)
    {
        double y = b2 * Math.Sqrt((n + 1) * (n + 3) / (6.0 * (n - 2)));
        double beta2 = 3.0 * (n * n + 27 * n - 70) * (n + 1) * (n + 3) / ((n - 2.0) * (n + 5) * (n + 7) * (n + 9));
        double w2 = -1 + Math.Sqrt(2 * (beta2 - 1));
        double delta = 1 / Math.Sqrt(0.5 * Math.Log(w2));
        double alpha = Math.Sqrt(2.0 / (w2 - 1));
        if (y == 0)
            y = 1; // SciPy's own guard (np.where(y == 0, 1, y)), kept so that symmetric samples give SciPy's Z
        return delta * Math.Log(y / alpha + Math.Sqrt((y / alpha) * (y / alpha) + 1));
    }

    // scipy.stats.kurtosistest (Anscombe & Glynn 1983), line for line.
    private static double KurtosisZ(double n, double b2)
    {
        double e = 3.0 * (n - 1) / (n + 1);
        double varb2 = 24.0 * n * (n - 2) * (n - 3) / ((n + 1) * (n + 1.0) * (n + 3) * (n + 5));
        double x = (b2 - e) / Math.Sqrt(varb2);
        double sqrtbeta1 = 6.0 * (n * n - 5 * n + 2) / ((n + 7) * (n + 9)) * Math.Sqrt(6.0 * (n + 3) * (n + 5) / (n * (n - 2) * (n - 3)));
        double a = 6.0 + 8.0 / sqrtbeta1 * (2.0 / sqrtbeta1 + Math.Sqrt(1 + 4.0 / (sqrtbeta1 * sqrtbeta1)));
        double term1 = 1 - 2 / (9.0 * a);
        double denom = 1 + x * Math.Sqrt(2 / (a - 4.0));
        double term2 = denom == 0 ? double.NaN : Math.Sign(denom) * Math.Pow((1 - 2.0 / a) / Math.Abs(denom), 1 / 3.0);
        return (term1 - term2) / Math.Sqrt(2 / (9.0 * a));
    }
}
