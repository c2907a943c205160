using System.CommandLine;
using System.Diagnostics;
using HyperSharp.Cli.Commands;
using HyperSharp.Frames;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Frames;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary>
/// <c>hyper frame generate|groupby|join|describe</c>: db-benchmark's tables, and group-by, join and describe over a
/// person's own CSV or Parquet files with the Frames engine. Results print as a table (first rows and the count) and
/// are written whole or not at all (<c>-o</c>).
/// </summary>
internal sealed class FrameCommands : ISystemCommands
{
    /// <summary>Rows of a result shown on the terminal.</summary>
    private const int ShownRows = 10;

    public ILadder Ladder => Catalog.GroupBy;

    public Command? Tools() => new("frame", "Tabular analytics over CSV and Parquet files: generate db-benchmark's tables, group-by, join, describe.")
    {
        Generate(), GroupByCommand(), JoinCommand(), Describe(), Bench(),
    };

    private static Command Bench()
    {
        var task = new Argument<string>("task") { Description = "groupby (the ten questions) or join (the five)." };
        var rows = new Option<long>("--rows") { Description = "Rows of the (left) table.", DefaultValueFactory = _ => 10_000_000 };
        var k = new Option<int>("--k") { Description = "Groups of id1, id2, id4, id5 (groupby).", DefaultValueFactory = _ => 100 };
        var questions = new Option<string?>("--questions") { Description = "Comma-separated question numbers (default: all)." };
        var peers = new Option<string>("--peers") { Description = "Comma-separated peers: duckdb, pandas, mda (Microsoft.Data.Analysis; none: the engine alone).", DefaultValueFactory = _ => "duckdb,pandas,mda" };
        Option<string?> threads = CommonOptions.Threads();
        Option<string?> peersDir = CommonOptions.PeersDir();
        var command = new Command("bench", "The engine against DuckDB (same threads) and pandas on db-benchmark's questions over the same CSV: load and query times, answers checked.")
        {
            task, rows, k, questions, peers, threads, peersDir,
        };
        command.SetAction(p => Guard.Run(() => Bad(() =>
        {
            string which = Choose("task", p.GetValue(task)!, "groupby", "join");
            int count = which == "join" ? JoinQuestions.Count : GroupByQuestions.Count;
            IReadOnlyList<int> qs = p.GetValue(questions) is { } list ? CommonOptions.Counts(list, "--questions") : Enumerable.Range(1, count).ToArray();
            foreach (int q in qs)
                if (q > count)
                    throw new SpecException($"--questions {q}: {which} has questions 1-{count}");
            if (which == "join")
                Catalog.Join.Validate(new JoinSpec(1, p.GetValue(rows), 0, "unsorted", 1));
            else
                Catalog.GroupBy.Validate(new GroupBySpec(1, p.GetValue(rows), p.GetValue(k), 0, "unsorted", 1));
            int t = CommonOptions.Context(p.GetValue(threads)).MaxThreads;
            IReadOnlyList<string> peerList = CommonOptions.Names(p.GetValue(peers));
            string dir = Directory.CreateTempSubdirectory("hyper-frame-bench-").FullName;
            try
            {
                var report = HyperSharp.Frames.Peers.FrameBench.Run(which, p.GetValue(rows), p.GetValue(k), qs, t, peerList,
                    PeerLocator.Python(), PeerLocator.Find(p.GetValue(peersDir)), dir, HyperSharp.Cli.Output.Log);
                Console.WriteLine(BenchTable(report));
                return report.Questions.All(q => q.Figures.All(f => f.Agrees)) ? 0 : Guard.Failure;
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        })));
        return command;
    }

    /// <summary>The per-question table: each peer's query time and its ratio to the engine's, then the load times.</summary>
    private static string BenchTable(HyperSharp.Frames.Peers.FrameBenchReport r)
    {
        var peers = r.Questions.SelectMany(q => q.Figures.Select(f => f.Peer)).Distinct().ToArray();
        var lines = new List<string[]>();
        var header = new List<string> { "q", "question", "rows out" };
        foreach (string peer in peers)
            header.AddRange(peer == "hypersharp" ? ["hypersharp"] : [peer, $"{peer}/hs"]);
        lines.Add([.. header]);
        foreach (var q in r.Questions)
        {
            var cells = new List<string> { q.Question.ToString(System.Globalization.CultureInfo.InvariantCulture), q.Title, q.ResultRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) };
            double ours = q.Figures[0].QuerySeconds;
            foreach (string peer in peers)
            {
                var f = q.Figures.FirstOrDefault(x => x.Peer == peer);
                if (peer == "hypersharp")
                    cells.Add(Units.Seconds(ours));
                else if (f is null)
                    cells.AddRange(["—", "—"]);
                else if (double.IsNaN(f.QuerySeconds))
                    cells.AddRange(["n/a", "—"]);
                else
                    cells.AddRange([Units.Seconds(f.QuerySeconds) + (f.Agrees ? "" : " ✗"), Units.Ratio(f.QuerySeconds / ours)]);
            }
            lines.Add([.. cells]);
        }
        var widths = Enumerable.Range(0, lines[0].Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new System.Text.StringBuilder();
        foreach (string[] l in lines)
            text.AppendLine(string.Join("  ", l.Select((cell, c) => c == 1 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        text.Append($"{r.Task} over {r.Rows:N0} rows, {r.Threads} thread{(r.Threads == 1 ? "" : "s")}; load (CSV → memory): ");
        double ourLoad = r.LoadSeconds.GetValueOrDefault("hypersharp", double.NaN);
        text.Append(string.Join(", ", r.LoadSeconds.Select(kv => kv.Key == "hypersharp" || double.IsNaN(ourLoad)
            ? $"{kv.Key} {Units.Seconds(kv.Value)}"
            : $"{kv.Key} {Units.Seconds(kv.Value)} ({Units.Ratio(kv.Value / ourLoad)})")));
        foreach (var q in r.Questions)
            foreach (var f in q.Figures.Where(f => f.Agrees && double.IsNaN(f.QuerySeconds)))
                text.Append($"\nn/a q{q.Question} {f.Peer}: cannot express it ({f.Note})");
        foreach (var q in r.Questions)
            foreach (var f in q.Figures.Where(f => !f.Agrees))
                text.Append($"\n✗ q{q.Question} {f.Peer}: answer differs ({f.Note})");
        return text.ToString();
    }

    private static Option<string> Output(bool required) =>
        new("--output", "-o") { Description = "Write the result to this .csv or .parquet file (whole or not at all).", Required = required };

    private static Command Generate()
    {
        var which = new Argument<string>("table") { Description = "groupby (G1: id1…id6, v1…v3) or join (the left table, then _small, _medium, _big beside it)." };
        var rows = new Option<long>("--rows") { Description = "Rows of the (left) table.", DefaultValueFactory = _ => 10_000_000 };
        var k = new Option<int>("--k") { Description = "Groups of id1, id2, id4, id5 (group-by table).", DefaultValueFactory = _ => 100 };
        var na = new Option<int>("--na") { Description = "Percent of missing values.", DefaultValueFactory = _ => 0 };
        var sorted = new Option<bool>("--sorted") { Description = "Sort the rows by their keys." };
        var seed = new Option<long>("--seed") { Description = "Seed of the table.", DefaultValueFactory = _ => 1 };
        Option<string> output = Output(required: true);
        var command = new Command("generate", "Write db-benchmark's group-by table (G1_N_K_NA_SORT) or join tables as CSV or Parquet.")
        {
            which, rows, k, na, sorted, seed, output,
        };
        command.SetAction(p => Guard.Run(() => Bad(() =>
        {
            string path = p.GetValue(output)!;
            Choose("table", p.GetValue(which)!, "groupby", "join");
            string order = p.GetValue(sorted) ? "sorted" : "unsorted";
            var written = new List<(string Path, DataFrame Frame)>();
            if (p.GetValue(which) == "groupby")
            {
                var spec = new GroupBySpec(1, p.GetValue(rows), p.GetValue(k), p.GetValue(na), order, p.GetValue(seed));
                Catalog.GroupBy.Validate(spec);
                AtomicFile.CheckWritable(path);
                written.Add((path, DbBenchmarkData.GroupBy(spec.Rows, spec.K, spec.Na, spec.Sorted, spec.Seed)));
            }
            else
            {
                var spec = new JoinSpec(1, p.GetValue(rows), p.GetValue(na), order, p.GetValue(seed));
                Catalog.Join.Validate(spec);
                string[] paths = [path, .. new[] { "small", "medium", "big" }.Select(s => JoinTablePath(path, s))];
                foreach (string x in paths)
                    AtomicFile.CheckWritable(x);
                DbBenchmarkData.JoinTables t = DbBenchmarkData.Join(spec.Rows, spec.Na, spec.Sorted, spec.Seed);
                written.AddRange([(paths[0], t.X), (paths[1], t.Small), (paths[2], t.Medium), (paths[3], t.Big)]);
            }
            foreach ((string file, DataFrame frame) in written)
            {
                Write(frame, file);
                Console.WriteLine($"wrote {frame.RowCount:N0} rows × {frame.Columns.Count} columns to {file}");
            }
            return 0;
        })));
        return command;
    }

    /// <summary>The path of a join's right table beside the left's: x.csv → x_small.csv.</summary>
    internal static string JoinTablePath(string left, string table)
    {
        string ext = Path.GetExtension(left);
        return left[..^ext.Length] + "_" + table + ext;
    }

    private static Command GroupByCommand()
    {
        var file = new Argument<string>("file") { Description = "A .csv or .parquet file." };
        var by = new Option<string>("--by") { Description = "Key columns, comma-separated (id1,id2).", Required = true };
        var agg = new Option<string>("--agg") { Description = "Aggregates: sum(v1),mean(v3),count(),min(x),max(x),median(x),sd(x),first(x),largest2(x),corr(x,y).", Required = true };
        Option<string?> threads = CommonOptions.Threads();
        Option<string> output = Output(required: false);
        var command = new Command("groupby", "Group a file's rows by key columns and aggregate; keys first, then one column per aggregate (sum_v1, mean_v3).")
        {
            file, by, agg, threads, output,
        };
        command.SetAction(p => Guard.Run(() => Bad(() =>
        {
            string? path = p.GetValue(output);
            if (path is not null)
                AtomicFile.CheckWritable(path);
            IReadOnlyList<Aggregation> aggregations = Aggregation.ParseList(p.GetValue(agg)!);
            string[] keys = CommonOptions.Names(p.GetValue(by)).ToArray();
            int k = CommonOptions.Context(p.GetValue(threads)).MaxThreads;
            (DataFrame table, double load) = Load(p.GetValue(file)!, k);
            long start = Stopwatch.GetTimestamp();
            DataFrame result = table.GroupBy(keys).WithThreads(k).Agg(aggregations);
            Finish(result, path, $"{result.RowCount:N0} groups of {table.RowCount:N0} rows in {Units.Seconds(Stopwatch.GetElapsedTime(start).TotalSeconds)} " +
                $"on {k} thread{(k == 1 ? "" : "s")} (load {Units.Seconds(load)})");
            return 0;
        })));
        return command;
    }

    private static Command JoinCommand()
    {
        var left = new Argument<string>("left") { Description = "The left table (.csv or .parquet)." };
        var right = new Argument<string>("right") { Description = "The right table, hashed (.csv or .parquet)." };
        var on = new Option<string>("--on") { Description = "Key columns, comma-separated, present in both.", Required = true };
        var how = new Option<string>("--how") { Description = "inner, left or outer.", DefaultValueFactory = _ => "inner" };
        Option<string?> threads = CommonOptions.Threads();
        Option<string> output = Output(required: false);
        var command = new Command("join", "Hash-join two files on key columns: the keys, the left's columns, then the right's (a taken name gets _right).")
        {
            left, right, on, how, threads, output,
        };
        command.SetAction(p => Guard.Run(() => Bad(() =>
        {
            string? path = p.GetValue(output);
            if (path is not null)
                AtomicFile.CheckWritable(path);
            string[] keys = CommonOptions.Names(p.GetValue(on)).ToArray();
            JoinKind kind = Enum.Parse<JoinKind>(Choose("--how", p.GetValue(how)!, "inner", "left", "outer"), ignoreCase: true);
            int k = CommonOptions.Context(p.GetValue(threads)).MaxThreads;
            (DataFrame l, double loadLeft) = Load(p.GetValue(left)!, k);
            (DataFrame r, double loadRight) = Load(p.GetValue(right)!, k);
            long start = Stopwatch.GetTimestamp();
            DataFrame result = l.Join(r, keys, kind, k);
            Finish(result, path, $"{result.RowCount:N0} rows from {l.RowCount:N0} × {r.RowCount:N0} ({kind.ToString().ToLowerInvariant()}) in " +
                $"{Units.Seconds(Stopwatch.GetElapsedTime(start).TotalSeconds)} on {k} thread{(k == 1 ? "" : "s")} (load {Units.Seconds(loadLeft + loadRight)})");
            return 0;
        })));
        return command;
    }

    private static Command Describe()
    {
        var file = new Argument<string>("file") { Description = "A .csv or .parquet file." };
        var command = new Command("describe", "A file's schema: each column's type, rows, nulls, min and max.") { file };
        command.SetAction(p => Guard.Run(() => Bad(() =>
        {
            (DataFrame table, _) = Load(p.GetValue(file)!, 0);
            Console.WriteLine(table.Describe().ToTable(int.MaxValue));
            return 0;
        })));
        return command;
    }

    private static (DataFrame Frame, double Seconds) Load(string path, int threads)
    {
        if (Directory.Exists(path))
            throw new SpecException($"{path} is a directory, not a file");
        if (!File.Exists(path))
            throw new SpecException($"no such file: {path}");
        long start = Stopwatch.GetTimestamp();
        DataFrame frame = DataFrame.Read(path, threads);
        return (frame, Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    private static void Write(DataFrame frame, string path) => AtomicFile.Write(path, s => frame.Write(path, s));

    private static void Finish(DataFrame result, string? path, string summary)
    {
        Console.WriteLine(result.ToTable(ShownRows));
        if (path is not null)
        {
            Write(result, path);
            summary += $"; written to {path}";
        }
        Console.Error.WriteLine(summary);
    }

    /// <summary>The value if it is one of <paramref name="choices"/>, else a one-line error naming them.</summary>
    private static string Choose(string what, string value, params string[] choices) =>
        choices.Contains(value) ? value : throw new SpecException($"{what} '{value}' is not one of {string.Join(", ", choices)}");

    /// <summary>The library's errors about the input (a malformed file, an unknown column or aggregate) as one-line bad input.</summary>
    private static int Bad(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ArgumentException e)
        {
            throw new SpecException(e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or InvalidDataException)
        {
            throw new SpecException(e.Message);
        }
    }
}
