using System.Runtime.InteropServices;
using HyperSharp.Frames;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Frames;

/// <summary>A db-benchmark join question over its generated tables (a left table of <paramref name="Rows"/> rows).</summary>
public sealed record JoinSpec(int Question, long Rows, int Na, string Order, long Seed)
{
    /// <summary>Whether the tables are sorted by their keys.</summary>
    public bool Sorted => Order == "sorted";
}

/// <summary>The tables (built once; rungs only read them) and the question.</summary>
public sealed class JoinProblem(DbBenchmarkData.JoinTables tables, int question)
{
    private readonly Lazy<(JoinRow[] Left, JoinRow[] Right)> _rows = new(() => (JoinRow.Of(tables.X), JoinRow.Of(JoinQuestions.Right(tables, question))));

    /// <summary>The four tables.</summary>
    public DbBenchmarkData.JoinTables Tables { get; } = tables;

    /// <summary>Which of the five questions.</summary>
    public int Question { get; } = question;

    /// <summary>The left table.</summary>
    public DataFrame Left => Tables.X;

    /// <summary>The question's right table.</summary>
    public DataFrame Right => JoinQuestions.Right(Tables, Question);

    /// <summary>The key column.</summary>
    public string On => JoinQuestions.On(Question);

    /// <summary>Inner or left.</summary>
    public JoinKind How => JoinQuestions.How(Question);

    /// <summary>Both tables' key columns as row objects (made on first use, outside the timed region).</summary>
    public (JoinRow[] Left, JoinRow[] Right) RowObjects => _rows.Value;
}

/// <summary>A row's index and its possible join keys, as the reference's LINQ sees it.</summary>
public sealed record JoinRow(int Row, int? Id1, int? Id2, int? Id3, string? Id5)
{
    /// <summary>Every row of <paramref name="t"/>; a key column it lacks is null.</summary>
    public static JoinRow[] Of(DataFrame t)
    {
        Int32Column? c1 = t.Contains("id1") ? t.Get<Int32Column>("id1") : null, c2 = t.Contains("id2") ? t.Get<Int32Column>("id2") : null,
            c3 = t.Contains("id3") ? t.Get<Int32Column>("id3") : null;
        StringColumn? c5 = t.Contains("id5") ? t.Get<StringColumn>("id5") : null;
        static int? V(Int32Column? c, int i) => c is null || c.IsNull(i) ? null : c.Values[i];
        return Enumerable.Range(0, t.RowCount).Select(i => new JoinRow(i, V(c1, i), V(c2, i), V(c3, i), c5?[i])).ToArray();
    }

    /// <summary>The key named <paramref name="on"/>, boxed for a LINQ key selector (null: no match).</summary>
    public object? Key(string on) => on switch { "id1" => Id1, "id2" => Id2, "id3" => Id3, _ => Id5 };
}

/// <summary>The five questions: which right table, which key, inner or left.</summary>
public static class JoinQuestions
{
    /// <summary>How many questions there are.</summary>
    public const int Count = 5;

    /// <summary>What each question asks, as db-benchmark words it.</summary>
    public static IReadOnlyList<string> Titles { get; } =
        ["small inner on int", "medium inner on int", "medium outer on int", "medium inner on factor", "big inner on int"];

    /// <summary>The right table of <paramref name="question"/>.</summary>
    public static DataFrame Right(DbBenchmarkData.JoinTables t, int question) => question switch
    {
        1 => t.Small,
        2 or 3 or 4 => t.Medium,
        5 => t.Big,
        _ => throw new SpecException($"--question {question} is not 1-{Count}"),
    };

    /// <summary>The key column of <paramref name="question"/>.</summary>
    public static string On(int question) => question switch { 1 => "id1", 2 or 3 => "id2", 4 => "id5", _ => "id3" };

    /// <summary>Question 3 keeps every left row (db-benchmark's "medium outer" is a left join); the others are inner.</summary>
    public static JoinKind How(int question) => question == 3 ? JoinKind.Left : JoinKind.Inner;

    /// <summary>The engine's answer on <paramref name="threads"/> threads.</summary>
    public static FrameAnswer Engine(JoinProblem p, int threads) => new(p.Left.Join(p.Right, [p.On], p.How, threads), 0);
}

/// <summary>
/// The five db-benchmark joins of a 10⁷-row table with small (10 rows), medium (10⁴) and big (10⁷) tables: LINQ
/// <c>Join</c>/<c>GroupJoin</c> over row objects, a dictionary of right rows probed over arrays, and the Frames hash
/// join on one thread and on all. Every answer is the joined table (the key, the left's columns, the right's), compared
/// exactly as a multiset of rows. Work is counted in left rows.
/// </summary>
public sealed class JoinLadder() : Ladder<JoinSpec, JoinProblem, FrameAnswer>(
    [new JoinReference(), new JoinDictionary(), new FrameEngineRung<JoinProblem>("columnar", RungKind.Algorithm, false, JoinQuestions.Engine),
     new FrameEngineRung<JoinProblem>("threads", RungKind.Threads, true, JoinQuestions.Engine)])
{
    public override string Name => "join";
    public override string Title => "Join: the five db-benchmark joins over a columnar DataFrame (Lanaro ch. 3)";
    public override string Unit => "rows/s";

    public override SpecDeclaration<JoinSpec> Spec { get; } =
        new SpecDeclaration<JoinSpec>(v => new JoinSpec(v.Int("question"), v.Long("rows"), v.Int("na"), v.Text("order"), v.Long("seed")))
            .Integer("question", "Which question, 1-5 (1: small inner on int … 5: big inner on int).", s => s.Question, 1, 1, JoinQuestions.Count,
                axis: new SweepAxis("question", [1, 2, 3, 4, 5], Report: [1, 2, 3, 4, 5]))
            .Integer("rows", "Rows of the left table (small has rows/10⁶, medium rows/10³, big rows).", s => s.Rows, 10_000_000, 0, 200_000_000,
                axis: new SweepAxis("rows", [1_000_000, 10_000_000], Report: [1_000_000]))
            .Integer("na", "Percent of missing values in the left table and in v2.", s => s.Na, 0, 0, 99)
            .Choice("order", "Row order: unsorted, or each table sorted by its keys.", s => s.Order, "unsorted", ["unsorted", "sorted"])
            .Integer("seed", "Seed of the tables.", s => s.Seed, 1, 0, int.MaxValue);

    public override JoinProblem Build(JoinSpec spec) => new(DbBenchmarkData.Join(spec.Rows, spec.Na, spec.Sorted, spec.Seed), spec.Question);

    public override double Work(JoinSpec spec) => Math.Max(1, spec.Rows);

    public override JoinSpec ShrinkTo(JoinSpec spec, double maxWork) =>
        spec.Rows <= maxWork ? spec : spec with { Rows = Math.Max(1, (long)maxWork) };

    public override double Checksum(FrameAnswer result) => result.Checksum();

    public override Fingerprint? Fingerprint(FrameAnswer result) => result.Fingerprint();

    public override Verification Verify(FrameAnswer reference, FrameAnswer candidate, double tolerance) =>
        FrameAnswer.Verify(reference, candidate, tolerance);
}

/// <summary>The reference: LINQ <c>Join</c> (inner) or <c>GroupJoin</c> + <c>DefaultIfEmpty</c> (left) over row objects; null keys match nothing.</summary>
public sealed class JoinReference : StagedRung<JoinProblem, (JoinRow[] Left, JoinRow[] Right), FrameAnswer>
{
    public override string Name => "reference";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "LINQ Join / GroupJoin over JoinRow objects, then the matched rows' columns";
    public override double MaxBenchWork => 20_000_000;

    protected override (JoinRow[] Left, JoinRow[] Right) Stage(JoinProblem problem, RunContext context) => problem.RowObjects;

    protected override FrameAnswer Compute((JoinRow[] Left, JoinRow[] Right) rows, JoinProblem problem, RunContext context)
    {
        string on = problem.On;
        var pairs = problem.How == JoinKind.Inner
            ? rows.Left.Join(rows.Right, l => l.Key(on), r => r.Key(on), (l, r) => (L: l.Row, R: r.Row)).ToList()
            : rows.Left.GroupJoin(rows.Right, l => l.Key(on), r => r.Key(on), (l, rs) => (l, rs))
                .SelectMany(x => x.rs.DefaultIfEmpty(), (x, r) => (L: x.l.Row, R: r?.Row ?? -1)).ToList();
        return new FrameAnswer(problem.Left.JoinRows(problem.Right, [on], pairs.Select(p => p.L).ToArray(), pairs.Select(p => p.R).ToArray()), 0);
    }
}

/// <summary>A <c>Dictionary&lt;key, List&lt;row&gt;&gt;</c> of the right table's rows, probed with each left row.</summary>
public sealed class JoinDictionary : SyncRung<JoinProblem, FrameAnswer>
{
    public override string Name => "dictionary";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "Dictionary<key, List<int>> of right rows over the key arrays, probed per left row";

    protected override FrameAnswer Compute(JoinProblem problem, RunContext context)
    {
        Column lk = problem.Left[problem.On], rk = problem.Right[problem.On];
        if (lk is StringColumn ls && rk is StringColumn rs)
            return Probe(problem, lk, rk, ls.Dictionary.ToArray(), ls.CodeValues.ToArray(), rs.Dictionary.ToArray(), rs.CodeValues.ToArray());
        int[] l = ((Int32Column)lk).Values.ToArray(), r = ((Int32Column)rk).Values.ToArray();
        return Probe(problem, lk, rk, null, l, null, r);
    }

    /// <summary>Keys as plain arrays: ints, or strings through their codes (so each probe hashes a string).</summary>
    private static FrameAnswer Probe(JoinProblem problem, Column lk, Column rk, string[]? ldict, int[] lv, string[]? rdict, int[] rv) =>
        ldict is null
            ? Probe<int>(problem, lk, rk, i => lv[i], r => rv[r])
            : Probe<string>(problem, lk, rk, i => ldict[lv[i]], r => rdict![rv[r]]);

    private static FrameAnswer Probe<TKey>(JoinProblem problem, Column lk, Column rk, Func<int, TKey> left, Func<int, TKey> right) where TKey : notnull
    {
        var build = new Dictionary<TKey, List<int>>();
        for (int r = 0; r < problem.Right.RowCount; r++)
        {
            if (rk.IsNull(r))
                continue;
            ref List<int>? list = ref CollectionsMarshal.GetValueRefOrAddDefault(build, right(r), out _);
            (list ??= []).Add(r);
        }
        var lrows = new List<int>();
        var rrows = new List<int>();
        bool keep = problem.How == JoinKind.Left;
        for (int i = 0; i < problem.Left.RowCount; i++)
        {
            if (!lk.IsNull(i) && build.TryGetValue(left(i), out List<int>? matches))
            {
                foreach (int r in matches)
                {
                    lrows.Add(i);
                    rrows.Add(r);
                }
            }
            else if (keep)
            {
                lrows.Add(i);
                rrows.Add(-1);
            }
        }
        return new FrameAnswer(problem.Left.JoinRows(problem.Right, [problem.On], [.. lrows], [.. rrows]), 0);
    }
}
