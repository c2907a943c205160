namespace HyperSharp.TimeSeries;

/// <summary>
/// The values of one day, reduced to what K² needs: the count and the power sums of x − shift up to the fourth, where
/// the shift is the day's first value (so the sums stay small and central moments keep their digits). One pass, no
/// division per row, and mergeable: the threads rung adds the two halves of a day cut by a range boundary.
/// </summary>
internal struct DayMoments
{
    public long Day;
    public long Count;
    public double Shift, S1, S2, S3, S4;

    public static DayMoments Start(long day, double first) => new() { Day = day, Count = 1, Shift = first };

    public void Add(double x)
    {
        double d = x - Shift, d2 = d * d;
        Count++;
        S1 += d;
        S2 += d2;
        S3 += d2 * d;
        S4 += d2 * d2;
    }

    /// <summary>Adds <paramref name="other"/> (the same day, later rows): its sums moved to this shift by the binomial expansion.</summary>
    public void Merge(in DayMoments other)
    {
        double t = other.Shift - Shift, t2 = t * t, t3 = t2 * t, n = other.Count;
        S4 += other.S4 + 4 * t * other.S3 + 6 * t2 * other.S2 + 4 * t3 * other.S1 + n * t2 * t2;
        S3 += other.S3 + 3 * t * other.S2 + 3 * t2 * other.S1 + n * t3;
        S2 += other.S2 + 2 * t * other.S1 + n * t2;
        S1 += other.S1 + n * t;
        Count += other.Count;
    }

    /// <summary>
    /// Whether K² is defined: at least <see cref="NormalTest.MinSamples"/> rows, and not all equal (every x − shift is
    /// then exactly 0, so S2 is exactly 0; SciPy returns NaN there).
    /// </summary>
    public readonly bool Testable => Count >= NormalTest.MinSamples && S2 > 0;

    public readonly (double K2, double PValue) Test()
    {
        double n = Count, mean = S1 / n, e2 = S2 / n, e3 = S3 / n, e4 = S4 / n, mean2 = mean * mean;
        double m2 = e2 - mean2;
        double m3 = e3 - 3 * mean * e2 + 2 * mean2 * mean;
        double m4 = e4 - 4 * mean * e3 + 6 * mean2 * e2 - 3 * mean2 * mean2;
        return NormalTest.FromMoments(Count, m2, m3, m4);
    }
}
