using System.Buffers.Text;
using System.Globalization;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.TimeSeries;

/// <summary>
/// The book's fake series, as CSV: <c>timestamp,value</c>, days from 2024-01-01 UTC, rows evenly spread over each
/// day; a normal day is N(100, 10²), an anomalous one uniform with the same mean and variance or a shifted
/// exponential (alternately). Each day draws from its own SplitMix64 stream seeded by mixing (seed, day): its values depend
/// only on the seed, the day and its distribution. Every row has the same length (values as <c>%+.6e</c>), so a file's size is
/// known from its spec: <see cref="Bytes"/>.
/// </summary>
public static class TimeSeriesGenerator
{
    /// <summary>2024-01-01 as days since 1970-01-01.</summary>
    public const long FirstDay = 19_723;

    /// <summary><c>timestamp,value\n</c>.</summary>
    public const int HeaderBytes = 16;

    /// <summary><c>2024-01-01T00:00:00Z,+1.000000e+02\n</c>: 35 bytes; with Unix seconds (<c>1704067200,…</c>) 25.</summary>
    public static int RowBytes(bool unix) => unix ? 25 : 35;

    /// <summary>Bytes of a file of <paramref name="days"/> × <paramref name="perDay"/> rows, header included.</summary>
    public static long Bytes(long days, long perDay, bool unix = false) => HeaderBytes + days * perDay * RowBytes(unix);

    /// <summary>Mean and standard deviation of every day's values (normal days are N(Mean, Sigma²)).</summary>
    public const double Mean = 100, Sigma = 10;

    /// <summary>Unix seconds keep 10 digits (fixed width) until 2286.</summary>
    public const long MaxUnixDays = (9_999_999_999L / 86_400) - FirstDay;

    /// <summary>
    /// Which days are anomalous: <paramref name="anomalous"/> distinct days of <paramref name="days"/>, chosen by a
    /// partial Fisher–Yates shuffle from the seed.
    /// </summary>
    public static bool[] AnomalousDays(int days, int anomalous, long seed)
    {
        if (anomalous < 0 || anomalous > days)
            throw new SpecException($"anomalous must be from 0 to the number of days ({days}), got {anomalous}");
        int[] order = new int[days];
        for (int i = 0; i < days; i++)
            order[i] = i;
        var random = new SplitMix64(SplitMix64.Mix(SplitMix64.Mix((ulong)seed) ^ 0xA5A5A5A5UL));
        var chosen = new bool[days];
        for (int i = 0; i < anomalous; i++)
        {
            int j = i + (int)(random.NextDouble() * (days - i));
            (order[i], order[j]) = (order[j], order[i]);
            chosen[order[i]] = true;
        }
        return chosen;
    }

    /// <summary>Writes the series to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Generate(string path, TimeSeriesSpec spec, bool unix = false) =>
        AtomicFile.Write(path, stream => Write(stream, spec, unix));

    /// <summary>Writes the series as CSV to <paramref name="stream"/> (timestamps as ISO-8601, or Unix seconds when <paramref name="unix"/>).</summary>
    /// <exception cref="SpecException"><paramref name="unix"/> and more days than <see cref="MaxUnixDays"/>.</exception>
    public static void Write(Stream stream, TimeSeriesSpec spec, bool unix = false)
    {
        if (unix && spec.Days > MaxUnixDays)
            throw new SpecException($"--unix keeps timestamps to 10 digits: at most {MaxUnixDays} days");
        bool[] anomalousDays = AnomalousDays(spec.Days, spec.Anomalous, spec.Seed);
        byte[] buffer = new byte[1 << 20];
        int at = 0;
        "timestamp,value\n"u8.CopyTo(buffer);
        at += HeaderBytes;
        int row = RowBytes(unix), kind = 0;
        Span<byte> date = stackalloc byte[11];
        for (int d = 0; d < spec.Days; d++)
        {
            long day = FirstDay + d;
            var random = new SplitMix64(SplitMix64.Mix(SplitMix64.Mix((ulong)spec.Seed) ^ (ulong)day));
            int shape = anomalousDays[d] ? 1 + (kind++ % 2) : 0;
            DateOnly civil = DateOnly.FromDayNumber((int)day + AnomalousDay.UnixEpochDayNumber);
            WriteDate(date, civil);
            double spare = double.NaN;
            for (long i = 0; i < spec.PerDay; i++)
            {
                if (at + row > buffer.Length)
                {
                    stream.Write(buffer, 0, at);
                    at = 0;
                }
                Span<byte> dst = buffer.AsSpan(at, row);
                long second = i * 86_400 / spec.PerDay;
                int w;
                if (unix)
                {
                    Utf8Formatter.TryFormat(day * 86_400 + second, dst, out w);
                }
                else
                {
                    date.CopyTo(dst);
                    Two(dst[11..], (int)(second / 3600));
                    dst[13] = (byte)':';
                    Two(dst[14..], (int)(second / 60 % 60));
                    dst[16] = (byte)':';
                    Two(dst[17..], (int)(second % 60));
                    dst[19] = (byte)'Z';
                    w = 20;
                }
                dst[w] = (byte)',';
                double value = shape switch
                {
                    0 => Mean + Sigma * Normal(ref random, ref spare),
                    1 => Mean + Sigma * Math.Sqrt(3) * (2 * random.NextDouble() - 1),
                    _ => Mean - Sigma - Sigma * Math.Log(1 - random.NextDouble()),
                };
                FormatValue(value, dst[(w + 1)..]);
                dst[row - 1] = (byte)'\n';
                at += row;
            }
        }
        stream.Write(buffer, 0, at);
    }

    private static void WriteDate(Span<byte> dst, DateOnly date)
    {
        Utf8Formatter.TryFormat(date.Year, dst, out _, new System.Buffers.StandardFormat('D', 4));
        dst[4] = (byte)'-';
        Two(dst[5..], date.Month);
        dst[7] = (byte)'-';
        Two(dst[8..], date.Day);
        dst[10] = (byte)'T';
    }

    private static void Two(Span<byte> dst, int v)
    {
        dst[0] = (byte)('0' + v / 10);
        dst[1] = (byte)('0' + v % 10);
    }

    /// <summary>Marsaglia's polar method: two normal deviates per accepted pair; the second is kept for the next call.</summary>
    private static double Normal(ref SplitMix64 random, ref double spare)
    {
        if (!double.IsNaN(spare))
        {
            double s = spare;
            spare = double.NaN;
            return s;
        }
        while (true)
        {
            double u = 2 * random.NextDouble() - 1, v = 2 * random.NextDouble() - 1, q = u * u + v * v;
            if (q is > 0 and < 1)
            {
                double f = Math.Sqrt(-2 * Math.Log(q) / q);
                spare = v * f;
                return u * f;
            }
        }
    }

    private static readonly double[] s_pow10 = Enumerable.Range(-99, 199).Select(e => double.Parse($"1e{e}", CultureInfo.InvariantCulture)).ToArray();

    private static double Pow10(int e) => s_pow10[e + 99];

    /// <summary>
    /// <c>%+.6e</c> in 13 bytes (<c>+1.234567e+02</c>): seven significant digits, rounded half to even from
    /// x·10^(6−e) (one IEEE operation, so the same on every machine). Magnitudes below 10⁻⁹⁹ are written as zero, so the
    /// exponent keeps two digits.
    /// </summary>
    internal static void FormatValue(double x, Span<byte> dst)
    {
        double a = Math.Abs(x);
        long m = 0;
        int e = 0;
        if (a >= 1e-99)
        {
            if (a >= 1e99)
                throw new ArgumentOutOfRangeException(nameof(x), x, "the format keeps two exponent digits");
            e = 0;
            while (e < 98 && a >= Pow10(e + 1))
                e++;
            while (e > -99 && a < Pow10(e))
                e--;
            m = (long)Math.Round(e >= 6 ? a / Pow10(e - 6) : a * Pow10(6 - e), MidpointRounding.ToEven);
            if (m >= 10_000_000)
            {
                m /= 10;
                e++;
            }
        }
        dst[0] = x < 0 && m != 0 ? (byte)'-' : (byte)'+';
        dst[1] = (byte)('0' + m / 1_000_000);
        dst[2] = (byte)'.';
        long frac = m % 1_000_000;
        for (int i = 8; i >= 3; i--)
        {
            dst[i] = (byte)('0' + frac % 10);
            frac /= 10;
        }
        dst[9] = (byte)'e';
        dst[10] = e < 0 ? (byte)'-' : (byte)'+';
        Two(dst[11..], Math.Abs(e));
    }
}

/// <summary>SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and the same on every platform.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>
    /// SplitMix64's finalizer: also how streams are seeded (a state is a mixed seed, so that nearby seeds, or days,
    /// start far apart: raw nearby states give visibly correlated first draws).
    /// </summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1), 53 bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
