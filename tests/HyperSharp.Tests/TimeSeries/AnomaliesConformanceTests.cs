using System.Security.Cryptography;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Tests.Ladder;
using HyperSharp.TimeSeries;

namespace HyperSharp.Tests.TimeSeries;

/// <summary>
/// Every anomalies rung (HYPERSHARP_RUNG narrows it) against the reference on generated files: several seeds, days
/// of 1, 7, 8 and hundreds of rows, and thread counts that cut ranges inside days and ranges that lie inside one day.
/// </summary>
public sealed class AnomaliesConformanceTests : LadderConformance<TimeSeriesSpec, AnomaliesProblem, AnomalyReport>
{
    private static readonly AnomaliesLadder s_ladder = Catalog.Anomalies;

    protected override AnomaliesLadder Ladder => s_ladder;

    /// <summary>Ten days of the book's one row a second, three anomalous: each anomalous day is flagged.</summary>
    protected override IEnumerable<ConformanceCase<AnomaliesProblem>> GoldenCases() =>
        [FromSpec(new TimeSeriesSpec(10, TimeSeriesSpec.DefaultPerDay, 3, Seed: 1)), FromSpec(new TimeSeriesSpec(3, 2000, 1, Seed: 2), new RunContext(3))];

    protected override IEnumerable<ConformanceCase<AnomaliesProblem>> RandomCases(Rung<AnomaliesProblem, AnomalyReport> rung)
    {
        (int Days, int PerDay, int Anomalous, int Threads)[] shapes =
        [
            (1, 1, 0, 1), (5, 1, 1, 2), (4, 7, 2, 3), (9, 8, 3, 2), (12, 50, 4, 3), (7, 500, 2, 3), (6, 1000, 2, 8), (3, 5000, 1, 7),
            (40, 120, 6, 5), (2, 20_000, 2, 2),
        ];
        for (int seed = 1; seed <= 3; seed++)
        {
            foreach ((int days, int perDay, int anomalous, int threads) in shapes)
                yield return FromSpec(new TimeSeriesSpec(days, perDay, anomalous, seed), new RunContext(threads));
        }
    }

    protected override ConformanceCase<AnomaliesProblem> SmallCase => FromSpec(new TimeSeriesSpec(4, 3000, 2, Seed: 9), new RunContext(3));

    /// <summary>The file's bytes: a rung that wrote to it would change them.</summary>
    protected override string Snapshot(AnomaliesProblem problem) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(problem.Path)));

    protected override IEnumerable<TimeSeriesSpec> BadSpecs() =>
    [
        new(0), new(-1), new(10, 0), new(3, 10, 4), new(10, 10, -1), new(10, 10, 1, -1), new(10, 10, 1, 1, 0), new(10, 10, 1, 1, 2),
        new(AnomaliesLadder.MaxDays + 1), new(AnomaliesLadder.MaxDays, AnomaliesLadder.MaxPerDay),
    ];

    protected override IEnumerable<TimeSeriesSpec> ValidSpecs() =>
        [new(1, 1, 0), new(331), new(13_228, Anomalous: 100), new(10, 10, 10, int.MaxValue, 0.5), new(100_000, 1000, 0, 0, 1)];

    /// <summary>What the answer must hold whatever the rung: every row and day counted, the flagged days in order.</summary>
    protected override void CheckAnswer(Rung<AnomaliesProblem, AnomalyReport> rung, AnomaliesProblem problem, AnomalyReport answer, string what)
    {
        long rows = (problem.Bytes - TimeSeriesGenerator.HeaderBytes) / TimeSeriesGenerator.RowBytes(false);
        Assert.Equal(rows, answer.Rows);
        Assert.True(answer.Anomalous.Zip(answer.Anomalous.Skip(1)).All(p => p.First.Day < p.Second.Day), $"{rung.Name}, {what}: days out of order");
        Assert.All(answer.Anomalous, d => Assert.True(d.PValue < problem.Alpha && d.Rows >= NormalTest.MinSamples));
    }

    [Theory]
    [ConformanceData(ConformanceRows.Rungs)]
    public async Task Rung_BookDays_FlagsExactlyTheAnomalousDays(string rung)
    {
        // 86,400 rows a day: a uniform or exponential day is far from normal (p ≈ 0), and no normal day of these
        // seeds falls below 0.001 (checked here, not assumed: the flagged days are the generator's).
        var spec = new TimeSeriesSpec(12, TimeSeriesSpec.DefaultPerDay, 4, Seed: 3);
        await using AnomaliesProblem problem = s_ladder.Build(spec);
        AnomalyReport report = await s_ladder.Find(rung).RunAsync(problem, new RunContext(3));
        bool[] anomalous = TimeSeriesGenerator.AnomalousDays(spec.Days, spec.Anomalous, spec.Seed);
        long[] expected = Enumerable.Range(0, spec.Days).Where(d => anomalous[d]).Select(d => TimeSeriesGenerator.FirstDay + d).ToArray();
        Assert.Equal(expected, report.Anomalous.Select(d => d.Day));
        Assert.Equal(spec.Rows, report.Rows);
        Assert.Equal(spec.Days, report.Days);
    }

    [Fact]
    public void Reference_FileBeyondItsBudget_IsRefusedInOneLine()
    {
        var ex = Assert.Throws<SpecException>(() => AnomaliesReference.CheckBudget(40_000_000_000, null, 12_000_000_000));
        Assert.Contains("lazy", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        AnomaliesReference.CheckBudget(1_000_000, null, 12_000_000_000);
        // A generated 1 GB file (28.6 million rows, 1.4 GB in lists) fits a 12 GB budget; 10 GB (13.7 GB) does not.
        var gigabyte = new TimeSeriesSpec(331);
        AnomaliesReference.CheckBudget(AnomaliesLadder.Bytes(gigabyte), gigabyte.Rows, 12_000_000_000);
        var tenGigabytes = new TimeSeriesSpec(3307);
        Assert.Throws<SpecException>(() => AnomaliesReference.CheckBudget(AnomaliesLadder.Bytes(tenGigabytes), tenGigabytes.Rows, 12_000_000_000));
    }

    [Fact]
    public void ShrinkTo_LargeFile_KeepsTheReferenceWithinMemory()
    {
        var spec = new TimeSeriesSpec(13_228, Anomalous: 50);
        TimeSeriesSpec small = s_ladder.ShrinkTo(spec, double.PositiveInfinity);
        Assert.True(s_ladder.Work(small) <= AnomaliesLadder.MaxVerifyMegabytes);
        Assert.Equal(spec.PerDay, small.PerDay);
        Assert.True(small.Anomalous <= small.Days);
    }
}
