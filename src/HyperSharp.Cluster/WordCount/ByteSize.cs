using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Cluster.WordCount;

/// <summary>Sizes as people write them: <c>200MB</c> (10⁶), <c>1.5GB</c>, <c>64KiB</c> (2¹⁰), <c>1000</c> (bytes).</summary>
public static class ByteSize
{
    private static readonly (string Suffix, double Factor)[] s_units =
    [
        ("KIB", 1024), ("MIB", 1 << 20), ("GIB", 1 << 30), ("KB", 1e3), ("MB", 1e6), ("GB", 1e9), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("B", 1),
    ];

    /// <summary>The bytes <paramref name="text"/> says; a <see cref="SpecException"/> naming <paramref name="option"/> when it says none.</summary>
    public static long Parse(string text, string option, long max = 16_000_000_000)
    {
        string t = text.Trim().ToUpperInvariant();
        double factor = 1;
        foreach ((string suffix, double f) in s_units)
        {
            if (t.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                t = t[..^suffix.Length].TrimEnd();
                break;
            }
        }
        if (double.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double n) && n * factor is >= 0 and var bytes && bytes <= max)
            return (long)Math.Round(bytes);
        throw new SpecException($"{option} takes a size such as 200MB, 1.5GB or 64KiB, at most {max / 1e9:0.#} GB (got '{text}')");
    }
}
