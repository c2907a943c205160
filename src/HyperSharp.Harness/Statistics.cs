namespace HyperSharp.Harness;

/// <summary>Median, min and max of repeated timings: the median resists the noise of a shared 2-core machine.</summary>
public readonly record struct Statistics(double Median, double Min, double Max, int Count)
{
    public static Statistics Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0)
            throw new ArgumentException("No samples.", nameof(samples));
        double[] sorted = samples.Order().ToArray();
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Statistics(median, sorted[0], sorted[^1], sorted.Length);
    }
}
