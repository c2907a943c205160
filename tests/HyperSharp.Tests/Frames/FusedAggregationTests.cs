using HyperSharp.Frames;

namespace HyperSharp.Tests.Frames;

/// <summary>
/// The fused group-by pass (every sum, mean, count, min and max in one pass over the rows) against the one-aggregate
/// kernels, cell for cell and bit for bit, and against LINQ over the rows, on random frames with fixed seeds: nulls,
/// empty, one row, one group, many groups (both accumulator layouts), the hash path, one and several threads, and
/// chunks of rows that split groups.
/// </summary>
public sealed class FusedAggregationTests
{
    private static readonly Aggregation[] s_all =
    [
        Aggregation.Sum("i"), Aggregation.Mean("i"), Aggregation.Min("i"), Aggregation.Max("i"), Aggregation.Count("i"),
        Aggregation.Sum("l"), Aggregation.Mean("l"), Aggregation.Min("l"), Aggregation.Max("l"),
        Aggregation.Sum("d"), Aggregation.Mean("d"), Aggregation.Min("d"), Aggregation.Max("d"), Aggregation.Count("d"),
        Aggregation.Min("t"), Aggregation.Max("t"), Aggregation.Count("t"),
        Aggregation.Count(),
        // Not fused: they keep their own kernels between the fused ones.
        Aggregation.Median("d"), Aggregation.Sd("i"), Aggregation.First("s"),
    ];

    /// <summary>Keys k (int, <paramref name="groups"/> values) and s (string, 3 values); values i, l, d, t.</summary>
    private static DataFrame Random(int rows, int groups, int naPercent, bool sorted, int seed, bool wideKeys = false)
    {
        var random = new Random(seed);
        bool[] Valid() => Enumerable.Range(0, rows).Select(_ => random.Next(100) >= naPercent).ToArray();
        long[] k = Enumerable.Range(0, rows).Select(_ => (long)random.Next(groups) * (wideKeys ? 1_000_000_007L : 1)).ToArray();
        if (sorted)
            Array.Sort(k);
        string?[] s = Enumerable.Range(0, rows).Select(_ => random.Next(100) < naPercent ? null : "abc"[random.Next(3)].ToString()).ToArray();
        var t0 = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return new DataFrame(
            ("k", Column.Create(k, Valid())),
            ("s", Column.Create(s)),
            ("i", Column.Create(Enumerable.Range(0, rows).Select(_ => random.Next(-1000, 1000)).ToArray(), Valid())),
            ("l", Column.Create(Enumerable.Range(0, rows).Select(_ => random.NextInt64(-(1L << 40), 1L << 40)).ToArray())),
            ("d", Column.Create(Enumerable.Range(0, rows).Select(_ => Math.Round(random.NextDouble() * 200 - 100, 4)).ToArray(), Valid())),
            ("t", Column.Create(Enumerable.Range(0, rows).Select(_ => t0.AddSeconds(random.Next(1_000_000))).ToArray())));
    }

    public static TheoryData<int, int, int, bool, int> Cases() => new()
    {
        // rows, groups, na %, sorted, threads
        { 0, 5, 0, false, 1 },
        { 0, 5, 10, false, 2 },
        { 1, 5, 0, false, 1 },
        { 1, 5, 50, false, 2 },
        { 1000, 1, 0, false, 1 },
        { 70_001, 1, 10, false, 2 },
        { 3001, 7, 10, false, 1 },
        { 3001, 7, 10, false, 2 },
        // Above two chunks of 2^15 rows; sorted keys put groups across the chunk boundaries.
        { 70_001, 50, 0, true, 2 },
        { 100_003, 50, 20, true, 3 },
        { 100_003, 100, 5, false, 2 },
        // Many groups: the accumulators outgrow the cache and a group's slots sit together.
        { 70_001, 30_000, 0, false, 1 },
        { 70_001, 30_000, 10, false, 2 },
        { 100_003, 60_000, 5, true, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_EqualsUnfused_BitForBit(int rows, int groups, int na, bool sorted, int threads)
    {
        DataFrame df = Random(rows, groups, na, sorted, seed: rows + groups + na);
        GroupBy g = df.GroupBy("k", "s").WithThreads(threads);
        AssertSameCells(g.WithFusion(false).Agg(s_all), g.Agg(s_all));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_AgreesWithLinq(int rows, int groups, int na, bool sorted, int threads)
    {
        DataFrame df = Random(rows, groups, na, sorted, seed: 7 * rows + groups + na);
        AssertLikeLinq(df, df.GroupBy("k", "s").WithThreads(threads).Agg(s_all));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fused_OnTheHashPath_AgreesWithUnfusedAndLinq(int threads)
    {
        DataFrame df = Random(90_001, 20_000, 5, false, seed: 11, wideKeys: true);
        GroupBy g = df.GroupBy("k").WithThreads(threads);
        Assert.Equal(GroupPath.Hash, g.Path);
        DataFrame fused = g.Agg(s_all);
        AssertSameCells(df.GroupBy("k").WithThreads(threads).WithFusion(false).Agg(s_all), fused);
        AssertLikeLinq(df, fused, keys: ["k"]);
    }

    [Fact]
    public void Fused_WithoutKeys_IsOneGroup_AndRepeatsAcrossThreadCounts()
    {
        DataFrame df = Random(80_000, 10, 10, false, seed: 3);
        DataFrame one = df.GroupBy().WithThreads(1).Agg(s_all);
        Assert.Equal(1, one.RowCount);
        AssertSameCells(df.GroupBy().WithThreads(1).WithFusion(false).Agg(s_all), one);
        // Integers exactly, whatever the threads; the same threads give the same bits every time.
        DataFrame three = df.GroupBy().WithThreads(3).Agg(s_all);
        Assert.Equal(one["sum_i"].GetValue(0), three["sum_i"].GetValue(0));
        AssertSameCells(three, df.GroupBy().WithThreads(3).Agg(s_all));
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 2)]
    public void Fused_OverOneIntKey_ComputesIdsFromTheKeys_WithUnusedSlotsOrNone(bool gaps, int threads)
    {
        // One null-free int key in a small range: the ids are computed a block at a time from the key (no id array),
        // through the slot-to-group map when some slots of the range are unused; Transform then builds the id array.
        var random = new Random(gaps ? 23 : 29);
        int n = 90_001;
        int[] k = Enumerable.Range(0, n).Select(_ => gaps ? 1000 + 7 * random.Next(40) : -50 + random.Next(100)).ToArray();
        int[] v = Enumerable.Range(0, n).Select(_ => random.Next(-100, 100)).ToArray();
        double[] d = Enumerable.Range(0, n).Select(_ => Math.Round(random.NextDouble() * 100, 4)).ToArray();
        var df = new DataFrame(("k", Column.Create(k)), ("v", Column.Create(v)), ("d", Column.Create(d)));
        Aggregation[] aggs = [Aggregation.Sum("v"), Aggregation.Mean("d"), Aggregation.Min("v"), Aggregation.Max("d"), Aggregation.Count()];
        GroupBy g = df.GroupBy("k").WithThreads(threads);
        Assert.Equal(GroupPath.Perfect, g.Path);
        DataFrame r = g.Agg(aggs);
        AssertSameCells(df.GroupBy("k").WithThreads(threads).WithFusion(false).Agg(aggs), r);
        var expected = Enumerable.Range(0, n).GroupBy(i => k[i]).ToDictionary(x => x.Key, x => x.ToArray());
        Assert.Equal(expected.Count, r.RowCount);
        for (int row = 0; row < r.RowCount; row++)
        {
            int[] rows = expected[r.Get<Int32Column>("k").Values[row]];
            Assert.Equal(rows.Sum(i => (long)v[i]), r.Get<Int64Column>("sum_v").Values[row]);
            Assert.Equal(rows.Min(i => v[i]), r.Get<Int32Column>("min_v").Values[row]);
            Assert.Equal(rows.Max(i => d[i]), r.Get<DoubleColumn>("max_d").Values[row]);
            Assert.Equal(rows.Length, r.Get<Int64Column>("count").Values[row]);
            Close(rows.Average(i => d[i]), r.Get<DoubleColumn>("mean_d").Values[row]);
        }
        Column perRow = df.GroupBy("k").WithThreads(threads).Transform(Aggregation.Sum("v"));
        for (int i = 0; i < n; i += 997)
            Assert.Equal(expected[k[i]].Sum(j => (long)v[j]), perRow.GetValue(i));
    }

    [Fact]
    public void Fused_MinMaxOfDoubles_TreatNaNAsTheUnfusedKernelDoes()
    {
        var df = new DataFrame(
            ("k", Column.Create([1, 1, 2, 2, 3])),
            ("d", Column.Create([double.NaN, 2.0, double.NaN, double.NaN, -0.0])));
        Aggregation[] aggs = [Aggregation.Min("d"), Aggregation.Max("d"), Aggregation.Sum("d"), Aggregation.Mean("d")];
        GroupBy g = df.GroupBy("k");
        DataFrame fused = g.Agg(aggs);
        AssertSameCells(g.WithFusion(false).Agg(aggs), fused);
        Assert.Equal(2.0, fused["min_d"].GetValue(0));
        Assert.True(double.IsNaN((double)fused["sum_d"].GetValue(1)!));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Grouping_ManyWideKeys_DensifyWhenTheProductOverflows_AndCountRowsOnTheHashPath(int threads)
    {
        // Four keys of ~68 000 distinct wide values each: their product passes 2^63, so the first three are densified
        // through the hash table before the fourth folds in; nearly every row is its own group (the table is presized).
        var random = new Random(17 + threads);
        int n = 70_001;
        long[] Wide() => Enumerable.Range(0, n).Select(_ => random.Next(1_000_000) * 4_000_000_007L).ToArray();
        long[] a = Wide(), b = Wide(), c = Wide(), d = Wide();
        int[] v = Enumerable.Range(0, n).Select(_ => random.Next(100)).ToArray();
        var df = new DataFrame(("a", Column.Create(a)), ("b", Column.Create(b)), ("c", Column.Create(c)), ("d", Column.Create(d)), ("v", Column.Create(v)));
        GroupBy g = df.GroupBy("a", "b", "c", "d").WithThreads(threads);
        Assert.Equal(GroupPath.Hash, g.Path);
        Aggregation[] aggs = [Aggregation.Sum("v"), Aggregation.Count(), Aggregation.Count("v")];
        DataFrame r = g.Agg(aggs);
        AssertSameCells(df.GroupBy("a", "b", "c", "d").WithThreads(threads).WithFusion(false).Agg(aggs), r);
        var expected = Enumerable.Range(0, n).GroupBy(i => (a[i], b[i], c[i], d[i]))
            .ToDictionary(x => x.Key, x => (Sum: x.Sum(i => (long)v[i]), Count: (long)x.Count()));
        Assert.Equal(expected.Count, r.RowCount);
        for (int i = 0; i < r.RowCount; i++)
        {
            var key = (r.Get<Int64Column>("a").Values[i], r.Get<Int64Column>("b").Values[i], r.Get<Int64Column>("c").Values[i], r.Get<Int64Column>("d").Values[i]);
            Assert.Equal(expected[key].Sum, r.Get<Int64Column>("sum_v").Values[i]);
            Assert.Equal(expected[key].Count, r.Get<Int64Column>("count").Values[i]);
            Assert.Equal(expected[key].Count, r.Get<Int64Column>("count_v").Values[i]);
        }
    }

    /// <summary>Every cell equal: integers and strings exactly, doubles bit for bit, nulls where the other has them.</summary>
    private static void AssertSameCells(DataFrame expected, DataFrame actual)
    {
        Assert.Equal(expected.Columns.Count, actual.Columns.Count);
        Assert.Equal(expected.RowCount, actual.RowCount);
        for (int c = 0; c < expected.Columns.Count; c++)
        {
            Column e = expected.Columns[c], a = actual.Columns[c];
            Assert.Equal(e.Type, a.Type);
            for (int r = 0; r < e.Length; r++)
            {
                object? x = e.GetValue(r), y = a.GetValue(r);
                if (x is double dx && y is double dy)
                    Assert.True(BitConverter.DoubleToInt64Bits(dx) == BitConverter.DoubleToInt64Bits(dy), $"column {c}, row {r}: {dx:R} ≠ {dy:R}");
                else
                    Assert.Equal(x, y);
            }
        }
    }

    /// <summary>The fused aggregates of <paramref name="result"/> against LINQ's over the rows of <paramref name="df"/>.</summary>
    private static void AssertLikeLinq(DataFrame df, DataFrame result, string[]? keys = null)
    {
        keys ??= ["k", "s"];
        string Key(DataFrame f, int row) => string.Join("|", keys.Select(k => f[k].GetValue(row)?.ToString() ?? "<null>"));
        var groups = Enumerable.Range(0, df.RowCount).GroupBy(r => Key(df, r)).ToDictionary(g => g.Key, g => g.ToArray());
        Assert.Equal(groups.Count, result.RowCount);
        for (int r = 0; r < result.RowCount; r++)
        {
            int[] rows = groups[Key(result, r)];
            object[] Values(string column) => rows.Select(i => df[column].GetValue(i)).Where(v => v is not null).ToArray()!;
            foreach (Aggregation a in s_all)
            {
                object? got = result[a.Name].GetValue(r);
                switch (a.Function)
                {
                    case AggregateFunction.Count:
                        Assert.Equal((long)(a.Column is null ? rows.Length : Values(a.Column).Length), got);
                        break;
                    case AggregateFunction.Sum when df[a.Column!].Type == ColumnType.Double:
                        Close(Values(a.Column!).Sum(v => (double)v), (double)got!);
                        break;
                    case AggregateFunction.Sum:
                        Assert.Equal(Values(a.Column!).Sum(Convert.ToInt64), got);
                        break;
                    case AggregateFunction.Mean:
                        {
                            object[] v = Values(a.Column!);
                            if (v.Length == 0)
                                Assert.Null(got);
                            else
                                Close(v.Average(Convert.ToDouble), (double)got!);
                            break;
                        }
                    case AggregateFunction.Min or AggregateFunction.Max:
                        {
                            object[] v = Values(a.Column!);
                            object? want = v.Length == 0 ? null
                                : a.Function == AggregateFunction.Min ? v.Min(x => (IComparable)x) : v.Max(x => (IComparable)x);
                            Assert.Equal(want, got);
                            break;
                        }
                }
            }
        }
    }

    private static void Close(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(expected), Math.Abs(actual))), $"{expected:R} vs {actual:R}");
}
