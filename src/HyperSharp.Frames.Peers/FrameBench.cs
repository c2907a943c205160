using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using HyperSharp.Frames;
using HyperSharp.Harness.Frames;
using HyperSharp.Ladder;

namespace HyperSharp.Frames.Peers;

/// <summary>One peer's figures on one question: the best query time of the repeats, and whether its answer agreed with ours.</summary>
public sealed record PeerFigure(string Peer, double QuerySeconds, bool Agrees, string Note);

/// <summary>One question's row of <c>hyper frame bench</c>.</summary>
public sealed record QuestionRow(int Question, string Title, long ResultRows, IReadOnlyList<PeerFigure> Figures);

/// <summary>What <c>hyper frame bench</c> measured: each peer's load time (CSV → memory) and each question's row.</summary>
public sealed record FrameBenchReport(string Task, long Rows, int Threads, IReadOnlyDictionary<string, double> LoadSeconds, IReadOnlyList<QuestionRow> Questions);

/// <summary>
/// The Frames engine against DuckDB (in process, <c>threads</c> set to the same count), Microsoft.Data.Analysis (where it
/// can express the question: <see cref="MdaPeer.Unsupported"/>) and pandas (db-benchmark's own
/// formulations) on the same CSV files: each peer loads them first (timed apart: the engine and DuckDB as the best of
/// <see cref="Repeats"/> after warm-up loads (as a question's warm-up), pandas' best over its question runs, Microsoft.Data.Analysis once), then each question is run to warm up
/// (for <see cref="WarmUpSeconds"/>) and timed alone as the best of <see cref="Repeats"/>; every peer's answer is checked against the engine's
/// (rows matched on their keys, doubles to 1e-9 relative; joins exactly).
/// </summary>
public static class FrameBench
{
    /// <summary>Timed runs per question and peer (the best is kept).</summary>
    public const int Repeats = 3;

    /// <summary>The peers <c>--peers</c> takes.</summary>
    public static IReadOnlyList<string> PeerNames { get; } = ["duckdb", "pandas", "mda"];

    /// <summary>Runs the bench in <paramref name="directory"/> (the caller deletes it).</summary>
    public static FrameBenchReport Run(string task, long rows, int k, IReadOnlyList<int> questions, int threads, IReadOnlyList<string> peers,
        string? python, string? peersDirectory, string directory, Action<string> log)
    {
        foreach (string p in peers)
            if (!PeerNames.Contains(p))
                throw new SpecException($"unknown peer '{p}' (peers: {string.Join(", ", PeerNames)})");
        if (peers.Contains("pandas") && (python is null || peersDirectory is null))
            throw new SpecException("the pandas peer needs /usr/bin/python3 and the peers/ folder (--peers-dir)");
        bool isJoin = task == "join";
        var files = new Dictionary<string, string>();
        log($"generating {task} tables of {rows:N0} rows");
        if (isJoin)
        {
            DbBenchmarkData.JoinTables t = DbBenchmarkData.Join(rows, 0, false, 1);
            foreach ((string name, DataFrame frame) in new[] { ("x", t.X), ("small", t.Small), ("medium", t.Medium), ("big", t.Big) })
                files[name] = WriteCsv(frame, Path.Combine(directory, name + ".csv"));
        }
        else
        {
            files["x"] = WriteCsv(DbBenchmarkData.GroupBy(rows, k, 0, false, 1), Path.Combine(directory, "x.csv"));
        }

        var loads = new Dictionary<string, double>();
        log("loading the CSV files into the engine");
        Dictionary<string, DataFrame> ours = null!;
        loads["hypersharp"] = Best(() =>
        {
            ours = null!; // the last load's frames are garbage before the next is read
            ours = files.ToDictionary(f => f.Key, f => DataFrame.ReadCsv(f.Value, threads));
        });

        using DuckDBConnection? duck = peers.Contains("duckdb") ? new DuckDBConnection("DataSource=:memory:") : null;
        if (duck is not null)
        {
            duck.Open();
            Execute(duck, $"SET threads TO {threads}");
            log("loading the CSV files into DuckDB");
            loads["duckdb"] = Best(() =>
            {
                foreach ((string name, string path) in files)
                    Execute(duck, $"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}')");
            });
        }

        Dictionary<string, Microsoft.Data.Analysis.DataFrame>? mda = null;
        if (peers.Contains("mda"))
        {
            log("loading the CSV files into Microsoft.Data.Analysis");
            long start = Stopwatch.GetTimestamp();
            mda = files.ToDictionary(f => f.Key, f => MdaPeer.Load(f.Value, ours[f.Key]));
            loads["mda"] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        var rowsOut = new List<QuestionRow>();
        foreach (int q in questions)
        {
            string title = isJoin ? JoinQuestions.Titles[q - 1] : GroupByQuestions.Titles[q - 1];
            log($"question {q}: {title}");
            FrameAnswer? answer = null;
            double oursBest = Best(() => answer = isJoin ? JoinAnswer(ours, q, threads) : GroupByQuestions.Engine(ours["x"], q, threads));
            var figures = new List<PeerFigure> { new("hypersharp", oursBest, true, "") };
            int keys = answer!.Keys;
            if (duck is not null)
            {
                string sql = isJoin ? JoinSql(ours, q) : GroupBySql(q);
                double best = Best(() => Execute(duck, $"CREATE OR REPLACE TEMP TABLE ans AS {sql}"));
                FrameAnswer theirs = new(Fetch(duck, "SELECT * FROM ans"), keys);
                figures.Add(Judge("duckdb", best, answer, theirs));
            }
            if (peers.Contains("pandas"))
            {
                string ansPath = Path.Combine(directory, $"pandas-{q}.csv");
                var args = new List<string> { Path.Combine(peersDirectory!, "python", "frames_pandas.py"), task, "--question", q.ToString(CultureInfo.InvariantCulture),
                    "--input", files["x"], "--answer", ansPath, "--repeats", Repeats.ToString(CultureInfo.InvariantCulture) };
                if (isJoin)
                    args.AddRange(["--right", files[RightName(q)], "--on", JoinQuestions.On(q), "--how", JoinQuestions.How(q) == JoinKind.Left ? "left" : "inner"]);
                JsonElement line = RunPython(python!, args);
                // pandas reads the files in each question's process: its best load is kept.
                double load = line.GetProperty("load_s").GetDouble();
                loads["pandas"] = Math.Min(load, loads.GetValueOrDefault("pandas", double.PositiveInfinity));
                FrameAnswer theirs = new(DataFrame.ReadCsv(ansPath), keys);
                figures.Add(Judge("pandas", line.GetProperty("query_s").GetDouble(), answer, theirs));
            }
            if (mda is not null)
            {
                if (MdaPeer.Unsupported(isJoin, q) is { } why)
                {
                    figures.Add(new PeerFigure("mda", double.NaN, true, why));
                }
                else
                {
                    DataFrame? result = null;
                    double best = Best(() => result = isJoin ? MdaPeer.Join(mda["x"], mda[RightName(q)], q) : MdaPeer.GroupBy(mda["x"], q));
                    figures.Add(Judge("mda", best, answer, new FrameAnswer(result!, keys)));
                }
            }
            rowsOut.Add(new QuestionRow(q, title, answer.Frame.RowCount, figures));
        }
        return new FrameBenchReport(task, rows, threads, loads, rowsOut);
    }

    private static PeerFigure Judge(string peer, double seconds, FrameAnswer ours, FrameAnswer theirs)
    {
        Verification v = FrameAnswer.Verify(ours, theirs, FrameAnswer.Tolerance);
        return new PeerFigure(peer, seconds, v.Passed, v.Passed ? "" : $"{v.Measure} = {v.Error}");
    }

    private static string WriteCsv(DataFrame frame, string path)
    {
        using (var stream = File.Create(path))
            frame.WriteCsv(stream);
        return path;
    }

    /// <summary>
    /// Warm-up runs until <see cref="WarmUpSeconds"/> have passed (at least one): one run was too few, as the JIT
    /// promotes a kernel's optimised code in the background some 100 ms after its first calls (a 20 ms question ran
    /// its three timed runs at twice its warmed time).
    /// </summary>
    public const double WarmUpSeconds = 0.5;

    private static double Best(Action run)
    {
        // Warm-up: JIT tiers, caches, the peer's first-run costs.
        long warm = Stopwatch.GetTimestamp();
        do
            run();
        while (Stopwatch.GetElapsedTime(warm).TotalSeconds < WarmUpSeconds);
        double best = double.PositiveInfinity;
        for (int i = 0; i < Repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }

    private static string RightName(int q) => q switch { 1 => "small", 5 => "big", _ => "medium" };

    private static FrameAnswer JoinAnswer(Dictionary<string, DataFrame> t, int q, int threads) =>
        new(t["x"].Join(t[RightName(q)], [JoinQuestions.On(q)], JoinQuestions.How(q), threads), 0);

    /// <summary>db-benchmark's DuckDB SQL, with sums cast to BIGINT and a sum of no values 0 (as the engine and pandas).</summary>
    internal static string GroupBySql(int q) => q switch
    {
        1 => "SELECT id1, coalesce(sum(v1), 0)::BIGINT AS sum_v1 FROM x GROUP BY id1",
        2 => "SELECT id1, id2, coalesce(sum(v1), 0)::BIGINT AS sum_v1 FROM x GROUP BY id1, id2",
        3 => "SELECT id3, coalesce(sum(v1), 0)::BIGINT AS sum_v1, avg(v3) AS mean_v3 FROM x GROUP BY id3",
        4 => "SELECT id4, avg(v1) AS mean_v1, avg(v2) AS mean_v2, avg(v3) AS mean_v3 FROM x GROUP BY id4",
        5 => "SELECT id6, coalesce(sum(v1), 0)::BIGINT AS sum_v1, coalesce(sum(v2), 0)::BIGINT AS sum_v2, coalesce(sum(v3), 0) AS sum_v3 FROM x GROUP BY id6",
        6 => "SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5",
        7 => "SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3",
        8 => "SELECT id6, largest2_v3 FROM (SELECT id6, v3 AS largest2_v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS order_v3 FROM x WHERE v3 IS NOT NULL) sub_query WHERE order_v3 <= 2",
        9 => "SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4",
        _ => "SELECT id1, id2, id3, id4, id5, id6, coalesce(sum(v3), 0) AS sum_v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6",
    };

    /// <summary>The join in SQL, its columns laid out as the engine lays them out (key, left's, right's; a taken name gets _right).</summary>
    internal static string JoinSql(Dictionary<string, DataFrame> t, int q)
    {
        string on = JoinQuestions.On(q), right = RightName(q);
        var taken = new HashSet<string>(t["x"].ColumnNames);
        var select = new List<string> { $"x.{on}" };
        select.AddRange(t["x"].ColumnNames.Where(c => c != on).Select(c => $"x.{c}"));
        foreach (string c in t[right].ColumnNames.Where(c => c != on))
        {
            string name = c;
            while (!taken.Add(name))
                name += "_right";
            select.Add($"r.{c} AS {name}");
        }
        string kind = JoinQuestions.How(q) == JoinKind.Left ? "LEFT JOIN" : "INNER JOIN";
        return $"SELECT {string.Join(", ", select)} FROM x {kind} {right} r ON x.{on} = r.{on}";
    }

    private static void Execute(DuckDBConnection c, string sql)
    {
        using DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>A query's result as a frame: integers as int64, reals as doubles, text as strings.</summary>
    private static DataFrame Fetch(DuckDBConnection c, string sql)
    {
        using DbCommand command = c.CreateCommand();
        command.CommandText = sql;
        using DbDataReader reader = command.ExecuteReader();
        int n = reader.FieldCount;
        var values = Enumerable.Range(0, n).Select(_ => new List<object?>()).ToArray();
        while (reader.Read())
            for (int i = 0; i < n; i++)
                values[i].Add(reader.IsDBNull(i) ? null : reader.GetValue(i));
        var columns = new List<KeyValuePair<string, Column>>();
        for (int i = 0; i < n; i++)
        {
            columns.Add(new(reader.GetName(i), ToColumn(reader.GetFieldType(i), values[i])));
        }
        return new DataFrame(columns);
    }

    /// <summary>A peer's column of boxed values as one of ours: integers as int64, reals as doubles, text as strings.</summary>
    internal static Column ToColumn(Type t, List<object?> v) =>
            t == typeof(string) ? Column.Create(v.Select(x => (string?)x).ToArray())
                : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? Column.Create(v.Select(x => x is null ? (double?)null : Convert.ToDouble(x, CultureInfo.InvariantCulture)).ToArray())
                : t == typeof(bool) ? Column.Create(v.Select(x => x is true).ToArray(), v.Select(x => x is not null).ToArray())
                : Column.Create(v.Select(x => x is null ? (long?)null : (long)Convert.ToDecimal(x, CultureInfo.InvariantCulture)).ToArray());

    private static JsonElement RunPython(string python, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
            info.ArgumentList.Add(a);
        using Process p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {python}");
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"the pandas peer failed ({p.ExitCode}): {stderr.Result.Trim().Split('\n').LastOrDefault()}");
        string last = stdout.Trim().Split('\n').Last();
        return JsonDocument.Parse(last).RootElement.Clone();
    }
}
