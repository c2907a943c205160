using HyperSharp.Frames;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Frames;

/// <summary>
/// The reference: LINQ <c>GroupBy</c> over row objects with nullable properties, what a C# user writes first. Nulls
/// as pandas and SQL treat them: a null key is a group; aggregates skip null values; a sum of none is 0.
/// </summary>
public sealed class GroupByReference : StagedRung<GroupByProblem, GroupRow[], FrameAnswer>
{
    public override string Name => "reference";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "LINQ GroupBy over GroupRow objects (nullable properties), Sum/Average/OrderBy per group";
    public override double MaxBenchWork => 20_000_000;

    /// <summary>The row objects are made outside the timed region (they are the input, not the technique).</summary>
    protected override GroupRow[] Stage(GroupByProblem problem, RunContext context) => problem.RowObjects;

    protected override FrameAnswer Compute(GroupRow[] rows, GroupByProblem problem, RunContext context)
    {
        switch (problem.Question)
        {
            case 1:
                {
                    var g = rows.GroupBy(r => r.Id1).Select(g => (g.Key, Sum: g.Sum(r => (long?)r.V1) ?? 0)).ToList();
                    return Answer(1, ("id1", S(g.Select(x => x.Key))), ("sum_v1", L(g.Select(x => x.Sum))));
                }
            case 2:
                {
                    var g = rows.GroupBy(r => (r.Id1, r.Id2)).Select(g => (g.Key, Sum: g.Sum(r => (long?)r.V1) ?? 0)).ToList();
                    return Answer(2, ("id1", S(g.Select(x => x.Key.Id1))), ("id2", S(g.Select(x => x.Key.Id2))), ("sum_v1", L(g.Select(x => x.Sum))));
                }
            case 3:
                {
                    var g = rows.GroupBy(r => r.Id3).Select(g => (g.Key, Sum: g.Sum(r => (long?)r.V1) ?? 0, Mean: g.Average(r => r.V3))).ToList();
                    return Answer(1, ("id3", S(g.Select(x => x.Key))), ("sum_v1", L(g.Select(x => x.Sum))), ("mean_v3", D(g.Select(x => x.Mean))));
                }
            case 4:
                {
                    var g = rows.GroupBy(r => r.Id4).Select(g => (g.Key, A: g.Average(r => (double?)r.V1), B: g.Average(r => (double?)r.V2), C: g.Average(r => r.V3))).ToList();
                    return Answer(1, ("id4", I(g.Select(x => x.Key))), ("mean_v1", D(g.Select(x => x.A))), ("mean_v2", D(g.Select(x => x.B))), ("mean_v3", D(g.Select(x => x.C))));
                }
            case 5:
                {
                    var g = rows.GroupBy(r => r.Id6).Select(g => (g.Key, A: g.Sum(r => (long?)r.V1) ?? 0, B: g.Sum(r => (long?)r.V2) ?? 0, C: g.Sum(r => r.V3) ?? 0)).ToList();
                    return Answer(1, ("id6", I(g.Select(x => x.Key))), ("sum_v1", L(g.Select(x => x.A))), ("sum_v2", L(g.Select(x => x.B))), ("sum_v3", D(g.Select(x => (double?)x.C))));
                }
            case 6:
                {
                    var g = rows.GroupBy(r => (r.Id4, r.Id5)).Select(g =>
                    {
                        double[] v = g.Where(r => r.V3.HasValue).Select(r => r.V3!.Value).Order().ToArray();
                        return (g.Key, Median: Median(v), Sd: Sd(v));
                    }).ToList();
                    return Answer(2, ("id4", I(g.Select(x => x.Key.Id4))), ("id5", I(g.Select(x => x.Key.Id5))),
                        ("median_v3", D(g.Select(x => x.Median))), ("sd_v3", D(g.Select(x => x.Sd))));
                }
            case 7:
                {
                    var g = rows.GroupBy(r => r.Id3).Select(g => (g.Key, Range: (long?)g.Max(r => r.V1) - g.Min(r => r.V2))).ToList();
                    return Answer(1, ("id3", S(g.Select(x => x.Key))), ("range_v1_v2", Column.Create(g.Select(x => x.Range).ToArray())));
                }
            case 8:
                {
                    var g = rows.Where(r => r.V3.HasValue).GroupBy(r => r.Id6)
                        .SelectMany(g => g.Select(r => r.V3!.Value).OrderDescending().Take(2).Select(v => (g.Key, V: v))).ToList();
                    return Answer(1, ("id6", I(g.Select(x => x.Key))), ("largest2_v3", D(g.Select(x => (double?)x.V))));
                }
            case 9:
                {
                    var g = rows.GroupBy(r => (r.Id2, r.Id4)).Select(g =>
                    {
                        var pairs = g.Where(r => r.V1.HasValue && r.V2.HasValue).Select(r => ((double)r.V1!.Value, (double)r.V2!.Value)).ToArray();
                        double? r = Corr(pairs);
                        return (g.Key, R2: r * r);
                    }).ToList();
                    return Answer(2, ("id2", S(g.Select(x => x.Key.Id2))), ("id4", I(g.Select(x => x.Key.Id4))), ("r2", D(g.Select(x => x.R2))));
                }
            default:
                {
                    var g = rows.GroupBy(r => (r.Id1, r.Id2, r.Id3, r.Id4, r.Id5, r.Id6))
                        .Select(g => (g.Key, Sum: g.Sum(r => r.V3) ?? 0, Count: g.LongCount())).ToList();
                    return Answer(6, ("id1", S(g.Select(x => x.Key.Id1))), ("id2", S(g.Select(x => x.Key.Id2))), ("id3", S(g.Select(x => x.Key.Id3))),
                        ("id4", I(g.Select(x => x.Key.Id4))), ("id5", I(g.Select(x => x.Key.Id5))), ("id6", I(g.Select(x => x.Key.Id6))),
                        ("sum_v3", D(g.Select(x => (double?)x.Sum))), ("count", L(g.Select(x => x.Count))));
                }
        }
    }

    internal static FrameAnswer Answer(int keys, params (string, Column)[] columns) => new(new DataFrame(columns), keys);

    internal static Column S(IEnumerable<string?> v) => Column.Create(v.ToArray());
    internal static Column I(IEnumerable<int?> v) => Column.Create(v.ToArray());
    internal static Column L(IEnumerable<long> v) => Column.Create(v.ToArray());
    internal static Column D(IEnumerable<double?> v) => Column.Create(v.ToArray());

    /// <summary>The median of sorted values (null for none).</summary>
    internal static double? Median(double[] sorted) => sorted.Length == 0 ? null
        : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

    /// <summary>The sample standard deviation, two-pass (null below two values).</summary>
    internal static double? Sd(double[] v)
    {
        if (v.Length < 2)
            return null;
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
    }

    /// <summary>Pearson's r, two-pass (null below two pairs or when either has no spread).</summary>
    internal static double? Corr((double X, double Y)[] p)
    {
        if (p.Length < 2)
            return null;
        double mx = p.Average(q => q.X), my = p.Average(q => q.Y);
        double sxx = p.Sum(q => (q.X - mx) * (q.X - mx)), syy = p.Sum(q => (q.Y - my) * (q.Y - my)), sxy = p.Sum(q => (q.X - mx) * (q.Y - my));
        return sxx == 0 || syy == 0 ? null : sxy / Math.Sqrt(sxx * syy);
    }
}
