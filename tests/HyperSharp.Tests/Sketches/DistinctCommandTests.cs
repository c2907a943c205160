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
