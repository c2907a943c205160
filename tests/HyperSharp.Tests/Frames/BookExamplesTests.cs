using HyperSharp.Frames;

namespace HyperSharp.Tests.Frames;

/// <summary>The README's examples of the book (Lanaro ch. 3 and 8): blood pressure by treatment, visits per user and day.</summary>
public sealed class BookExamplesTests
{
    [Fact]
    public void BloodPressure_MeanByTreatment_AndTransformFillsTheGaps()
    {
        var patients = new DataFrame(
            ("patient", Column.Create(["p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"])),
            ("treatment", Column.Create(["A", "B", "A", "B", "A", "B", "A", "B"])),
            ("blood_pressure", Column.Create(new double?[] { 120, 131, null, 138, 115, null, 124, 127 })));
        DataFrame means = patients.GroupBy("treatment").Agg(Aggregation.Mean("blood_pressure")).Sort("treatment");
        Assert.Equal(359 / 3.0, (double)means["mean_blood_pressure"].GetValue(0)!, 12);
        Assert.Equal(132.0, (double)means["mean_blood_pressure"].GetValue(1)!, 12);
        Column filled = patients["blood_pressure"].FillNull(patients.GroupBy("treatment").Transform(Aggregation.Mean("blood_pressure")));
        Assert.Equal(0, filled.NullCount);
        Assert.Equal(359 / 3.0, (double)filled.GetValue(2)!, 12);
        Assert.Equal(132.0, (double)filled.GetValue(5)!, 12);
    }

    [Fact]
    public void WebLog_VisitsPerUserAndDay_AddUpToTheVisits()
    {
        var random = new Random(42);
        var start = new DateTime(2024, 3, 4, 0, 0, 0, DateTimeKind.Utc);
        string[] users = Enumerable.Range(0, 10_000).Select(_ => $"user{random.Next(1, 21):00}").ToArray();
        DateTime[] times = Enumerable.Range(0, 10_000).Select(_ => start.AddSeconds(random.NextDouble() * 7 * 86_400)).ToArray();
        var log = new DataFrame(("user", Column.Create(users)), ("time", Column.Create(times)));
        DataFrame perDay = log.With("day", log.Get<TimestampColumn>("time").Truncate(TimeSpan.FromDays(1))).GroupBy("user", "day").Agg(Aggregation.Count());
        Assert.Equal(140, perDay.RowCount);
        Assert.Equal(10_000, perDay.Get<Int64Column>("count").Values.ToArray().Sum());
        var expected = users.Zip(times).GroupBy(p => (p.First, p.Second.Date)).ToDictionary(g => g.Key, g => (long)g.Count());
        for (int i = 0; i < perDay.RowCount; i++)
            Assert.Equal(expected[(perDay.Get<StringColumn>("user")[i]!, ((DateTime)perDay["day"].GetValue(i)!).Date)], perDay.Get<Int64Column>("count").Values[i]);
    }
}
