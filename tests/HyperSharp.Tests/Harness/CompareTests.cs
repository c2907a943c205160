using HyperSharp.Harness;
using HyperSharp.Harness.Compare;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Harness;

/// <summary><c>hyper compare</c> and the statistics every result carries: the median's interval and the outliers.</summary>
public sealed class CompareTests
{
    /// <summary>A row whose runs are <paramref name="median"/> with ±2 % uniform noise (fixed seed).</summary>
    private static RunResult Row(double median, int runs, int seed, string rung = "simd", int threads = 1, bool samples = true)
    {
        var random = new Random(seed);
        double[] s = [.. Enumerable.Range(0, runs).Select(_ => median * (0.98 + 0.04 * random.NextDouble()))];
        Statistics stats = Statistics.Of(s);
        return new RunResult
        {
            System = "pi", Rung = rung, Threads = threads, Repeats = runs,
            Spec = new() { ["samples"] = 1000, ["seed"] = 42 },
            Seconds = stats.Median, MinSeconds = stats.Min, MaxSeconds = stats.Max,
            RunSeconds = samples ? [.. s] : null,
            MedianInterval = samples ? RobustStatistics.MedianInterval(s) : null,
        };
    }

    [Theory]
    [InlineData(1.20, Verdict.Slower)]
    [InlineData(0.80, Verdict.Faster)]
    [InlineData(1.01, Verdict.Same)] // a real 1 % shift, inside the 5 % threshold
    public void Compare_JudgesAShiftAgainstTheThreshold(double factor, Verdict expected)
    {
        Comparison c = ResultComparison.Compare([Row(1.0, 12, 1)], [Row(factor, 12, 2)], 0.05);
        RowComparison row = Assert.Single(c.Rows);
        Assert.Equal(expected, row.Verdict);
        Assert.Equal(expected == Verdict.Slower, c.Regressed);
        Assert.Equal(factor, row.Ratio, 0.05);
    }

    [Fact]
    public void Compare_AThresholdAboveTheShiftIsNoRegression()
    {
        Comparison c = ResultComparison.Compare([Row(1.0, 12, 1)], [Row(1.2, 12, 2)], 0.30);
        Assert.Equal(Verdict.Same, Assert.Single(c.Rows).Verdict);
        Assert.False(c.Regressed);
    }

    [Fact]
    public void Compare_MatchesBySystemRungSpecAndThreads_AndListsTheRest()
    {
        RunResult[] old = [Row(1, 8, 1), Row(1, 8, 2, threads: 2), Row(1, 8, 3, rung: "reference")];
        RunResult[] @new = [Row(1, 8, 4), Row(1, 8, 5, threads: 4), Row(1, 8, 6, rung: "threads"),
                            Row(1, 8, 7) with { Spec = new() { ["samples"] = 2000, ["seed"] = 42 } }];
        Comparison c = ResultComparison.Compare(old, @new, 0.05);
        RowComparison row = Assert.Single(c.Rows);
        Assert.Equal(("simd", 1), (row.Rung, row.Threads));
        Assert.Equal(2, c.OnlyOld.Count);
        Assert.Equal(3, c.OnlyNew.Count);
    }

    [Fact]
    public void Compare_RowsWithoutRunSeconds_AreUntestedNotRegressions()
    {
        // A file of result@2 has medians only: a 50 % slowdown is shown, but no test can call it significant.
        Comparison c = ResultComparison.Compare([Row(1, 8, 1, samples: false)], [Row(1.5, 8, 2)], 0.05);
        Assert.Equal(Verdict.Untested, Assert.Single(c.Rows).Verdict);
        Assert.False(c.Regressed);
    }

    [Fact]
    public void MedianInterval_HoldsTheMedianWithinTheRuns()
    {
        var random = new Random(7);
        double[] s = [.. Enumerable.Range(0, 21).Select(_ => 1 + random.NextDouble())];
        MedianInterval ci = RobustStatistics.MedianInterval(s)!;
        double median = Statistics.Of(s).Median;
        Assert.InRange(median, ci.Lower, ci.Upper);
        Assert.True(ci.Lower >= s.Min() && ci.Upper <= s.Max());
        Assert.True(ci.Upper - ci.Lower < s.Max() - s.Min(), "21 runs narrow the median's interval below their range");
        Assert.Equal(0.99, ci.Level);
        Assert.Null(RobustStatistics.MedianInterval([1.0]));
    }

    [Fact]
    public void Outliers_FindsAnInjectedSlowRun()
    {
        var random = new Random(3);
        double[] s = [.. Enumerable.Range(0, 15).Select(_ => 1 + 0.01 * random.NextDouble()), 3.0];
        OutlierInfo o = RobustStatistics.Outliers(s)!;
        Assert.Equal((0, 1), (o.Lower, o.Upper));
        Assert.Equal(0, RobustStatistics.Outliers(s[..15])!.Count);
        Assert.Null(RobustStatistics.Outliers([1.0, 2.0, 3.0]));
    }

    [Fact]
    public void ResultFiles_ReadsEveryFormTheProjectWrites_AndOldSchemas()
    {
        using var temp = new TempDirectory();
        RunResult a = Row(1, 5, 1), b = Row(2, 5, 2, rung: "reference");
        string lines = temp.File("runs.json"), array = temp.File("array.json"), bench = temp.File("bench.json"), v2 = temp.File("v2.json");
        File.WriteAllText(lines, a.ToJson() + "\n" + b.ToJson() + "\n");
        File.WriteAllText(array, $"[{a.ToJson()},{b.ToJson()}]");
        File.WriteAllText(bench, new BenchFile
        {
            Created = DateTimeOffset.UnixEpoch, Machine = MachineInfo.Current(probeGpu: false), System = "pi", Title = "π", Unit = "samples/s",
            SizeName = "samples", Results = [a, b],
        }.ToJson());
        File.WriteAllText(v2, """{"schema":"hypersharp/result@2","system":"pi","rung":"simd","spec":{"samples":1000,"seed":42},"threads":1,"repeats":3,"seconds":0.5,"min_seconds":0.4,"max_seconds":0.6}""");
        foreach (string path in new[] { lines, array, bench })
            Assert.Equal(["simd", "reference"], ResultFiles.Load(path).Select(r => r.Rung));
        RunResult old = Assert.Single(ResultFiles.Load(v2));
        Assert.Null(old.RunSeconds);
        Assert.Equal(0.5, old.Seconds);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("""{"schema":"something/else@1"}""")]
    [InlineData("[1, 2]")]
    public void ResultFiles_RejectsWhatIsNotAResultFile(string text)
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.json");
        File.WriteAllText(path, text);
        Assert.Throws<SpecException>(() => ResultFiles.Load(path));
    }

    [Fact]
    public void CompareCli_ExitsOneOnASignificantRegression_ZeroOtherwise()
    {
        using var temp = new TempDirectory();
        string old = temp.File("old.json"), same = temp.File("same.json"), slow = temp.File("slow.json");
        File.WriteAllText(old, Row(1.0, 12, 1).ToJson());
        File.WriteAllText(same, Row(1.0, 12, 2).ToJson());
        File.WriteAllText(slow, Row(1.3, 12, 3).ToJson());

        Hyper.Outcome ok = Hyper.Run("compare", old, same);
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("same", ok.Stdout);

        Hyper.Outcome bad = Hyper.Run("compare", old, slow, "--threshold", "5%");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("REGRESSION", bad.Stdout);

        Hyper.Outcome loose = Hyper.Run("compare", old, slow, "--threshold", "50%", "--json");
        Assert.Equal(0, loose.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(loose.Stdout);
        Assert.False(doc.RootElement.GetProperty("regressed").GetBoolean());
        Assert.Equal("same", doc.RootElement.GetProperty("rows")[0].GetProperty("verdict").GetString());
    }

    [Fact]
    public void CompareCli_BadFilesAndOptions_OneLineExitTwo()
    {
        using var temp = new TempDirectory();
        string good = temp.File("good.json"), bad = temp.File("bad.json"), other = temp.File("other.json");
        File.WriteAllText(good, Row(1.0, 5, 1).ToJson());
        File.WriteAllText(bad, "{\"schema\":");
        File.WriteAllText(other, Row(1.0, 5, 1, rung: "reference").ToJson());
        Hyper.AssertBadInput("compare", good, temp.File("missing.json"));
        Hyper.AssertBadInput("compare", good, bad);
        Hyper.AssertBadInput("compare", good, other); // nothing in common
        Hyper.AssertBadInput("compare", good, good, "--threshold", "much");
        Hyper.AssertBadInput("compare", good, good, "--alpha", "2");
    }

    [Fact]
    public void RunJson_CarriesRunSecondsIntervalOutliersAndCollections()
    {
        System.Text.Json.JsonElement r = Hyper.RunJson("pi", "samples/s", "run", "pi", "--rung", "simd", "--samples", "100000", "--json");
        Assert.Equal(RunResult.SchemaId, r.GetProperty("schema").GetString());
        var runs = r.GetProperty("run_seconds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(r.GetProperty("repeats").GetInt32(), runs.Length);
        Assert.Equal(Statistics.Of(runs).Median, r.GetProperty("seconds").GetDouble());
        System.Text.Json.JsonElement ci = r.GetProperty("median_interval");
        Assert.InRange(r.GetProperty("seconds").GetDouble(), ci.GetProperty("lower").GetDouble(), ci.GetProperty("upper").GetDouble());
        Assert.True(r.GetProperty("gc_counts").GetProperty("gen0").GetInt32() >= 0);
        Assert.True(r.GetProperty("gc_pause_seconds").GetDouble() >= 0);
    }
}
