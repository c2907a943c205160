using System.Globalization;
using System.Text.RegularExpressions;

namespace HyperSharp.Frames;

/// <summary>What an <see cref="Aggregation"/> computes per group.</summary>
public enum AggregateFunction
{
    /// <summary>Sum of the values (0 for a group without any); integers sum as int64.</summary>
    Sum,
    /// <summary>Arithmetic mean (null without values).</summary>
    Mean,
    /// <summary>Rows in the group (no column), or the values that are not null (a column).</summary>
    Count,
    /// <summary>Smallest value.</summary>
    Min,
    /// <summary>Largest value.</summary>
    Max,
    /// <summary>Median (the mean of the two middle values for an even count).</summary>
    Median,
    /// <summary>Sample standard deviation (n − 1; null below two values).</summary>
    Sd,
    /// <summary>The value of the group's first row.</summary>
    First,
    /// <summary>The k largest values, descending: k rows per group (fewer when it has fewer values).</summary>
    Largest,
    /// <summary>Pearson correlation of two columns over the rows where both have values.</summary>
    Corr,
}

/// <summary>One aggregate of a <see cref="GroupBy"/>: a function of a column (two for corr; none for count).</summary>
/// <param name="Function">What to compute.</param>
/// <param name="Column">The column, or null for a row count.</param>
/// <param name="Column2">The second column of a correlation.</param>
/// <param name="K">How many values <see cref="AggregateFunction.Largest"/> keeps.</param>
public sealed record Aggregation(AggregateFunction Function, string? Column, string? Column2 = null, int K = 0)
{
    /// <summary>The result column's name: <c>FUNC_COLUMN</c> (<c>sum_v1</c>, <c>largest2_v3</c>, <c>corr_v1_v2</c>, <c>count</c>).</summary>
    public string Name => Function switch
    {
        AggregateFunction.Count when Column is null => "count",
        AggregateFunction.Largest => $"largest{K}_{Column}",
        AggregateFunction.Corr => $"corr_{Column}_{Column2}",
        _ => $"{Function.ToString().ToLowerInvariant()}_{Column}",
    };

    /// <summary>Sum of <paramref name="column"/>.</summary>
    public static Aggregation Sum(string column) => new(AggregateFunction.Sum, column);
    /// <summary>Mean of <paramref name="column"/>.</summary>
    public static Aggregation Mean(string column) => new(AggregateFunction.Mean, column);
    /// <summary>Rows per group.</summary>
    public static Aggregation Count() => new(AggregateFunction.Count, null);
    /// <summary>Values of <paramref name="column"/> that are not null, per group.</summary>
    public static Aggregation Count(string column) => new(AggregateFunction.Count, column);
    /// <summary>Smallest value of <paramref name="column"/>.</summary>
    public static Aggregation Min(string column) => new(AggregateFunction.Min, column);
    /// <summary>Largest value of <paramref name="column"/>.</summary>
    public static Aggregation Max(string column) => new(AggregateFunction.Max, column);
    /// <summary>Median of <paramref name="column"/>.</summary>
    public static Aggregation Median(string column) => new(AggregateFunction.Median, column);
    /// <summary>Sample standard deviation of <paramref name="column"/>.</summary>
    public static Aggregation Sd(string column) => new(AggregateFunction.Sd, column);
    /// <summary>The value of <paramref name="column"/> in each group's first row.</summary>
    public static Aggregation First(string column) => new(AggregateFunction.First, column);
    /// <summary>The <paramref name="k"/> largest values of <paramref name="column"/> (1 or more).</summary>
    public static Aggregation Largest(string column, int k) =>
        k >= 1 ? new(AggregateFunction.Largest, column, null, k) : throw new ArgumentOutOfRangeException(nameof(k), "k is at least 1.");
    /// <summary>Pearson correlation of <paramref name="x"/> and <paramref name="y"/>.</summary>
    public static Aggregation Corr(string x, string y) => new(AggregateFunction.Corr, x, y);

    private static readonly Regex s_one = new(@"^\s*(?<f>[a-z]+?)(?<k>\d*)\s*\(\s*(?<a>[^,()\s]*)\s*(,\s*(?<b>[^,()\s]+)\s*)?\)\s*$", RegexOptions.CultureInvariant);

    /// <summary>
    /// Parses <c>"sum(v1),mean(v3),count(),median(v3),sd(v3),largest2(v3),corr(v1,v2)"</c>; a malformed or unknown
    /// aggregate is a <see cref="FormatException"/> naming it.
    /// </summary>
    public static IReadOnlyList<Aggregation> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '(')
                depth++;
            else if (text[i] == ')')
                depth--;
            else if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }
        parts.Add(text[start..]);
        return parts.Select(Parse).ToArray();
    }

    /// <summary>Parses one aggregate, e.g. <c>sum(v1)</c> or <c>largest2(v3)</c>.</summary>
    public static Aggregation Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Match m = s_one.Match(text);
        if (!m.Success)
            throw new FormatException($"'{text}' is not an aggregate like sum(v1), count(), largest2(v3) or corr(v1,v2)");
        string f = m.Groups["f"].Value, a = m.Groups["a"].Value, b = m.Groups["b"].Value, k = m.Groups["k"].Value;
        bool needsOne = f is not "count" and not "corr";
        if ((k.Length > 0 && f != "largest") || (needsOne && (a.Length == 0 || b.Length > 0)))
            throw new FormatException($"'{text.Trim()}' takes one column, as {f}(v1)");
        return f switch
        {
            "sum" => Sum(a),
            "mean" => Mean(a),
            "count" when b.Length > 0 => throw new FormatException($"'{text.Trim()}': count takes no column or one"),
            "count" => a.Length == 0 ? Count() : Count(a),
            "min" => Min(a),
            "max" => Max(a),
            "median" => Median(a),
            "sd" => Sd(a),
            "first" => First(a),
            "largest" => Largest(a, k.Length == 0 ? 1 : int.Parse(k, CultureInfo.InvariantCulture)),
            "corr" when a.Length > 0 && b.Length > 0 => Corr(a, b),
            "corr" => throw new FormatException($"'{text.Trim()}': corr takes two columns, as corr(v1,v2)"),
            _ => throw new FormatException($"unknown aggregate '{f}' (aggregates: sum, mean, count, min, max, median, sd, first, largestK, corr)"),
        };
    }
}
