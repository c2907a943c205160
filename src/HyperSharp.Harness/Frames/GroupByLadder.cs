using HyperSharp.Frames;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Frames;

/// <summary>A db-benchmark group-by question over its generated table: G1_<paramref name="Rows"/>_<paramref name="K"/>_<paramref name="Na"/>_<paramref name="Order"/>.</summary>
public sealed record GroupBySpec(int Question, long Rows, int K, int Na, string Order, long Seed)
{
    /// <summary>Whether the table is sorted by its keys.</summary>
    public bool Sorted => Order == "sorted";
}

/// <summary>One row of the group-by table as a C# user would first write it: an object with nullable properties.</summary>
public sealed record GroupRow(string? Id1, string? Id2, string? Id3, int? Id4, int? Id5, int? Id6, int? V1, int? V2, double? V3);

/// <summary>The table's columns as plain nullable arrays, for the dictionary rung.</summary>
public sealed record GroupArrays(string?[] Id1, string?[] Id2, string?[] Id3, int?[] Id4, int?[] Id5, int?[] Id6, int?[] V1, int?[] V2, double?[] V3);

/// <summary>The table (built once by the harness; rungs only read it) and the question to answer.</summary>
public sealed class GroupByProblem(DataFrame table, int question)
{
    private readonly Lazy<GroupRow[]> _rows = new(() => Rows(table));
    private readonly Lazy<GroupArrays> _arrays = new(() => Arrays(table));

    /// <summary>The columnar table.</summary>
    public DataFrame Table { get; } = table;

    /// <summary>Which of the ten questions.</summary>
    public int Question { get; } = question;

    /// <summary>The table as row objects (made on first use, outside the timed region of the rungs that use it).</summary>
    public GroupRow[] RowObjects => _rows.Value;

    /// <summary>The table as nullable arrays (made on first use, outside the timed region).</summary>
    public GroupArrays PlainArrays => _arrays.Value;

    private static GroupArrays Arrays(DataFrame t)
    {
        string?[] S(string n) { var c = t.Get<StringColumn>(n); return Enumerable.Range(0, c.Length).Select(i => c[i]).ToArray(); }
        int?[] I(string n) { var c = t.Get<Int32Column>(n); return Enumerable.Range(0, c.Length).Select(i => c.IsNull(i) ? (int?)null : c.Values[i]).ToArray(); }
        var v3 = t.Get<DoubleColumn>("v3");
        return new GroupArrays(S("id1"), S("id2"), S("id3"), I("id4"), I("id5"), I("id6"), I("v1"), I("v2"),
            Enumerable.Range(0, v3.Length).Select(i => v3.IsNull(i) ? (double?)null : v3.Values[i]).ToArray());
    }

    private static GroupRow[] Rows(DataFrame t)
    {
        GroupArrays a = Arrays(t);
        var rows = new GroupRow[t.RowCount];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = new GroupRow(a.Id1[i], a.Id2[i], a.Id3[i], a.Id4[i], a.Id5[i], a.Id6[i], a.V1[i], a.V2[i], a.V3[i]);
        return rows;
    }
}

/// <summary>
/// The ten db-benchmark group-by questions (sum v1 by id1 … sum v3 and count by id1…id6) over the generated table:
/// LINQ over row objects, dictionaries over arrays, and the Frames engine on one thread and on all. Each answer is a
/// table (keys, then the aggregates named FUNC_COLUMN), compared after matching rows on their keys; doubles to 1e-9.
/// Work is counted in rows of the input table.
/// </summary>
public sealed class GroupByLadder() : Ladder<GroupBySpec, GroupByProblem, FrameAnswer>(
    [new GroupByReference(), new GroupByDictionary(), new FrameEngineRung<GroupByProblem>("columnar", RungKind.Algorithm, false, GroupByQuestions.Engine),
     new FrameEngineRung<GroupByProblem>("threads", RungKind.Threads, true, GroupByQuestions.Engine)])
{
    /// <summary>The largest table: 2³¹ − 1 rows (one array per column).</summary>
    public const long MaxRows = int.MaxValue;

    public override string Name => "groupby";
    public override string Title => "Group-by: the ten db-benchmark questions over a columnar DataFrame (Lanaro ch. 3)";
    public override string Unit => "rows/s";

    public override SpecDeclaration<GroupBySpec> Spec { get; } =
        new SpecDeclaration<GroupBySpec>(v => new GroupBySpec(v.Int("question"), v.Long("rows"), v.Int("k"), v.Int("na"), v.Text("order"), v.Long("seed")))
            .Integer("question", "Which question, 1-10 (1: sum v1 by id1 … 10: sum v3 and count by id1…id6).", s => s.Question, 1, 1, GroupByQuestions.Count,
                axis: new SweepAxis("question", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], Report: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
            .Integer("rows", "Rows of the generated table.", s => s.Rows, 10_000_000, 0, MaxRows,
                axis: new SweepAxis("rows", [1_000_000, 10_000_000], Report: [1_000_000]))
            .Integer("k", "Groups of id1, id2, id4, id5 (id3 and id6 have rows/K).", s => s.K, 100, 1, 1_000_000)
            .Integer("na", "Percent of missing values in every column.", s => s.Na, 0, 0, 99)
            .Choice("order", "Row order of the table: unsorted, or sorted by id1…id6.", s => s.Order, "unsorted", ["unsorted", "sorted"])
            .Integer("seed", "Seed of the table.", s => s.Seed, 1, 0, int.MaxValue);

    public override GroupByProblem Build(GroupBySpec spec) =>
        new(DbBenchmarkData.GroupBy(spec.Rows, spec.K, spec.Na, spec.Sorted, spec.Seed), spec.Question);

    public override double Work(GroupBySpec spec) => Math.Max(1, spec.Rows);

    public override GroupBySpec ShrinkTo(GroupBySpec spec, double maxWork) =>
        spec.Rows <= maxWork ? spec : spec with { Rows = Math.Max(1, (long)maxWork) };

    public override double Checksum(FrameAnswer result) => result.Checksum();

    public override Fingerprint? Fingerprint(FrameAnswer result) => result.Fingerprint();

    public override Verification Verify(FrameAnswer reference, FrameAnswer candidate, double tolerance) =>
        FrameAnswer.Verify(reference, candidate, tolerance);
}

/// <summary>A rung that answers with the Frames engine: on one thread, or on every thread of the run.</summary>
public sealed class FrameEngineRung<TProblem>(string name, RungKind kind, bool parallel, Func<TProblem, int, FrameAnswer> answer)
    : SyncRung<TProblem, FrameAnswer>
{
    public override string Name => name;
    public override RungKind Kind => kind;
    public override string Technique => parallel
        ? "the Frames engine on every thread: one chunk of rows per thread into its own accumulators, merged"
        : "the Frames engine on one thread: typed columns, dictionary codes, perfect-hash or hash group ids, generic kernels";
    public override double Tolerance => FrameAnswer.Tolerance;
    public override RungResources Uses => parallel ? RungResources.Threads : RungResources.None;

    protected override FrameAnswer Compute(TProblem problem, RunContext context) => answer(problem, parallel ? context.MaxThreads : 1);
}

/// <summary>The questions in the engine's words, and their result columns.</summary>
public static class GroupByQuestions
{
    /// <summary>How many questions there are.</summary>
    public const int Count = 10;

    /// <summary>What each question asks, as db-benchmark words it.</summary>
    public static IReadOnlyList<string> Titles { get; } =
    [
        "sum v1 by id1", "sum v1 by id1:id2", "sum v1 mean v3 by id3", "mean v1:v3 by id4", "sum v1:v3 by id6",
        "median v3 sd v3 by id4 id5", "max v1 - min v2 by id3", "largest two v3 by id6", "regression v1 v2 by id2 id4",
        "sum v3 count by id1:id6",
    ];

    /// <summary>The key columns of each question.</summary>
    public static string[] Keys(int question) => question switch
    {
        1 => ["id1"],
        2 => ["id1", "id2"],
        3 or 7 => ["id3"],
        4 => ["id4"],
        5 or 8 => ["id6"],
        6 => ["id4", "id5"],
        9 => ["id2", "id4"],
        10 => ["id1", "id2", "id3", "id4", "id5", "id6"],
        _ => throw new SpecException($"--question {question} is not 1-{Count}"),
    };

    /// <summary>The question answered by the engine on <paramref name="threads"/> threads.</summary>
    public static FrameAnswer Engine(GroupByProblem problem, int threads) => Engine(problem.Table, problem.Question, threads);

    /// <summary>The question over <paramref name="table"/>, answered by the engine.</summary>
    public static FrameAnswer Engine(DataFrame table, int question, int threads)
    {
        string[] keys = Keys(question);
        GroupBy g = table.GroupBy(keys).WithThreads(threads);
        DataFrame r = question switch
        {
            1 or 2 => g.Agg(Aggregation.Sum("v1")),
            3 => g.Agg(Aggregation.Sum("v1"), Aggregation.Mean("v3")),
            4 => g.Agg(Aggregation.Mean("v1"), Aggregation.Mean("v2"), Aggregation.Mean("v3")),
            5 => g.Agg(Aggregation.Sum("v1"), Aggregation.Sum("v2"), Aggregation.Sum("v3")),
            6 => g.Agg(Aggregation.Median("v3"), Aggregation.Sd("v3")),
            7 => RangeV1V2(g.Agg(Aggregation.Max("v1"), Aggregation.Min("v2"))),
            8 => g.Agg(Aggregation.Largest("v3", 2)),
            9 => R2(g.Agg(Aggregation.Corr("v1", "v2"))),
            _ => g.Agg(Aggregation.Sum("v3"), Aggregation.Count()),
        };
        return new FrameAnswer(r, keys.Length);
    }

    private static DataFrame RangeV1V2(DataFrame r) =>
        r.With("range_v1_v2", r["max_v1"] - r["min_v2"]).Select("id3", "range_v1_v2");

    private static DataFrame R2(DataFrame r) =>
        r.With("r2", r["corr_v1_v2"] * r["corr_v1_v2"]).Select("id2", "id4", "r2");
}
