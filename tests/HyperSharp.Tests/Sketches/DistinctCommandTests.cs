using System.Text;
using System.Text.Json;
using HyperSharp.Harness.Sketches;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Sketches;

/// <summary><c>hyper distinct</c>: its engine against a set of the lines, across buffer boundaries; and the command's errors.</summary>
public sealed class DistinctCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static DistinctReport Count(string text, int? field = null, string sketch = "exact", int precision = 14) =>
        DistinctCount.Count([() => new MemoryStream(Encoding.UTF8.GetBytes(text))], field, sketch, precision);

    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("a", 1, 1)]
    [InlineData("a\n", 1, 1)]
    [InlineData("a\na\nb\n", 2, 3)]
    [InlineData("\n\n", 1, 2)]
    [InlineData("x\r\nx\n", 2, 2)]
    [InlineData("Größe\nGroße\nGröße", 2, 3)]
    public void Exact_CountsDistinctLines_AsSortUniqDoes(string text, double distinct, long lines)
    {
        DistinctReport r = Count(text);
        Assert.Equal(distinct, r.Estimate);
        Assert.Equal(lines, r.Items);
    }

    [Theory]
    [InlineData("a 1\nb 1\n c\t2 \n", 2, 2, 0)]
    [InlineData("a 1\nb\n\n", 2, 1, 2)]
    [InlineData("  x  y  z\r\n", 3, 1, 0)]
    public void Field_IsTheNthBlankSeparatedField(string text, int field, double distinct, long skipped)
    {
        DistinctReport r = Count(text, field);
        Assert.Equal(distinct, r.Estimate);
        Assert.Equal(skipped, r.Skipped);
    }

    [Fact]
    public void Lines_AcrossBufferBoundaries_AndLongerThanTheBuffer_AreWhole()
    {
        // Lines of every length around the buffer's edges, one twice the buffer; each line twice.
        var random = new Random(3);
        var lines = new List<string>();
        int total = 0;
        while (total < 3 * DistinctCount.BufferBytes)
        {
            string s = new string((char)('a' + random.Next(26)), random.Next(1, 3000)) + random.Next();
            lines.Add(s);
            total += s.Length + 1;
        }
        lines.Add(new string('z', 2 * DistinctCount.BufferBytes + 17));
        string text = string.Join('\n', lines.Concat(lines));
        Assert.Equal(lines.Distinct().Count(), Count(text).Estimate);
        Assert.Equal(2L * lines.Count, Count(text).Items);
    }

    /// <summary>Counts a file with the given threads, as the command does.</summary>
    private static DistinctReport CountFile(string path, int threads, int? field = null, string sketch = "exact") =>
        DistinctCount.Count(DistinctCount.Open([path]), field, sketch, 12, threads);

    [Fact]
    public void Threads_OnAFile_CountEachLineOnce_WhereverTheRangesCutIt()
    {
        // ~6 MiB (above the parallel threshold) of lines of 0 to 40 bytes, empty ones included, a line longer than the
        // buffer near the middle (it spans the cut of 2 threads), every line twice, no newline at the end.
        var random = new Random(17);
        var lines = new List<string>();
        var builder = new StringBuilder();
        while (builder.Length < 6 << 20)
        {
            string s = random.Next(10) == 0 ? "" : new string((char)('a' + random.Next(26)), random.Next(1, 40)) + random.Next(1000);
            if (lines.Count == 90_000)
                s = new string('q', DistinctCount.BufferBytes + 333);
            lines.Add(s);
            builder.Append(s).Append('\n');
        }
        string text = builder.ToString() + string.Join('\n', lines);
        Assert.True(text.Length > DistinctCount.ParallelMinBytes);
        string path = _dir.File("lines.txt");
        File.WriteAllText(path, text);
        int distinct = lines.Distinct().Count();
        foreach (int threads in new[] { 1, 2, 3, 5, 8 })
        {
            DistinctReport r = CountFile(path, threads);
            Assert.True(distinct == r.Estimate, $"{threads} threads: {r.Estimate} distinct, expected {distinct}");
            Assert.Equal(2L * lines.Count, r.Items);
        }
        // The sketches merged at the end give the serial sketch's estimate exactly.
        foreach (string sketch in new[] { "ull", "hll" })
            Assert.Equal(CountFile(path, 1, sketch: sketch).Estimate, CountFile(path, 4, sketch: sketch).Estimate);
    }

    [Fact]
    public void Threads_CutRightAfterANewline_AndFields_CountAsOneThread()
    {
        // 2^20 lines of 8 bytes: the cuts of 2 and 4 threads fall just after a newline.
        const int n = 1 << 20;
        var text = new StringBuilder(8 * n);
        for (int i = 0; i < n; i++)
            text.Append(i % 3 == 0 ? $"{i % 1000:D3} {i % 77:D3}" : $"{i % 1000:D3} {i:D3}"[..7]).Append('\n');
        string path = _dir.File("fixed.txt");
        File.WriteAllText(path, text.ToString());
        Assert.Equal(8L * n, new FileInfo(path).Length);
        foreach (int threads in new[] { 2, 4 })
        {
            DistinctReport serial = CountFile(path, 1), parallel = CountFile(path, threads);
            Assert.Equal(serial.Estimate, parallel.Estimate);
            Assert.Equal(n, parallel.Items);
            DistinctReport serialField = CountFile(path, 1, field: 2), parallelField = CountFile(path, threads, field: 2);
            Assert.Equal(serialField.Estimate, parallelField.Estimate);
            Assert.Equal(serialField.Items, parallelField.Items);
        }
    }

    [Theory]
    [InlineData("ull", 12)]
    [InlineData("hll", 12)]
    [InlineData("ull", 16)]
    public void Sketch_IsWithinItsErrorOfTheExactCount(string sketch, int precision)
    {
        // 200 000 lines, 50 000 distinct; the bound is 5.3 standard errors (a correct sketch fails < 1e-7 of seeds).
        var text = new StringBuilder();
        for (int i = 0; i < 200_000; i++)
            text.Append("user-").Append(i % 50_000).Append('\n');
        DistinctReport r = Count(text.ToString(), sketch: sketch, precision: precision);
        Assert.InRange(r.Estimate, 50_000 * (1 - 5.3 * r.Error95 / 1.96), 50_000 * (1 + 5.3 * r.Error95 / 1.96));
        Assert.Equal(200_000, r.Items);
    }

    [Fact]
    public void Command_PrintsJson_ForFilesInTurn()
    {
        File.WriteAllText(_dir.File("a.txt"), "x\ny\nz\n");
        File.WriteAllText(_dir.File("b.txt"), "z\nw");
        Hyper.Outcome o = Hyper.Run("distinct", _dir.File("a.txt"), _dir.File("b.txt"), "--sketch", "exact", "--json");
        Assert.True(o.ExitCode == 0, o.Stderr);
        using JsonDocument doc = JsonDocument.Parse(o.Stdout);
        Assert.Equal(4, doc.RootElement.GetProperty("estimate").GetDouble());
        Assert.Equal(5, doc.RootElement.GetProperty("items").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("error_95").GetDouble());

        Hyper.Outcome ull = Hyper.Run("distinct", _dir.File("a.txt"), "--precision", "10");
        Assert.True(ull.ExitCode == 0, ull.Stderr);
        Assert.Contains("distinct lines", ull.Stdout);
        Assert.Contains("ull precision 10", ull.Stdout);
    }

    [Theory]
    [InlineData("--sketch", "nosuch")]
    [InlineData("--precision", "3")]
    [InlineData("--precision", "30")]
    [InlineData("--precision", "x")]
    [InlineData("--field", "0")]
    [InlineData("--field", "-1")]
    [InlineData("--threads", "0")]
    public void Command_BadOption_IsOneLineExit2(string option, string value)
    {
        File.WriteAllText(_dir.File("a.txt"), "x\n");
        Hyper.AssertBadInput("distinct", _dir.File("a.txt"), option, value);
    }

    [Fact]
    public void Command_MissingFileOrDirectory_IsOneLineExit2()
    {
        string missing = Hyper.AssertBadInput("distinct", _dir.File("nosuch.txt"));
        Assert.Contains("no such file", missing);
        Hyper.AssertBadInput("distinct", _dir.Path);
        Assert.Throws<SpecException>(() => DistinctCount.Create("hll", 19));
    }
}

/// <summary><c>hyper sketches error</c>: the measured errors stay near each sketch's theory; bad sizes are refused.</summary>
public sealed class SketchErrorTableTests
{
    [Fact]
    public void Measure_SmallRun_IsNearTheory()
    {
        // 60 trials at p = 10: the RMSE is within χ²₆₀ bounds of theory; 1.6 × covers 1e-7 (Wilson–Hilferty) with room for finite m.
        IReadOnlyList<SketchErrorRow> rows = SketchErrorTable.Measure(60, 100_000, 10);
        Assert.Equal(9, rows.Count);
        foreach (SketchErrorRow r in rows.Where(r => r.Cardinality >= 10_000))
            Assert.True(r.MeasuredError <= 1.6 * r.TheoreticalError, $"{r.Sketch} at {r.Cardinality}: {r.MeasuredError:P2} vs {r.TheoreticalError:P2}");
        Assert.All(rows, r => Assert.Equal(1024, r.Bytes));
    }

    [Theory]
    [InlineData(1, 10_000, 14)]
    [InlineData(10, 999, 14)]
    [InlineData(10, 10_000, 5)]
    public void Measure_BadSizes_AreOneLineErrors(int trials, long max, int precision) =>
        Assert.Throws<SpecException>(() => SketchErrorTable.Measure(trials, max, precision));
}
