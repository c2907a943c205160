namespace HyperSharp.Frames;

/// <summary>
/// The rows of a frame grouped by key columns. The groups are found once (on first use) and shared by every
/// <see cref="Agg(Aggregation[])"/> and <see cref="Transform"/>; the result's key columns come first, then one column
/// per aggregate named <see cref="Aggregation.Name"/>. A null key is a group of its own (as SQL and pandas'
/// <c>dropna=False</c>); null values are skipped by every aggregate but <c>count()</c>.
/// </summary>
public sealed class GroupBy
{
    private readonly DataFrame _frame;
    private readonly string[] _keys;
    private readonly int _threads;
    private readonly bool _fused;
    private GroupIndex? _index;

    internal GroupBy(DataFrame frame, string[] keys, int threads, bool fused = true)
    {
        _frame = frame;
        _keys = keys;
        _threads = Math.Max(1, threads);
        _fused = fused;
        foreach (string k in keys)
            _ = frame[k]; // an unknown key fails here, naming the columns
    }

    /// <summary>The key column names.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Threads the grouping and the aggregates use.</summary>
    public int Threads => _threads;

    /// <summary>The same grouping computed on <paramref name="threads"/> threads (1: sequential).</summary>
    public GroupBy WithThreads(int threads) => new(_frame, _keys, threads, _fused);

    /// <summary>The same grouping with the fused pass on or off (off: every aggregate its own pass; tests compare the two).</summary>
    internal GroupBy WithFusion(bool fused) => new(_frame, _keys, _threads, fused);

    internal GroupIndex Index => _index ??= Grouping.Build(_keys.Select(k => _frame[k]).ToArray(), _frame.RowCount, _threads);

    /// <summary>How many groups there are.</summary>
    public int GroupCount => Index.Groups;

    /// <summary>Which path found the groups: perfect hash (small key range) or hash table.</summary>
    public GroupPath Path => Index.Path;

    /// <summary>One row per group (k rows for largest-k): the keys, then each aggregate.</summary>
    public DataFrame Agg(params Aggregation[] aggregations) => Agg((IEnumerable<Aggregation>)aggregations);

    /// <summary>One row per group (k rows for largest-k): the keys, then each aggregate.</summary>
    public DataFrame Agg(IEnumerable<Aggregation> aggregations)
    {
        ArgumentNullException.ThrowIfNull(aggregations);
        Aggregation[] aggs = aggregations.ToArray();
        GroupIndex index = Index;
        var results = new Column[aggs.Length];
        var perGroupRows = new int[]?[aggs.Length];
        // Sums, means, counts, mins and maxes together in one pass over the rows; each other aggregate after that in
        // its own pass, on every thread.
        Column?[] fused = _fused ? FusedAggregator.Compute(_frame, aggs, index, _threads) : new Column?[aggs.Length];
        for (int a = 0; a < aggs.Length; a++)
        {
            if (fused[a] is { } done)
                results[a] = done;
            else
                (results[a], perGroupRows[a]) = Aggregator.Compute(_frame, aggs[a], index, _threads);
        }
        // Rows of the result: one per group, or up to k per group where a largest-k asks for them.
        int[] rowsOfGroup = new int[index.Groups];
        bool multi = perGroupRows.Any(p => p is not null);
        for (int g = 0; g < index.Groups; g++)
            rowsOfGroup[g] = multi ? perGroupRows.Where(p => p is not null).Max(p => p![g]) : 1;
        int[] groupRows = Expand(rowsOfGroup, out int[] within);
        var columns = new List<KeyValuePair<string, Column>>();
        int[] keyRows = groupRows.Select(g => index.FirstRow[g]).ToArray();
        foreach (string k in _keys)
            columns.Add(new(k, _frame[k].Gather(keyRows)));
        for (int a = 0; a < aggs.Length; a++)
        {
            Column c = results[a];
            if (!multi)
            {
                columns.Add(new(aggs[a].Name, c));
                continue;
            }
            var take = new int[groupRows.Length];
            int[]? counts = perGroupRows[a];
            int[]? starts = counts is null ? null : Starts(counts);
            for (int r = 0; r < take.Length; r++)
            {
                int g = groupRows[r];
                take[r] = counts is null ? g : within[r] < counts[g] ? starts![g] + within[r] : -1;
            }
            columns.Add(new(aggs[a].Name, c.Gather(take)));
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// Each row's group aggregate (a column as long as the frame): <c>Transform(Aggregation.Mean("bp"))</c> gives every
    /// row its group's mean, e.g. to fill its missing values (<see cref="Column.FillNull"/>).
    /// </summary>
    public Column Transform(Aggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        if (aggregation.Function == AggregateFunction.Largest)
            throw new ArgumentException("largest-k gives several values per group: it has no transform.", nameof(aggregation));
        (Column perGroup, _) = Aggregator.Compute(_frame, aggregation, Index, _threads);
        return perGroup.Gather(Index.GroupOf);
    }

    private static int[] Expand(int[] rowsOfGroup, out int[] within)
    {
        int total = 0;
        foreach (int r in rowsOfGroup)
            total += r;
        var groups = new int[total];
        within = new int[total];
        int at = 0;
        for (int g = 0; g < rowsOfGroup.Length; g++)
            for (int j = 0; j < rowsOfGroup[g]; j++)
            {
                groups[at] = g;
                within[at++] = j;
            }
        return groups;
    }

    private static int[] Starts(int[] counts)
    {
        var starts = new int[counts.Length];
        for (int g = 1; g < counts.Length; g++)
            starts[g] = starts[g - 1] + counts[g - 1];
        return starts;
    }
}
