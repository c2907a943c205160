using System.Globalization;

namespace HyperSharp.TimeSeries;

/// <summary>A day whose values fail the normality test.</summary>
/// <param name="Day">Days since 1970-01-01 (UTC).</param>
/// <param name="Rows">Its rows.</param>
/// <param name="K2">D'Agostino–Pearson's K².</param>
/// <param name="PValue">exp(−K²/2).</param>
public sealed record AnomalousDay(long Day, long Rows, double K2, double PValue)
{
    /// <summary>The day as <c>yyyy-MM-dd</c>.</summary>
    public string Date => FormatDay(Day);

    /// <summary>Days since 1970-01-01 as a <c>yyyy-MM-dd</c> date.</summary>
    public static string FormatDay(long day) =>
        DateOnly.FromDayNumber(checked((int)(day + UnixEpochDayNumber))).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><see cref="DateOnly.DayNumber"/> of 1970-01-01.</summary>
    internal const int UnixEpochDayNumber = 719_162;
}

/// <summary>
/// What <c>hyper timeseries anomalies</c> finds in a file: its rows and days (runs of consecutive rows on one UTC day),
/// the days too short or too flat to test (fewer than 8 rows, or all values equal), the sum of K² over the tested
/// days (a checksum of every day, not only the anomalous ones) and the anomalous days in file order.
/// </summary>
public sealed record AnomalyReport(long Rows, long Days, long Untested, double K2Sum, IReadOnlyList<AnomalousDay> Anomalous);
