namespace HyperSharp.TimeSeries;

/// <summary>
/// A generated time series and the test applied to it: <paramref name="Days"/> UTC days from 2024-01-01 of
/// <paramref name="PerDay"/> rows each, <paramref name="Anomalous"/> of them drawn from a non-normal distribution,
/// all from <paramref name="Seed"/>; a day is flagged when its K² p-value is below <paramref name="Alpha"/>.
/// </summary>
public sealed record TimeSeriesSpec(int Days, int PerDay = TimeSeriesSpec.DefaultPerDay, int Anomalous = 1, long Seed = 1, double Alpha = TimeSeriesSpec.DefaultAlpha)
{
    /// <summary>One row a second, as the book's <c>read_fake_data</c>.</summary>
    public const int DefaultPerDay = 86_400;

    /// <summary>The book's threshold (<c>is_normal(data, threshold=1e-3)</c>).</summary>
    public const double DefaultAlpha = 1e-3;

    /// <summary>Rows in the file: days × per-day.</summary>
    public long Rows => (long)Days * PerDay;
}
