using System.Globalization;
using HyperSharp.Frames;
using HyperSharp.Harness.Frames;

namespace HyperSharp.Tests.Frames;

/// <summary>
/// The CSV reader cut into byte ranges on several threads gives the frame one thread reads: same types, values, nulls
/// and string dictionaries (in the same order); where it cannot (a quoted line break across a cut, a malformed row) the
/// one-thread read decides. The ranges are made small here so that small files are cut many times.
/// </summary>
public sealed class FrameCsvParallelTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hs-csv-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string Write(string name, DataFrame frame)
    {
        string path = Path.Combine(_dir, name);
        using (FileStream s = File.Create(path))
            frame.WriteCsv(s);
        return path;
    }

    private static DataFrame Parallel(string path) => FrameCsv.Read(path, threads: 3, minParallelBytes: 2048);

    private static DataFrame Sequential(string path) => FrameCsv.Read(path, threads: 1);

    private static void AssertSame(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            Column e = expected.Columns[c], a = actual.Columns[c];
            Assert.Equal(e.Type, a.Type);
            Assert.Equal(Enumerable.Range(0, e.Length).Select(e.GetValue), Enumerable.Range(0, a.Length).Select(a.GetValue));
            if (e is StringColumn es)
                Assert.Equal(es.Dictionary, ((StringColumn)a).Dictionary);
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(5, false)]
    [InlineData(5, true)]
    public void GroupByTable_ReadInRanges_EqualsOneThread(int naPercent, bool sorted)
    {
        string path = Write("g.csv", DbBenchmarkData.GroupBy(30_000, 50, naPercent, sorted, 7));
        AssertSame(Sequential(path), Parallel(path));
    }

    [Fact]
    public void JoinTables_ReadInRanges_EqualOneThread()
    {
        DbBenchmarkData.JoinTables t = DbBenchmarkData.Join(20_000, 5, false, 3);
        foreach ((string name, DataFrame frame) in new[] { ("x", t.X), ("medium", t.Medium), ("big", t.Big) })
        {
            string path = Write(name + ".csv", frame);
            AssertSame(Sequential(path), Parallel(path));
        }
    }

    [Fact]
    public void QuotedLineBreaks_AcrossCuts_AreReadAsOneThreadReadsThem()
    {
        string text = "name,n\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"\"line {i}\nand \"\"more\"\", {i}\",{i}\n"));
        string path = Write("q.csv", text);
        DataFrame frame = Parallel(path);
        AssertSame(Sequential(path), frame);
        Assert.Equal("line 4999\nand \"more\", 4999", frame.Get<StringColumn>("name")[4_999]);
    }

    [Fact]
    public void CrlfAndNoFinalNewline_AreReadAsOneThreadReadsThem()
    {
        string text = "a,b,c\r\n" + string.Join("\r\n", Enumerable.Range(0, 4_000).Select(i => $"{i},x{i % 7},{i * 0.25}"));
        string path = Write("crlf.csv", text);
        DataFrame frame = Parallel(path);
        AssertSame(Sequential(path), frame);
        Assert.Equal(4_000, frame.RowCount);
        Assert.Equal(999.75, frame["c"].GetValue(3_999));
    }

    [Theory]
    [InlineData("1.5", ColumnType.Double)]
    [InlineData("word", ColumnType.String)]
    [InlineData("9999999999", ColumnType.Int64)]
    public void ALateValue_WidensItsColumn(string late, ColumnType type)
    {
        string text = "i,s\n" + string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},s{i % 3}\n")) + $"{late},s0\n";
        string path = Write("w.csv", text);
        DataFrame frame = Parallel(path);
        Assert.Equal(type, frame["i"].Type);
        AssertSame(Sequential(path), frame);
    }

    [Fact]
    public void AMalformedLateRow_IsTheOneThreadError_WithItsTrueLine()
    {
        string text = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 20_000)) + "1,2,3\n" + string.Concat(Enumerable.Repeat("1,2\n", 100));
        string path = Write("bad.csv", text);
        var e = Assert.Throws<FrameFormatException>(() => Parallel(path));
        Assert.Equal($"{path}: line 20002: 3 fields, the header has 2", e.Message);
    }

    [Fact]
    public void AStringColumnNullInWholeRanges_KeepsItsDictionary()
    {
        // The second half's ranges hold no string at all in column s.
        string text = "i,s\n" + string.Concat(Enumerable.Range(0, 12_000).Select(i => i < 11_000 ? $"{i},v{i % 5}\n" : $"{i},\n"));
        string path = Write("n.csv", text);
        DataFrame frame = Parallel(path);
        AssertSame(Sequential(path), frame);
        Assert.Null(frame.Get<StringColumn>("s")[11_999]);
        Assert.Equal(5, frame.Get<StringColumn>("s").Dictionary.Count);
    }

    [Fact]
    public void NearlyUniqueStrings_MergedInShards_KeepFirstAppearanceOrder()
    {
        // 120,000 rows, mostly distinct ids with some repeats across ranges: the dictionaries merge in hash shards.
        string text = "id,n\n" + string.Concat(Enumerable.Range(0, 120_000).Select(i => $"u{(i % 10 == 9 ? i / 3 : i) * 7919 % 1_000_003},{i}\n"));
        string path = Write("u.csv", text);
        DataFrame frame = Parallel(path);
        AssertSame(Sequential(path), frame);
        Assert.True(frame.Get<StringColumn>("id").Dictionary.Count > 100_000);
    }

    [Fact]
    public void HeaderOnly_AndSmallFiles_Read()
    {
        string path = Write("h.csv", "a,b\n");
        Assert.Equal(0, Parallel(path).RowCount);
        Assert.Equal(["a", "b"], Parallel(path).ColumnNames);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("+5")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("007")]
    [InlineData("999999999")]
    [InlineData("2147483647")]
    [InlineData("2147483648")]
    [InlineData("-2147483648")]
    [InlineData("999999999999999999")]
    [InlineData("9223372036854775808")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData(".")]
    [InlineData("1e5")]
    [InlineData("-1.25E-3")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1.2.3")]
    [InlineData("0.1")]
    [InlineData("-0.0")]
    [InlineData("123456789012345")]
    [InlineData("1234567890123456")]
    [InlineData("0.0000000000000000000001")]
    [InlineData("1.0000000000000001")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("١٢")]
    public void FastParsers_AcceptAndReturnExactlyWhatTheBclDoes(string text)
    {
        Assert.Equal(int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int i), CsvValues.TryInt32(text, out int fi));
        Assert.Equal(i, fi);
        Assert.Equal(long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l), CsvValues.TryInt64(text, out long fl));
        Assert.Equal(l, fl);
        Assert.Equal(double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d), CsvValues.TryDouble(text, out double fd));
        Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(fd));
    }

    [Fact]
    public void FastDoubleParser_IsBitExact_OnRandomDecimals()
    {
        var random = new Random(11);
        for (int n = 0; n < 200_000; n++)
        {
            int decimals = random.Next(0, 12);
            double x = Math.Round((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(0, 8)), decimals);
            string text = x.ToString("F" + decimals, CultureInfo.InvariantCulture);
            Assert.True(CsvValues.TryDouble(text, out double fast));
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fast));
        }
    }

    [Fact]
    public void Interner_GivesCodesInFirstAppearanceOrder()
    {
        var interner = new SpanInterner();
        var random = new Random(5);
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int n = 0; n < 100_000; n++)
        {
            string s = random.Next(3) == 0 ? "" : "k" + random.Next(30_000).ToString(CultureInfo.InvariantCulture) + new string('é', random.Next(3));
            int want = expected.TryGetValue(s, out int code) ? code : expected[s] = expected.Count;
            Assert.Equal(want, interner.Intern(s));
        }
        Assert.Equal(expected.Keys, interner.ToArray());
    }
}
