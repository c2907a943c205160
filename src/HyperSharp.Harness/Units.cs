using System.Globalization;

namespace HyperSharp.Harness;

/// <summary>Number formatting shared by the console tables and the HTML report.</summary>
public static class Units
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>1.23 G, 456 M, 7.8 k: three significant digits and an SI prefix.</summary>
    public static string Si(double value)
    {
        if (!double.IsFinite(value)) return "—";
        (double scale, string prefix) = Math.Abs(value) switch
        {
            >= 1e12 => (1e12, " T"),
            >= 1e9 => (1e9, " G"),
            >= 1e6 => (1e6, " M"),
            >= 1e3 => (1e3, " k"),
            _ => (1, ""),
        };
        return (value / scale).ToString("G3", s_inv) + prefix;
    }

    public static string Seconds(double seconds) => seconds switch
    {
        < 1e-3 => (seconds * 1e6).ToString("F1", s_inv) + " µs",
        < 1 => (seconds * 1e3).ToString("F2", s_inv) + " ms",
        _ => seconds.ToString("F3", s_inv) + " s",
    };

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => $"{bytes} B",
        < 1 << 20 => (bytes.Value / 1024.0).ToString("F1", s_inv) + " KiB",
        < 1L << 30 => (bytes.Value / 1048576.0).ToString("F1", s_inv) + " MiB",
        _ => (bytes.Value / 1073741824.0).ToString("F2", s_inv) + " GiB",
    };

    public static string Ratio(double ratio) => double.IsFinite(ratio) ? ratio.ToString(ratio < 10 ? "F2" : "F1", s_inv) + "×" : "—";
}
