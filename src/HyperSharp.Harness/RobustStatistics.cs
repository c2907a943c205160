using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.OutlierDetection;
using Perfolizer.Mathematics.QuantileEstimators;
using Pragmastat;

namespace HyperSharp.Harness;

/// <summary>The median's confidence interval at <see cref="Level"/> (Harrell–Davis, as BenchmarkDotNet reports it).</summary>
public sealed record MedianInterval(double Lower, double Upper, double Level)
{
    /// <summary>Whether the two intervals share no point: the medians differ beyond the noise either run saw.</summary>
    public bool DisjointFrom(MedianInterval other) => Upper < other.Lower || other.Upper < Lower;
}

/// <summary>The runs that lie outside Tukey's fences (1.5 interquartile ranges beyond the quartiles), by side.</summary>
public sealed record OutlierInfo(int Lower, int Upper)
{
    /// <summary>All of them.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int Count => Lower + Upper;
}

/// <summary>
/// The statistics a result carries beyond median, min and max, computed by Perfolizer (BenchmarkDotNet's statistics
/// library) rather than by hand: the confidence interval of the median and the outlying runs.
/// </summary>
public static class RobustStatistics
{
    /// <summary>The confidence level of every interval the harness reports.</summary>
    public const double Level = 0.99;

    /// <summary>The median's 99 % interval; null under 2 runs (one run has no spread to estimate).</summary>
    public static MedianInterval? MedianInterval(IReadOnlyList<double> seconds)
    {
        if (seconds.Count < 2 || seconds.Min() == seconds.Max())
            return seconds.Count < 2 ? null : new MedianInterval(seconds[0], seconds[0], Level);
        ConfidenceInterval ci = HarrellDavisQuantileEstimator.Instance
            .QuantileConfidenceIntervalEstimator(new Sample(seconds.ToArray()), 0.5)
            .ConfidenceInterval(new ConfidenceLevel(Level));
        // The normal approximation can reach below the fastest run (or zero): no median lies outside the runs.
        return new MedianInterval(Math.Max(ci.Lower, seconds.Min()), Math.Min(ci.Upper, seconds.Max()), Level);
    }

    /// <summary>The outlying runs (Tukey's fences on Harrell–Davis quartiles); null under 4 runs (no quartiles to speak of).</summary>
    public static OutlierInfo? Outliers(IReadOnlyList<double> seconds)
    {
        if (seconds.Count < 4)
            return null;
        TukeyOutlierDetector fences = TukeyOutlierDetector.Create(seconds, 1.5, HarrellDavisQuantileEstimator.Instance);
        return new OutlierInfo(seconds.Count(fences.IsLowerOutlier), seconds.Count(fences.IsUpperOutlier));
    }
}
