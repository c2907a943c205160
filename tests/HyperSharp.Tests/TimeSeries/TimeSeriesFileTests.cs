using System.Globalization;
using System.Text;
using System.Text.Json;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;
using HyperSharp.TimeSeries;

namespace HyperSharp.Tests.TimeSeries;

/// <summary>
/// Hand-made files through every rung (a day of one row, no final newline, CRLF, Unix seconds, time-zone offsets,
/// malformed lines), the parsers against the runtime's, the generator's determinism and size, and the CLI.
/// </summary>
public sealed class TimeSeriesFileTests
{
    private static readonly AnomaliesLadder s_ladder = Catalog.Anomalies;

    public static TheoryData<string> Rungs() => new(s_ladder.Selected.Select(r => r.Name));

    /// <summary>Day 1: one row. Day 2: 30 rows, the first 29 normal-looking, one far outlier (flagged). Day 3: 10 rows.</summary>
    private static List<(string Iso, long Unix, string Value)> Rows()
    {
        var rows = new List<(string, long, string)>();
        void Add(DateTime t, double v) =>
            rows.Add((t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), new DateTimeOffset(t).ToUnixTimeSeconds(),
                v.ToString("R", CultureInfo.InvariantCulture)));
        var day1 = new DateTime(2024, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        Add(day1, 5.5);
        var day2 = day1.AddDays(1).Date;
        for (int i = 0; i < 29; i++)
            Add(day2.AddMinutes(i * 7), 10 + ((i * 37) % 11 - 5) * 0.25);
        Add(day2.AddHours(23), 1000);
        for (int i = 0; i < 10; i++)
            Add(day2.AddDays(1).AddSeconds(i), i * i * 0.5);
        return rows;
    }

    private static string Csv(bool unix = false, string newline = "\n", bool finalNewline = true)
    {
        var sb = new StringBuilder("timestamp,value").Append(newline);
        List<(string Iso, long Unix, string Value)> rows = Rows();
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append(unix ? rows[i].Unix.ToString(CultureInfo.InvariantCulture) : rows[i].Iso).Append(',').Append(rows[i].Value);
            if (finalNewline || i < rows.Count - 1)
                sb.Append(newline);
        }
        return sb.ToString();
    }

    private static async Task<AnomalyReport> RunAsync(string rung, TempDirectory dir, string text, string name = "t.csv")
    {
        string path = dir.File(name);
        File.WriteAllText(path, text);
        await using var problem = new AnomaliesProblem(path);
        return await s_ladder.Find(rung).RunAsync(problem, new RunContext(3));
    }

    private static void AssertHandMade(AnomalyReport r, string what)
    {
        Assert.True(r.Rows == 41 && r.Days == 3 && r.Untested == 1, $"{what}: {r}");
        AnomalousDay flagged = Assert.Single(r.Anomalous);
        Assert.Equal("2024-03-02", flagged.Date);
        Assert.Equal(30, flagged.Rows);
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public async Task Rung_HandMadeFiles_AllGiveTheSameDays(string rung)
    {
        using var dir = new TempDirectory();
        AnomalyReport lf = await RunAsync(rung, dir, Csv());
        AssertHandMade(lf, "LF");
        foreach ((string what, string text) in new[]
                 {
                     ("no final newline", Csv(finalNewline: false)), ("CRLF", Csv(newline: "\r\n")),
                     ("CRLF, no final newline", Csv(newline: "\r\n", finalNewline: false)), ("Unix seconds", Csv(unix: true)),
                     ("a BOM and blank lines", "\uFEFF" + Csv().Replace("\n2024-03-03", "\n\n2024-03-03")),
                 })
        {
            AnomalyReport r = await RunAsync(rung, dir, text);
            AssertHandMade(r, what);
            Assert.True(Catalog.Anomalies.Verify(lf, r, 0).Passed, what);
        }
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public async Task Rung_HeaderOnlyOrOneRow_CountsWhatIsThere(string rung)
    {
        using var dir = new TempDirectory();
        AnomalyReport empty = await RunAsync(rung, dir, "timestamp,value\n");
        Assert.True(empty.Rows == 0 && empty.Days == 0 && empty.Anomalous.Count == 0, empty.ToString());
        AnomalyReport one = await RunAsync(rung, dir, "timestamp,value\n2024-01-01T00:00:00Z,1");
        Assert.True(one.Rows == 1 && one.Days == 1 && one.Untested == 1, one.ToString());
    }

    /// <summary>UTC days: an offset moves a row to the day its UTC time falls on; Unix seconds before 1970 floor.</summary>
    [Theory]
    [MemberData(nameof(Rungs))]
    public async Task Rung_OffsetsAndFractions_GroupByTheUtcDay(string rung)
    {
        using var dir = new TempDirectory();
        var sb = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 8; i++)
            sb.Append(CultureInfo.InvariantCulture, $"2024-01-01T{20 + i % 4}:00:00.{i}-05:00,{i * i}\n"); // all 2024-01-02 UTC
        for (int i = 0; i < 8; i++)
            sb.Append(CultureInfo.InvariantCulture, $"{1704240000 + i}.5,{i}\n"); // 2024-01-03
        sb.Append("-0.5,1\n"); // 1969-12-31
        AnomalyReport r = await RunAsync(rung, dir, sb.ToString());
        Assert.True(r.Rows == 17 && r.Days == 3 && r.Untested == 1, r.ToString());
    }

    [Fact]
    public void TryParseDay_Iso_IsTheUtcDay()
    {
        (string Text, string Day)[] cases =
        [
            ("2024-01-01T00:00:00Z", "2024-01-01"), ("2024-02-29T23:59:59Z", "2024-02-29"), ("2024-01-01T23:30:00-01:00", "2024-01-02"),
            ("2024-01-01T00:30:00+01:00", "2023-12-31"), ("2024-01-01 12:00:00", "2024-01-01"), ("2024-01-01", "2024-01-01"),
            ("1970-01-01T00:00:00.999999Z", "1970-01-01"), ("0", "1970-01-01"), ("86399", "1970-01-01"), ("86400", "1970-01-02"),
            ("-1", "1969-12-31"), ("1704067200", "2024-01-01"), ("1704067199.9", "2023-12-31"),
        ];
        foreach ((string text, string day) in cases)
        {
            Assert.True(TimeSeriesCsv.TryParseDay(Encoding.UTF8.GetBytes(text).AsSpan(), out long d), text);
            Assert.Equal(day, AnomalousDay.FormatDay(d));
            Assert.True(TimeSeriesCsv.TryParseDay(text.AsSpan(), out long c), text);
            Assert.Equal(d, c);
        }
        foreach (string bad in new[] { "", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00Y",
                     "2024-01-01T00:00", "1e9", "12a", "-", "1.", "99999999999999999", "2024-01-01T00:00:00+1:00" })
        {
            Assert.False(TimeSeriesCsv.TryParseDay(Encoding.UTF8.GetBytes(bad).AsSpan(), out _), bad);
        }
    }

    /// <summary>The fast path is Clinger's exact case; every value must equal the runtime's correctly rounded parse.</summary>
    [Fact]
    public void TryParseValue_RandomDecimals_EqualDoubleParse()
    {
        var random = new Random(5);
        string[] formats = ["R", "E6", "F4", "G17", "E16", "F0", "+0.000000e+00;-0.000000e+00"];
        for (int i = 0; i < 20_000; i++)
        {
            double x = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
            string text = x.ToString(formats[i % formats.Length], CultureInfo.InvariantCulture);
            double expected = double.Parse(text, CultureInfo.InvariantCulture);
            Assert.True(TimeSeriesCsv.TryParseValue(Encoding.UTF8.GetBytes(text).AsSpan(), out double got), text);
            Assert.True(expected.Equals(got), $"{text}: {got:R}, expected {expected:R}");
        }
        foreach (string ok in new[] { "0", "-0.5", "+3", ".5", "5.", "1e5", "1E-5", "000000000000000000012.5", "123456789012345678901234567890" })
        {
            Assert.True(TimeSeriesCsv.TryParseValue(ok.AsSpan(), out double v), ok);
            Assert.Equal(double.Parse(ok, CultureInfo.InvariantCulture), v);
        }
        foreach (string bad in new[] { "", "-", ".", "abc", "1,5", "1e", "1e+", "NaN", "Infinity", "1e400", " 1", "1 ", "0x10", "1.2.3" })
            Assert.False(TimeSeriesCsv.TryParseValue(bad.AsSpan(), out _), bad);
    }

    [Fact]
    public void FormatValue_Values_Are13BytesAndParseBackWithinHalfAUnitOfTheSeventhDigit()
    {
        var random = new Random(3);
        Span<byte> text = stackalloc byte[13];
        for (int i = 0; i < 10_000; i++)
        {
            double x = (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-20, 20));
            TimeSeriesGenerator.FormatValue(x, text);
            Assert.True(TimeSeriesCsv.TryParseValue((ReadOnlySpan<byte>)text, out double back), Encoding.ASCII.GetString(text));
            Assert.True(Math.Abs(back - x) <= 5.0000001e-7 * Math.Abs(x), $"{x:R} → {Encoding.ASCII.GetString(text)}");
        }
        TimeSeriesGenerator.FormatValue(9.9999999, text);
        Assert.Equal("+1.000000e+01", Encoding.ASCII.GetString(text));
        TimeSeriesGenerator.FormatValue(-0.0, text);
        Assert.Equal("+0.000000e+00", Encoding.ASCII.GetString(text));
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public async Task Rung_MalformedLine_IsOneLineErrorNamingTheLine(string rung)
    {
        using var dir = new TempDirectory();
        string good = Csv(newline: "\r\n");
        string[] lines = good.Split("\r\n");
        foreach ((int line, string replacement, string says) in new[]
                 {
                     (5, "2024-03-02T00:21:00Z,abc", "not a finite number"), (20, "2024-03-02T00:21:00Z", "no comma"),
                     (41, "yesterday,1.0", "not a timestamp"), (2, "2024-02-30T00:00:00Z,1", "not a timestamp"), (6, "2024-03-32T00:28:00Z,1", "not a timestamp"),
                     (30, "2024-03-02T01:00:00Z,1,2", "not a finite number"),
                 })
        {
            string[] copy = (string[])lines.Clone();
            copy[line - 1] = replacement;
            var ex = await Assert.ThrowsAsync<SpecException>(() => RunAsync(rung, dir, string.Join("\r\n", copy)));
            Assert.Contains($"line {line}:", ex.Message);
            Assert.Contains(says, ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
        }
        var header = await Assert.ThrowsAsync<SpecException>(() => RunAsync(rung, dir, "time,value\n2024-01-01,1\n"));
        Assert.Contains("line 1:", header.Message);
        var empty = await Assert.ThrowsAsync<SpecException>(() => RunAsync(rung, dir, ""));
        Assert.Contains("empty file", empty.Message);
    }

    [Fact]
    public void Generate_SameSpec_SameBytesOfTheStatedSize()
    {
        using var dir = new TempDirectory();
        var spec = new TimeSeriesSpec(5, 777, 2, Seed: 42);
        TimeSeriesGenerator.Generate(dir.File("a.csv"), spec);
        TimeSeriesGenerator.Generate(dir.File("b.csv"), spec);
        TimeSeriesGenerator.Generate(dir.File("c.csv"), spec with { Seed = 43 });
        TimeSeriesGenerator.Generate(dir.File("u.csv"), spec, unix: true);
        byte[] a = File.ReadAllBytes(dir.File("a.csv"));
        Assert.Equal(a, File.ReadAllBytes(dir.File("b.csv")));
        Assert.NotEqual(a, File.ReadAllBytes(dir.File("c.csv")));
        Assert.Equal(AnomaliesLadder.Bytes(spec), a.Length);
        Assert.Equal(TimeSeriesGenerator.Bytes(spec.Days, spec.PerDay, unix: true), new FileInfo(dir.File("u.csv")).Length);
        Assert.StartsWith("timestamp,value\n2024-01-01T00:00:00Z,", Encoding.ASCII.GetString(a, 0, 40));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));

        // The same values with Unix-seconds timestamps: the same days, the same statistics, bit for bit.
        AnomalyReport iso = AnomaliesLadder.Analyze(dir.File("a.csv"), threads: 2), unixReport = AnomaliesLadder.Analyze(dir.File("u.csv"), threads: 2);
        Assert.Equal(s_ladder.Fingerprint(iso), s_ladder.Fingerprint(unixReport));
        Assert.Equal(iso.K2Sum, unixReport.K2Sum);
        Assert.Equal(spec.Days, iso.Days);
    }

    [Fact]
    public void AnomalousDays_AreDistinctAndAsMany()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            bool[] days = TimeSeriesGenerator.AnomalousDays(50, seed % 51, seed);
            Assert.Equal(seed % 51, days.Count(d => d));
        }
        Assert.Throws<SpecException>(() => TimeSeriesGenerator.AnomalousDays(3, 4, 1));
    }

    [Fact]
    public void Cli_GenerateThenAnomalies_PrintsTheFlaggedDays()
    {
        using var dir = new TempDirectory();
        string path = dir.File("s.csv");
        Hyper.Outcome gen = Hyper.Run("timeseries", "generate", "--days", "6", "--per-day", "3000", "--anomalous", "2", "--seed", "4", "-o", path);
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        Hyper.Outcome o = Hyper.Run("timeseries", "anomalies", path, "--json");
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        JsonElement root = doc.RootElement;
        Assert.Equal(18_000, root.GetProperty("rows").GetInt64());
        Assert.Equal(6, root.GetProperty("days").GetInt64());
        AnomalyReport expected = AnomaliesLadder.Analyze(path);
        JsonElement[] days = root.GetProperty("anomalous").EnumerateArray().ToArray();
        Assert.Equal(expected.Anomalous.Select(d => d.Date), days.Select(d => d.GetProperty("day").GetString()));
        Assert.All(days, d => Assert.True(d.GetProperty("p_value").GetDouble() < 1e-3 && d.GetProperty("k2").GetDouble() > 0 && d.GetProperty("rows").GetInt64() == 3000));

        Hyper.Outcome text = Hyper.Run("timeseries", "anomalies", path, "--alpha", "0.5", "--threads", "1");
        Assert.True(text.ExitCode == 0, text.Stderr);
        Assert.Contains("18,000 rows, 6 days", text.Stdout);

        // --rung: every rung of the ladder reads the user's file and flags the same days.
        foreach (string rung in Catalog.Anomalies.Rungs.Select(r => r.Name))
        {
            Hyper.Outcome r = Hyper.Run("timeseries", "anomalies", path, "--rung", rung, "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            using JsonDocument one = JsonDocument.Parse(r.Stdout.Trim());
            Assert.Equal(18_000, one.RootElement.GetProperty("rows").GetInt64());
            Assert.Equal(expected.Anomalous.Select(d => d.Date), one.RootElement.GetProperty("anomalous").EnumerateArray().Select(d => d.GetProperty("day").GetString()));
        }
    }

    [Fact]
    public void Cli_BadInput_IsOneLineAndExitCode2()
    {
        using var dir = new TempDirectory();
        string bad = dir.File("bad.csv");
        File.WriteAllText(bad, "timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:00:01Z,x\n");
        Assert.Contains("line 3:", Hyper.AssertBadInput("timeseries", "anomalies", bad));
        Hyper.AssertBadInput("timeseries", "anomalies", dir.File("missing.csv"));
        Hyper.AssertBadInput("timeseries", "anomalies", bad, "--alpha", "2");
        Assert.Contains("unknown rung 'nope'", Hyper.AssertBadInput("timeseries", "anomalies", bad, "--rung", "nope"));
        Hyper.AssertBadInput("timeseries", "generate", "--days", "0", "-o", dir.File("x.csv"));
        Hyper.AssertBadInput("timeseries", "generate", "--days", "2", "--anomalous", "3", "-o", dir.File("x.csv"));
        Hyper.AssertBadInput("timeseries", "generate", "--days", "2", "-o", dir.Path);
        Assert.False(File.Exists(dir.File("x.csv")));
    }
}
