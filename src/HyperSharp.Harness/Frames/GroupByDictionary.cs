using System.Runtime.InteropServices;
using HyperSharp.Frames;
using HyperSharp.Ladder;
using static HyperSharp.Harness.Frames.GroupByReference;

namespace HyperSharp.Harness.Frames;

/// <summary>
/// Dictionaries over the columns as plain nullable arrays: one pass per question, a struct accumulator per key updated
/// in place (<c>CollectionsMarshal.GetValueRefOrAddDefault</c>), keys as value tuples (a null key is a group).
/// </summary>
public sealed class GroupByDictionary : StagedRung<GroupByProblem, GroupArrays, FrameAnswer>
{
    public override string Name => "dictionary";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "Dictionary<key tuple, struct accumulator> over nullable arrays, one pass (two for sd and corr: per-group value lists)";
    public override double Tolerance => FrameAnswer.Tolerance;

    protected override GroupArrays Stage(GroupByProblem problem, RunContext context) => problem.PlainArrays;

    private struct Acc
    {
        public long A, B, N1, N2;
        public double C;
        public long NC;
        public int? Max, Min;
    }

    private static Dictionary<TKey, Acc> Group<TKey>(int n, Func<int, TKey> key, Action<int, Dictionary<TKey, Acc>, TKey> add) where TKey : notnull
    {
        var groups = new Dictionary<TKey, Acc>();
        for (int i = 0; i < n; i++)
            add(i, groups, key(i));
        return groups;
    }

    protected override FrameAnswer Compute(GroupArrays a, GroupByProblem problem, RunContext context)
    {
        int n = a.V1.Length;
        switch (problem.Question)
        {
            case 1:
                {
                    var g = Group(n, i => ValueTuple.Create(a.Id1[i]), (i, d, k) => CollectionsMarshal.GetValueRefOrAddDefault(d, k, out _).A += a.V1[i] ?? 0);
                    return Answer(1, ("id1", S(g.Keys.Select(k => k.Item1))), ("sum_v1", L(g.Values.Select(v => v.A))));
                }
            case 2:
                {
                    var g = Group(n, i => (a.Id1[i], a.Id2[i]), (i, d, k) => CollectionsMarshal.GetValueRefOrAddDefault(d, k, out _).A += a.V1[i] ?? 0);
                    return Answer(2, ("id1", S(g.Keys.Select(k => k.Item1))), ("id2", S(g.Keys.Select(k => k.Item2))), ("sum_v1", L(g.Values.Select(v => v.A))));
                }
            case 3:
                {
                    var g = Group(n, i => ValueTuple.Create(a.Id3[i]), (i, d, k) =>
                    {
                        ref Acc acc = ref CollectionsMarshal.GetValueRefOrAddDefault(d, k, out _);
                        acc.A += a.V1[i] ?? 0;
                        if (a.V3[i] is double v)
                        {
                            acc.C += v;
                            acc.NC++;
                        }
                    });
                    return Answer(1, ("id3", S(g.Keys.Select(k => k.Item1))), ("sum_v1", L(g.Values.Select(v => v.A))), ("mean_v3", D(g.Values.Select(v => Mean(v.C, v.NC)))));
                }
            case 4:
                {
                    var g = Group(n, i => ValueTuple.Create(a.Id4[i]), (i, d, k) =>
                    {
                        ref Acc acc = ref CollectionsMarshal.GetValueRefOrAddDefault(d, k, out _);
                        if (a.V1[i] is int x) { acc.A += x; acc.N1++; }
                        if (a.V2[i] is int y) { acc.B += y; acc.N2++; }
                        if (a.V3[i] is double z) { acc.C += z; acc.NC++; }
                    });
                    return Answer(1, ("id4", I(g.Keys.Select(k => k.Item1))), ("mean_v1", D(g.Values.Select(v => Mean(v.A, v.N1)))),
                        ("mean_v2", D(g.Values.Select(v => Mean(v.B, v.N2)))), ("mean_v3", D(g.Values.Select(v => Mean(v.C, v.NC)))));
                }
            case 5:
                {
                    var g = Group(n, i => ValueTuple.Create(a.Id6[i]), (i, d, k) =>
                    {
                        ref Acc acc = ref CollectionsMarshal.GetValueRefOrAddDefault(d, k, out _);
                        acc.A += a.V1[i] ?? 0;
                        acc.B += a.V2[i] ?? 0;
                        acc.C += a.V3[i] ?? 0;
                    });
                    return Answer(1, ("id6", I(g.Keys.Select(k => k.Item1))), ("sum_v1", L(g.Values.Select(v => v.A))), ("sum_v2", L(g.Values.Select(v => v.B))),
                        ("sum_v3", D(g.Values.Select(v => (double?)v.C))));
                }
            case 6:
                {
                    var lists = Lists(n, i => (a.Id4[i], a.Id5[i]), i => a.V3[i]);
                    var stats = lists.Select(kv => { kv.Value.Sort(); double[] v = [.. kv.Value]; return (kv.Key, Median: Median(v), Sd: Sd(v)); }).ToList();
                    return Answer(2, ("id4", I(stats.Select(x => x.Key.Item1))), ("id5", I(stats.Select(x => x.Key.Item2))),
                        ("median_v3", D(stats.Select(x => x.Median))), ("sd_v3", D(stats.Select(x => x.Sd))));
                }
            case 7:
                {
                    var g = Group(n, i => ValueTuple.Create(a.Id3[i]), (i, d, k) =>
                    {
                        ref Acc acc = ref CollectionsMarshal.GetValueRefOrAddDefault(d, k, out _);
                        if (a.V1[i] is int x && (acc.Max is null || x > acc.Max))
                            acc.Max = x;
                        if (a.V2[i] is int y && (acc.Min is null || y < acc.Min))
                            acc.Min = y;
                    });
                    return Answer(1, ("id3", S(g.Keys.Select(k => k.Item1))), ("range_v1_v2", Column.Create(g.Values.Select(v => (long?)v.Max - v.Min).ToArray())));
                }
            case 8:
                {
                    var top = new Dictionary<ValueTuple<int?>, (double First, double Second, int Count)>();
                    for (int i = 0; i < n; i++)
                    {
                        if (a.V3[i] is not double v)
                            continue;
                        ref var t = ref CollectionsMarshal.GetValueRefOrAddDefault(top, ValueTuple.Create(a.Id6[i]), out _);
                        if (t.Count == 0 || v > t.First)
                            t = (v, t.First, Math.Min(2, t.Count + 1));
                        else if (t.Count == 1 || v > t.Second)
                            t = (t.First, v, 2);
                    }
                    var rows = top.SelectMany(kv => (kv.Value.Count == 2 ? new[] { kv.Value.First, kv.Value.Second } : [kv.Value.First]).Select(v => (kv.Key.Item1, V: v))).ToList();
                    return Answer(1, ("id6", I(rows.Select(r => r.Item1))), ("largest2_v3", D(rows.Select(r => (double?)r.V))));
                }
            case 9:
                {
                    var pairs = new Dictionary<(string?, int?), List<(double, double)>>();
                    for (int i = 0; i < n; i++)
                    {
                        ref var list = ref CollectionsMarshal.GetValueRefOrAddDefault(pairs, (a.Id2[i], a.Id4[i]), out _);
                        list ??= [];
                        if (a.V1[i] is int x && a.V2[i] is int y)
                            list.Add((x, y));
                    }
                    var r2 = pairs.Select(kv => { double? r = Corr([.. kv.Value]); return (kv.Key, R2: r * r); }).ToList();
                    return Answer(2, ("id2", S(r2.Select(x => x.Key.Item1))), ("id4", I(r2.Select(x => x.Key.Item2))), ("r2", D(r2.Select(x => x.R2))));
                }
            default:
                {
                    var g = Group(n, i => (a.Id1[i], a.Id2[i], a.Id3[i], a.Id4[i], a.Id5[i], a.Id6[i]), (i, d, k) =>
                    {
                        ref Acc acc = ref CollectionsMarshal.GetValueRefOrAddDefault(d, k, out _);
                        acc.C += a.V3[i] ?? 0;
                        acc.A++;
                    });
                    var keys = g.Keys.ToList();
                    return Answer(6, ("id1", S(keys.Select(k => k.Item1))), ("id2", S(keys.Select(k => k.Item2))), ("id3", S(keys.Select(k => k.Item3))),
                        ("id4", I(keys.Select(k => k.Item4))), ("id5", I(keys.Select(k => k.Item5))), ("id6", I(keys.Select(k => k.Item6))),
                        ("sum_v3", D(g.Values.Select(v => (double?)v.C))), ("count", L(g.Values.Select(v => v.A))));
                }
        }
    }

    private static double? Mean(double sum, long n) => n == 0 ? null : sum / n;

    /// <summary>Each key's non-null values, in row order.</summary>
    private static Dictionary<TKey, List<double>> Lists<TKey>(int n, Func<int, TKey> key, Func<int, double?> value) where TKey : notnull
    {
        var lists = new Dictionary<TKey, List<double>>();
        for (int i = 0; i < n; i++)
        {
            ref List<double>? list = ref CollectionsMarshal.GetValueRefOrAddDefault(lists, key(i), out _);
            list ??= [];
            if (value(i) is double v)
                list.Add(v);
        }
        return lists;
    }
}
