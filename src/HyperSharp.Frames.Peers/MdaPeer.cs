using HyperSharp.Frames;
using HyperSharp.Harness.Frames;
using Mda = Microsoft.Data.Analysis;

namespace HyperSharp.Frames.Peers;

/// <summary>
/// Microsoft.Data.Analysis as a peer: the tables loaded with <c>LoadCsv</c> (the column types given from the engine's
/// schema, since its guess reads numbers as <c>float</c>), then each question it can express run alone. It groups by one
/// column only and has sum, mean, min, max, count per group; <see cref="Unsupported"/> says why the others are left out.
/// </summary>
internal static class MdaPeer
{
    /// <summary>Why MDA cannot answer a question, or null where it can.</summary>
    internal static string? Unsupported(bool isJoin, int q) => isJoin ? null : q switch
    {
        2 => "no multi-column group-by",
        6 => "no multi-column group-by, no median or sd per group",
        8 => "no largest-k per group",
        9 => "no multi-column group-by, no corr per group",
        10 => "no multi-column group-by",
        _ => null,
    };

    /// <summary>Loads <paramref name="path"/>, each column typed as the engine typed it.</summary>
    internal static Mda.DataFrame Load(string path, DataFrame schema) =>
        Mda.DataFrame.LoadCsv(path, dataTypes: schema.Columns.Select(c => c.Type switch
        {
            ColumnType.Int32 => typeof(int),
            ColumnType.Int64 => typeof(long),
            ColumnType.Double => typeof(double),
            ColumnType.Bool => typeof(bool),
            _ => typeof(string),
        }).ToArray());

    /// <summary>Group-by question <paramref name="q"/> (one it can express) as a frame laid out as the engine's answer.</summary>
    internal static DataFrame GroupBy(Mda.DataFrame x, int q)
    {
        switch (q)
        {
            case 1:
                return Combine(("sum_v1", x.GroupBy("id1").Sum("v1"), "v1"));
            case 3:
                {
                    Mda.GroupBy g = x.GroupBy("id3");
                    return Combine(("sum_v1", g.Sum("v1"), "v1"), ("mean_v3", g.Mean("v3"), "v3"));
                }
            case 4:
                {
                    Mda.DataFrame m = x.GroupBy("id4").Mean("v1", "v2", "v3");
                    return Combine(("mean_v1", m, "v1"), ("mean_v2", m, "v2"), ("mean_v3", m, "v3"));
                }
            case 5:
                {
                    Mda.DataFrame s = x.GroupBy("id6").Sum("v1", "v2", "v3");
                    return Combine(("sum_v1", s, "v1"), ("sum_v2", s, "v2"), ("sum_v3", s, "v3"));
                }
            case 7:
                {
                    Mda.GroupBy g = x.GroupBy("id3");
                    Mda.DataFrame max = g.Max("v1"), min = g.Min("v2");
                    DataFrame both = Combine(("max", max, "v1"), ("min", min, "v2"));
                    long?[] range = Enumerable.Range(0, both.RowCount).Select(i =>
                        both["max"].GetValue(i) is { } a && both["min"].GetValue(i) is { } b ? Convert.ToInt64(a) - Convert.ToInt64(b) : (long?)null).ToArray();
                    return new DataFrame((both.ColumnNames[0], both.Columns[0]), ("range_v1_v2", Column.Create(range)));
                }
            default:
                throw new InvalidOperationException($"Microsoft.Data.Analysis cannot express group-by question {q}");
        }
    }

    /// <summary>Join question <paramref name="q"/>: MDA's merge, its columns laid out as the engine lays them out.</summary>
    internal static DataFrame Join(Mda.DataFrame left, Mda.DataFrame right, int q)
    {
        string on = JoinQuestions.On(q);
        Mda.JoinAlgorithm how = JoinQuestions.How(q) == JoinKind.Left ? Mda.JoinAlgorithm.Left : Mda.JoinAlgorithm.Inner;
        Mda.DataFrame m = left.Merge(right, [on], [on], joinAlgorithm: how);
        // The merge keeps every left column, then every right column, in order: take them by position.
        int l = left.Columns.Count;
        var taken = new HashSet<string>(left.Columns.Select(c => c.Name));
        var columns = new List<KeyValuePair<string, Column>> { new(on, ToOurs(m.Columns[left.Columns.IndexOf(on)])) };
        for (int i = 0; i < l; i++)
            if (left.Columns[i].Name != on)
                columns.Add(new(left.Columns[i].Name, ToOurs(m.Columns[i])));
        for (int i = 0; i < right.Columns.Count; i++)
        {
            string name = right.Columns[i].Name;
            if (name == on)
                continue;
            while (!taken.Add(name))
                name += "_right";
            columns.Add(new(name, ToOurs(m.Columns[l + i])));
        }
        return new DataFrame(columns);
    }

    /// <summary>The key column of the first result, then each named value column renamed.</summary>
    private static DataFrame Combine(params (string Name, Mda.DataFrame Frame, string Column)[] parts)
    {
        Mda.DataFrameColumn key = parts[0].Frame.Columns[0];
        var columns = new List<KeyValuePair<string, Column>> { new(key.Name, ToOurs(key)) };
        foreach (var (name, frame, column) in parts)
            columns.Add(new(name, ToOurs(frame.Columns[column])));
        return new DataFrame(columns);
    }

    private static Column ToOurs(Mda.DataFrameColumn c)
    {
        var values = new List<object?>((int)c.Length);
        for (long i = 0; i < c.Length; i++)
            values.Add(c[i]);
        return FrameBench.ToColumn(c.DataType, values);
    }
}
