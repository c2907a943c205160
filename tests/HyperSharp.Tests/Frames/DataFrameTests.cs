using HyperSharp.Frames;

namespace HyperSharp.Tests.Frames;

/// <summary>The Frames library on small hand-made tables: expressions, nulls, group-by, joins, sort.</summary>
public sealed class DataFrameTests
{
    private static DataFrame Small() => new(
        ("k", Column.Create(["a", "b", "a", null, "b", "a"])),
        ("x", Column.Create(new int?[] { 1, 2, 3, 4, null, 6 })),
        ("y", Column.Create(new double?[] { 1.5, 2.5, null, 4.5, 5.5, 6.5 })));

    private static object?[] Values(Column c) => Enumerable.Range(0, c.Length).Select(c.GetValue).ToArray();

    [Fact]
    public void Expressions_AreElementWise_AndNullsPropagate()
    {
        DataFrame df = Small();
        Column e = df["x"] * 2 + df["y"];
        Assert.Equal(ColumnType.Double, e.Type);
        Assert.Equal(new object?[] { 3.5, 6.5, null, 12.5, null, 18.5 }, Values(e));
        Column i = df["x"] * 2 + 1;
        Assert.Equal(ColumnType.Int64, i.Type);
        Assert.Equal(new object?[] { 3L, 5L, 7L, 9L, null, 13L }, Values(i));
        Assert.Equal(new object?[] { 0.5, 1.0, 1.5, 2.0, null, 3.0 }, Values(df["x"] / 2));
        Assert.Equal(new object?[] { 9L, 8L, 7L, 6L, null, 4L }, Values(10 - df["x"]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(1000)]
    [InlineData(1025)]
    public void Expressions_AgreeWithScalarLoops_AtAwkwardLengths(int n)
    {
        var random = new Random(n);
        int[] a = Enumerable.Range(0, n).Select(_ => random.Next(-1000, 1000)).ToArray();
        double[] b = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10 - 5).ToArray();
        var df = new DataFrame(("a", Column.Create(a)), ("b", Column.Create(b)));
        var sum = (DoubleColumn)(df["a"] * 3 - df["b"] / 2.0);
        var gt = df["a"] > df["b"];
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(a[i] * 3 - b[i] / 2.0, sum.Values[i], 12);
            Assert.Equal(a[i] > b[i], gt.Values[i]);
        }
    }

    [Fact]
    public void Filter_KeepsTheTrueRows_NullCountsAsFalse()
    {
        DataFrame df = Small();
        DataFrame f = df.Filter(df["x"] >= 2 & df["k"].Eq("a"));
        Assert.Equal([3, 6], f.Get<Int32Column>("x").Values.ToArray());
        Assert.Equal(2, df.Filter(!(df["y"] > 3.0)).RowCount); // rows 0, 1 (null y is neither)
        Assert.Equal(0, df.Filter(df["k"].Eq("zzz")).RowCount);
        Assert.Throws<ArgumentException>(() => df["nope"]);
    }

    [Fact]
    public void GroupBy_EveryAggregate_OnAHandTable()
    {
        DataFrame r = Small().GroupBy("k").Agg(Aggregation.Sum("x"), Aggregation.Mean("y"), Aggregation.Count(), Aggregation.Count("x"),
            Aggregation.Min("x"), Aggregation.Max("y"), Aggregation.Median("y"), Aggregation.Sd("x"), Aggregation.First("x"));
        Assert.Equal(["k", "sum_x", "mean_y", "count", "count_x", "min_x", "max_y", "median_y", "sd_x", "first_x"], r.ColumnNames);
        DataFrame s = r.Sort("k");
        Assert.Equal(new object?[] { "a", "b", null }, Values(s["k"]));
        Assert.Equal(new object?[] { 10L, 2L, 4L }, Values(s["sum_x"]));
        Assert.Equal(new object?[] { 4.0, 4.0, 4.5 }, Values(s["mean_y"]));
        Assert.Equal(new object?[] { 3L, 2L, 1L }, Values(s["count"]));
        Assert.Equal(new object?[] { 3L, 1L, 1L }, Values(s["count_x"]));
        Assert.Equal(new object?[] { 1, 2, 4 }, Values(s["min_x"]));
        Assert.Equal(new object?[] { 6.5, 5.5, 4.5 }, Values(s["max_y"]));
        Assert.Equal(new object?[] { 4.0, 4.0, 4.5 }, Values(s["median_y"]));
        Assert.Equal(Math.Sqrt(((1 - 10 / 3.0) * (1 - 10 / 3.0) + (3 - 10 / 3.0) * (3 - 10 / 3.0) + (6 - 10 / 3.0) * (6 - 10 / 3.0)) / 2), (double)s["sd_x"].GetValue(0)!, 12);
        Assert.True(s["sd_x"].IsNull(1) && s["sd_x"].IsNull(2)); // one value: no sample deviation
        Assert.Equal(new object?[] { 1, 2, 4 }, Values(s["first_x"]));
    }

    [Fact]
    public void GroupBy_LargestAndCorr()
    {
        var df = new DataFrame(("g", Column.Create([1, 1, 1, 2, 2, 3])), ("v", Column.Create([5.0, 9.0, 7.0, 1.0, 1.0, 4.0])),
            ("w", Column.Create([1.0, 3.0, 2.0, 2.0, 1.0, 0.0])));
        DataFrame top = df.GroupBy("g").Agg(Aggregation.Largest("v", 2)).Sort(["g", "largest2_v"], [false, true]);
        Assert.Equal(new object?[] { 1, 1, 2, 2, 3 }, Values(top["g"]));
        Assert.Equal(new object?[] { 9.0, 7.0, 1.0, 1.0, 4.0 }, Values(top["largest2_v"]));
        DataFrame c = df.GroupBy("g").Agg(Aggregation.Corr("v", "w")).Sort("g");
        Assert.Equal(1.0, (double)c["corr_v_w"].GetValue(0)!, 12);
        Assert.True(c["corr_v_w"].IsNull(1)); // v has no spread
        Assert.True(c["corr_v_w"].IsNull(2)); // one pair
    }

    [Fact]
    public void GroupBy_EmptyTable_NoKeys_AndOneKeyValue()
    {
        DataFrame empty = Small().Head(0);
        Assert.Equal(0, empty.GroupBy("k").Agg(Aggregation.Sum("x")).RowCount);
        DataFrame whole = Small().GroupBy().Agg(Aggregation.Sum("x"), Aggregation.Count());
        Assert.Equal(new object?[] { 16L }, Values(whole["sum_x"]));
        var one = new DataFrame(("k", Column.Create(Enumerable.Repeat(7L, 100_000).ToArray())), ("v", Column.Create(Enumerable.Range(0, 100_000).ToArray())));
        DataFrame r = one.GroupBy("k").Agg(Aggregation.Sum("v"), Aggregation.Max("v"));
        Assert.Equal(new object?[] { 7L }, Values(r["k"]));
        Assert.Equal(new object?[] { 99_999L * 100_000 / 2 }, Values(r["sum_v"]));
        Assert.Equal(new object?[] { 99_999 }, Values(r["max_v"]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void GroupBy_WideIntegerKeys_TakeTheHashPath_AndAgreeWithLinq(int threads)
    {
        var random = new Random(5);
        int n = 100_003;
        long[] key = Enumerable.Range(0, n).Select(_ => (long)random.Next(5000) * 1_000_000_007L).ToArray();
        int[] v = Enumerable.Range(0, n).Select(_ => random.Next(100)).ToArray();
        var df = new DataFrame(("key", Column.Create(key)), ("v", Column.Create(v)));
        GroupBy g = df.GroupBy("key").WithThreads(threads);
        Assert.Equal(GroupPath.Hash, g.Path);
        DataFrame r = g.Agg(Aggregation.Sum("v"));
        var expected = key.Zip(v).GroupBy(p => p.First).ToDictionary(p => p.Key, p => p.Sum(q => (long)q.Second));
        Assert.Equal(expected.Count, r.RowCount);
        for (int i = 0; i < r.RowCount; i++)
            Assert.Equal(expected[r.Get<Int64Column>("key").Values[i]], r.Get<Int64Column>("sum_v").Values[i]);
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 10)]
    [InlineData(17, 3)]
    [InlineData(100, 1000)]
    [InlineData(1001, 5)]
    [InlineData(4096, 1)]
    public void Select_FindsTheOrderStatisticOfASort(int n, int range)
    {
        var random = new Random(n * 31 + range);
        for (int trial = 0; trial < 20; trial++)
        {
            int[] values = Enumerable.Range(0, n).Select(_ => random.Next(range)).ToArray();
            int[] sorted = values.Order().ToArray();
            int k = random.Next(n);
            int[] work = (int[])values.Clone();
            Assert.Equal(sorted[k], Aggregator.Select<int>(work, k));
            Assert.All(work[..k], v => Assert.True(v <= sorted[k]));
            Assert.All(work[(k + 1)..], v => Assert.True(v >= sorted[k]));
        }
    }

    [Fact]
    public void Transform_FillsMissingValuesWithTheGroupMean()
    {
        var bp = new DataFrame(("treatment", Column.Create(["A", "A", "B", "B", "A", "B"])),
            ("bp", Column.Create(new double?[] { 120, null, 130, 140, 110, null })));
        Column mean = bp.GroupBy("treatment").Transform(Aggregation.Mean("bp"));
        Column filled = bp["bp"].FillNull(mean);
        Assert.Equal(new object?[] { 120.0, 115.0, 130.0, 140.0, 110.0, 135.0 }, Values(filled));
    }

    private static (int L, int R)[] LinqPairs(int?[] left, int?[] right, JoinKind how)
    {
        var inner = left.Select((k, i) => (k, i)).Join(right.Select((k, i) => (k, i)), l => l.k, r => r.k, (l, r) => (l.i, r.i)).ToList();
        if (how != JoinKind.Inner)
            inner.AddRange(Enumerable.Range(0, left.Length).Where(i => left[i] is null || !right.Contains(left[i])).Select(i => (i, -1)));
        if (how == JoinKind.Outer)
            inner.AddRange(Enumerable.Range(0, right.Length).Where(j => right[j] is null || !left.Contains(right[j])).Select(j => (-1, j)));
        return [.. inner.Order()];
    }

    [Theory]
    [InlineData(JoinKind.Inner, 1)]
    [InlineData(JoinKind.Left, 1)]
    [InlineData(JoinKind.Outer, 1)]
    [InlineData(JoinKind.Inner, 2)]
    [InlineData(JoinKind.Left, 2)]
    [InlineData(JoinKind.Outer, 2)]
    public void Join_AgreesWithLinq_WithDuplicatesAndNulls(JoinKind how, int threads)
    {
        var random = new Random((int)how * 10 + threads);
        int n = 70_001, m = 300;
        int?[] lk = Enumerable.Range(0, n).Select(_ => random.Next(20) == 0 ? (int?)null : random.Next(400)).ToArray();
        int?[] rk = Enumerable.Range(0, m).Select(_ => random.Next(20) == 0 ? (int?)null : random.Next(400)).ToArray();
        var left = new DataFrame(("k", Column.Create(lk)), ("row", Column.Create(Enumerable.Range(0, n).ToArray())));
        var right = new DataFrame(("k", Column.Create(rk)), ("row", Column.Create(Enumerable.Range(0, m).ToArray())));
        DataFrame j = left.Join(right, ["k"], how, threads);
        Assert.Equal(["k", "row", "row_right"], j.ColumnNames);
        var got = Enumerable.Range(0, j.RowCount).Select(i => (L: j["row"].IsNull(i) ? -1 : (int)j["row"].GetValue(i)!, R: j["row_right"].IsNull(i) ? -1 : (int)j["row_right"].GetValue(i)!)).Order().ToArray();
        Assert.Equal(LinqPairs(lk, rk, how), got);
        // An outer join's unmatched right rows take their key from the right.
        for (int i = 0; i < j.RowCount; i++)
            if (j["row"].IsNull(i))
                Assert.Equal(rk[(int)j["row_right"].GetValue(i)!], (int?)j["k"].GetValue(i));
    }

    [Fact]
    public void Join_OnStringsAcrossDictionaries_AndOnTwoKeys()
    {
        var left = new DataFrame(("s", Column.Create(["x", "y", "z", "x"])), ("n", Column.Create([1, 2, 3, 4])), ("a", Column.Create([10, 20, 30, 40])));
        var right = new DataFrame(("s", Column.Create(["q", "x", "z"])), ("n", Column.Create([9, 1, 3])), ("b", Column.Create([7.0, 8.0, 9.0])));
        DataFrame one = left.Join(right, "s").Sort("a");
        Assert.Equal(new object?[] { 10, 30, 40 }, Values(one["a"]));
        Assert.Equal(new object?[] { 8.0, 9.0, 8.0 }, Values(one["b"]));
        DataFrame two = left.Join(right, ["s", "n"]).Sort("a");
        Assert.Equal(new object?[] { 10, 30 }, Values(two["a"]));
        Assert.Throws<ArgumentException>(() => left.Join(right.With("s", Column.Create([1, 2, 3])), "s"));
    }

    [Fact]
    public void Sort_IsStable_NullsLast_AndDescends()
    {
        DataFrame s = Small().Sort(["k", "y"], [false, true]);
        Assert.Equal(new object?[] { "a", "a", "a", "b", "b", null }, Values(s["k"]));
        Assert.Equal(new object?[] { 6.5, 1.5, null, 5.5, 2.5, 4.5 }, Values(s["y"]));
    }

    [Fact]
    public void Aggregation_Parse_ReadsTheCommandLineForms_AndRejectsOthers()
    {
        var aggs = Aggregation.ParseList("sum(v1), mean(v3),count(),largest2(v3),corr(v1,v2),median(v3),sd(v3)");
        Assert.Equal(["sum_v1", "mean_v3", "count", "largest2_v3", "corr_v1_v2", "median_v3", "sd_v3"], aggs.Select(a => a.Name));
        foreach (string bad in new[] { "sum", "sum()", "avg(v1)", "corr(v1)", "sum(v1,v2)", "mean2(v1)" })
            Assert.Throws<FormatException>(() => Aggregation.Parse(bad));
    }

    [Fact]
    public void ToTable_ShowsTheFirstRowsAndTheCount()
    {
        string table = Small().ToTable(2);
        Assert.Contains("k  x  y", table, StringComparison.Ordinal);
        Assert.EndsWith("6 rows × 3 columns", table, StringComparison.Ordinal);
        Assert.Equal(5, table.Split('\n').Length);
    }
}
