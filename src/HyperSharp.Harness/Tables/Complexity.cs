namespace HyperSharp.Harness.Tables;

/// <summary>The growth law a set of timings shows: the model that fits them best, and the log-log slope.</summary>
/// <param name="Model">"O(1)", "O(log N)", "O(N)", "O(N log N)" or "O(N²)".</param>
/// <param name="Slope">d ln t / d ln N by least squares: 0 for constant time, 1 for linear, 2 for quadratic.</param>
public sealed record ComplexityFit(string Model, double Slope)
{
    public override string ToString() => $"{Model} (slope {Slope.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)})";
}

/// <summary>
/// Fits time against N. Each model t = c·f(N) is fitted in log space (ln t = ln c + ln f(N), one free constant), where
/// a relative error counts the same at every size, and the model with the smallest squared residual wins. This is what
/// the measurements show, which may differ from what a book states: at 10,000–30,000 elements log N grows by 12 %,
/// so an O(log N) operation whose constant cost dominates is honestly reported as O(1).
/// </summary>
public static class Complexity
{
    private static readonly (string Name, Func<double, double> F)[] s_models =
    [
        ("O(1)", _ => 1),
        ("O(log N)", Math.Log),
        ("O(N)", n => n),
        ("O(N log N)", n => n * Math.Log(n)),
        ("O(N²)", n => n * n),
    ];

    /// <summary>The model names, simplest first.</summary>
    public static IReadOnlyList<string> Models { get; } = s_models.Select(m => m.Name).ToArray();

    /// <summary>
    /// The best model for (N, time) points, or null when they cannot tell (fewer than two distinct N ≥ 2, or a time
    /// that is not a positive number).
    /// </summary>
    public static ComplexityFit? Fit(IReadOnlyList<(double N, double Seconds)> points)
    {
        if (points.Any(p => !(p.N >= 2) || !double.IsFinite(p.N) || !(p.Seconds > 0) || !double.IsFinite(p.Seconds)))
            return null;
        if (points.Select(p => p.N).Distinct().Count() < 2)
            return null;

        double[] lnT = points.Select(p => Math.Log(p.Seconds)).ToArray();
        string best = "";
        double bestResidual = double.PositiveInfinity;
        foreach ((string name, Func<double, double> f) in s_models)
        {
            double[] lnF = points.Select(p => Math.Log(f(p.N))).ToArray();
            double c = lnT.Zip(lnF, (t, m) => t - m).Average();
            double residual = lnT.Zip(lnF, (t, m) => (t - m - c) * (t - m - c)).Sum();
            // Strictly smaller: on a tie the simpler model (listed first) stays.
            if (residual < bestResidual - 1e-12)
                (best, bestResidual) = (name, residual);
        }
        return new ComplexityFit(best, Slope(points));
    }

    private static double Slope(IReadOnlyList<(double N, double Seconds)> points)
    {
        double[] x = points.Select(p => Math.Log(p.N)).ToArray();
        double[] y = points.Select(p => Math.Log(p.Seconds)).ToArray();
        double mx = x.Average(), my = y.Average();
        double sxy = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        double sxx = x.Sum(a => (a - mx) * (a - mx));
        return sxy / sxx;
    }
}
