using HyperSharp.Frames;

namespace HyperSharp.Tests.Frames;

/// <summary>CSV (Sep) and Parquet (Parquet.Net) in and out: the edge cases of CSV, type inference, round trips.</summary>
public sealed class FrameFilesTests
{
    private static object?[] Values(Column c) => Enumerable.Range(0, c.Length).Select(c.GetValue).ToArray();

    [Fact]
    public void Csv_QuotedFields_Crlf_AndNoFinalNewline()
    {
        DataFrame df = DataFrame.ReadCsvText("name,n,x\r\n\"Smith, J\",1,2.5\r\n\"say \"\"hi\"\"\",2,\r\n\"two\nlines\",3,4", "t.csv");
        Assert.Equal(["name", "n", "x"], df.ColumnNames);
        Assert.Equal(new object?[] { "Smith, J", "say \"hi\"", "two\nlines" }, Values(df["name"]));
        Assert.Equal(new object?[] { 1, 2, 3 }, Values(df["n"]));
        Assert.Equal(new object?[] { 2.5, null, 4.0 }, Values(df["x"]));
    }

    [Fact]
    public void Csv_MalformedRow_IsAnErrorNamingItsLine()
    {
        var e = Assert.Throws<FrameFormatException>(() => DataFrame.ReadCsvText("a,b\n1,2\n3\n4,5\n", "bad.csv"));
        Assert.Equal("bad.csv: line 3: 1 fields, the header has 2", e.Message);
        // Past the rows sampled for the types, too.
        string late = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 20_000)) + "1,2,3\n";
        Assert.Contains("line 20002", Assert.Throws<FrameFormatException>(() => DataFrame.ReadCsvText(late, "late.csv")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_InfersTypes_AndWidensALateValue()
    {
        string text = "i,l,d,b,t,s\n" + string.Concat(Enumerable.Range(0, 12_000).Select(i => $"{i},{(long)i << 33},{i}.5,{(i % 2 == 0 ? "true" : "False")},2024-01-02T03:04:05Z,s{i % 3}\n"))
            + "x,1,1,true,2024-01-02,s0\n";
        DataFrame df = DataFrame.ReadCsvText(text);
        Assert.Equal([ColumnType.String, ColumnType.Int64, ColumnType.Double, ColumnType.Bool, ColumnType.Timestamp, ColumnType.String], df.Columns.Select(c => c.Type));
        Assert.Equal("x", df.Get<StringColumn>("i")[12_000]);
        Assert.Equal("11999", df.Get<StringColumn>("i")[11_999]);
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), df["t"].GetValue(0));
        Assert.Equal(3, df.Get<StringColumn>("s").Dictionary.Count);
    }

    [Fact]
    public void Csv_WriteThenRead_RoundTrips()
    {
        DataFrame df = Sample();
        using var stream = new MemoryStream();
        df.WriteCsv(stream);
        string text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.StartsWith("s,i,l,d,b,t\n", text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        DataFrame back = DataFrame.ReadCsvText(text);
        AssertSame(df, back);
        using var empty = new MemoryStream();
        df.Head(0).WriteCsv(empty);
        Assert.Equal("s,i,l,d,b,t", System.Text.Encoding.UTF8.GetString(empty.ToArray()).TrimEnd());
    }

    [Fact]
    public void Parquet_WriteThenRead_RoundTrips()
    {
        DataFrame df = Sample();
        using var stream = new MemoryStream();
        df.WriteParquet(stream);
        stream.Position = 0;
        DataFrame back = DataFrame.ReadParquet(stream);
        AssertSame(df, back);
        Assert.Equal(df.Columns.Select(c => c.Type), back.Columns.Select(c => c.Type));
        using var empty = new MemoryStream();
        df.Head(0).WriteParquet(empty);
        empty.Position = 0;
        Assert.Equal(0, DataFrame.ReadParquet(empty).RowCount);
    }

    private static DataFrame Sample() => new(
        ("s", Column.Create(["a,b", null, "q\"uote", "plain"])),
        ("i", Column.Create(new int?[] { 1, null, -3, int.MaxValue })),
        ("l", Column.Create(new long?[] { long.MinValue, 2, null, 4 })),
        ("d", Column.Create(new double?[] { 0.1, 1e-300, null, -2.5 })),
        ("b", Column.Create([true, false, true, false], [true, true, false, true])),
        ("t", Column.Create([new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 2, 29, 12, 30, 0, DateTimeKind.Utc),
            new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1230), DateTime.UnixEpoch])));

    private static void AssertSame(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.ColumnNames, actual.ColumnNames);
        for (int c = 0; c < expected.Columns.Count; c++)
            Assert.Equal(Values(expected.Columns[c]), Values(actual.Columns[c]));
    }
}
