using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using HyperSharp.Harness;
using HyperSharp.Harness.Search;
using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Search.Peers;

/// <summary>One cell of the per-type figures: queries of one type, COUNT or TOP_k, their throughput and p99 latency.</summary>
public sealed record SearchCell(string Type, string Mode, int Queries, double QueriesPerSecond, double P99Seconds);

/// <summary>
/// <c>hyper __peer search --variant lucene|fts5|hypersharp --input DOCS --query-file QUERIES [spec options] --threads 1
/// --repeats R [--answer PATH] [--quick]</c>: the search peers' driver, run by <c>hyper bench search --peers</c> like
/// the Python peers (one <c>hypersharp/result</c> line on stdout, the spec echoed, the whole answer in
/// <c>--answer</c>). It builds the engine's index once after a small untimed warm-up build (build seconds include the
/// commit), answers every query once untimed (the answer file, and the warm-up), then times the ladder's work (every
/// query's exact count and top k) on the rungs' policy, then each query type (AND, OR, phrase, mixed) as COUNT alone
/// and TOP_k alone: those are the result's figures, with the index's bytes on disk. TOP_k asks each engine the same
/// question, the k best documents and their scores; whether it also counts every match on the way is the engine's
/// business (Lucene.NET 4.8's TopDocs does, ours does not). Counts are compared on the ladder's answer and timed in
/// COUNT. Slow passes are not repeated past <see cref="EnoughSeconds"/>.
/// </summary>
public static class SearchPeer
{
    /// <summary>The variants: the engines the driver runs.</summary>
    public static IReadOnlyList<string> Variants { get; } = ["hypersharp", "lucene", "fts5"];

    /// <summary>The query types, in the figures' order.</summary>
    public static IReadOnlyList<string> Types { get; } = ["and", "or", "phrase", "mixed"];

    internal static ISearchEngine Engine(string variant) => variant switch
    {
        "hypersharp" => new HyperSharpEngine(),
        "lucene" => new LuceneEngine(),
        "fts5" => new Fts5Engine(),
        _ => throw new SpecException($"--variant takes {string.Join(", ", Variants)} (got '{variant}')"),
    };

    /// <summary>A query's type: mixed if it excludes, else or if it has alternatives, else phrase if it has one, else and.</summary>
    public static string TypeOf(Query query) =>
        query.Excluded.Count > 0 ? "mixed"
        : query.Required.Any(c => c.Count > 1) ? "or"
        : query.Required.Any(c => c[0].Length > 1) ? "phrase"
        : "and";

    /// <summary>The command: one result line, exit 0; bad arguments, one line on stderr, exit 2.</summary>
    public static int Main(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        try
        {
            return Run(args, output);
        }
        catch (Exception ex) when (ex is SpecException or QueryException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"hyper: error: {ex.Message.Split('\n')[0]}");
            return 2;
        }
    }

    private static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count == 0 || args[0] != "search")
            throw new SpecException("hyper __peer takes: search --variant V --input DOCS --query-file QUERIES [options]");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        bool quick = false;
        for (int i = 1; i < args.Count; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
                continue;
            }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
                throw new SpecException($"expected --name VALUE, got '{args[i]}'");
            options[args[i][2..]] = args[++i];
        }
        string Take(string name) => options.Remove(name, out string? v) ? v : throw new SpecException($"--{name} is required");
        string variant = Take("variant");
        if (!Variants.Contains(variant))
            throw new SpecException($"--variant takes {string.Join(", ", Variants)} (got '{variant}')");
        string input = Take("input"), queryFile = Take("query-file");
        int repeats = options.Remove("repeats", out string? r) ? ParseCount("repeats", r) : 3;
        if (options.Remove("threads", out string? t))
            ParseCount("threads", t);
        string? answerPath = options.Remove("answer", out string? a) ? a : null;
        int top = options.TryGetValue("top", out string? k) ? ParseCount("top", k, min: 0) : 10;
        if (answerPath is not null)
            HyperSharp.IO.AtomicFile.CheckWritable(answerPath);
        foreach (string path in new[] { input, queryFile })
        {
            if (!File.Exists(path))
                throw new SpecException($"'{path}': no such file");
        }
        string[] documents = File.ReadAllLines(input);
        string[] texts = File.ReadAllLines(queryFile);
        Query[] queries = [.. texts.Select(Query.Parse)];
        // Everything not the driver's own is the spec, echoed back (numbers as numbers).
        Dictionary<string, SpecValue> spec = options.ToDictionary(kv => kv.Key.Replace('-', '_'),
            kv => double.TryParse(kv.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) ? SpecValue.Of(n) : SpecValue.Of(kv.Value));

        using ISearchEngine engine = Engine(variant);
        Report report = Measure(engine, documents, queries, top, quick ? MeasureOptions.Quick : MeasureOptions.Default with { MinRepeats = repeats });
        byte[] bytes = Canonical(report.Counts, report.Hits);
        if (answerPath is not null)
            HyperSharp.IO.AtomicFile.WriteAllBytes(answerPath, bytes);
        var figures = new Dictionary<string, double>
        {
            ["build_s"] = report.BuildSeconds,
            ["index_bytes"] = report.IndexBytes,
            ["docs_per_s"] = report.BuildSeconds > 0 ? documents.Length / report.BuildSeconds : 0,
        };
        foreach (SearchCell c in report.Cells)
        {
            figures[$"{c.Type}_{c.Mode}_qps"] = c.QueriesPerSecond;
            figures[$"{c.Type}_{c.Mode}_p99_us"] = c.P99Seconds * 1e6;
        }
        List<double> runs = report.RunSeconds;
        double median = Median(runs);
        var result = new RunResult
        {
            Schema = "hypersharp/result@2",
            System = "search",
            Rung = variant,
            Kind = "peer",
            Implementation = engine.Implementation,
            Spec = spec,
            Threads = 1, // every engine here answers on one thread
            Repeats = runs.Count,
            Seconds = median,
            MinSeconds = runs.Min(),
            MaxSeconds = runs.Max(),
            RunSeconds = runs,
            Work = queries.Length,
            Throughput = median > 0 ? queries.Length / median : 0,
            Unit = "queries/s",
            Checksum = report.Counts.Sum(),
            Fingerprint = HyperSharp.Ladder.Fingerprint.Of(bytes).Hex,
            Figures = figures,
            Latency = report.Latency,
            PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64,
            Version = engine.Version,
        };
        output.WriteLine(result.ToJson());
        return 0;
    }

    private static int ParseCount(string name, string text, int min = 1) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min
            ? n
            : throw new SpecException($"--{name} takes a whole number >= {min} (got '{text}')");

    private static double Median(List<double> xs)
    {
        double[] s = [.. xs.Order()];
        return s.Length == 0 ? 0 : s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

    /// <summary>What one engine measured: build, size, the ladder's work (runs, latency, answer) and the per-type cells.</summary>
    internal sealed record Report(double BuildSeconds, long IndexBytes, List<double> RunSeconds, LatencySummary Latency,
        long[] Counts, SearchHit[][] Hits, IReadOnlyList<SearchCell> Cells);

    /// <summary>Builds <paramref name="engine"/>'s index in a temporary folder and measures it (the folder is deleted afterwards).</summary>
    internal static Report Measure(ISearchEngine engine, IReadOnlyList<string> documents, IReadOnlyList<Query> queries, int top, MeasureOptions policy)
    {
        string folder = Directory.CreateTempSubdirectory("hypersharp-peer-").FullName;
        try
        {
            // A small build first, untimed, so that the timed one is not the JIT's first pass over the indexing code.
            string warm = Path.Combine(folder, "warm");
            Directory.CreateDirectory(warm);
            using (ISearchEngine first = Engine(VariantOf(engine)))
                first.Build([.. documents.Take(1000)], warm);
            string main = Path.Combine(folder, "index");
            Directory.CreateDirectory(main);
            long start = Stopwatch.GetTimestamp();
            engine.Build(documents, main);
            double build = Stopwatch.GetElapsedTime(start).TotalSeconds;
            engine.Prepare(queries);

            int[] all = [.. Enumerable.Range(0, queries.Count)];
            var latency = new LatencyRecorder();
            var counts = new long[queries.Count];
            var hits = new SearchHit[queries.Count][];
            var list = new List<SearchHit>();
            // The answer first: an untimed pass that keeps the hits, and the timed passes' warm-up.
            for (int q = 0; q < queries.Count; q++)
            {
                list.Clear();
                counts[q] = engine.Answer(q, top, list);
                hits[q] = [.. list];
            }
            List<double> runs = Timed(policy with { Warmups = 0, WarmupSeconds = 0 }, latency, all, q => engine.Answer(q, top, null));
            LatencySummary summary = latency.Summary();

            var cells = new List<SearchCell>();
            MeasureOptions cellPolicy = policy with { TargetSeconds = Math.Min(policy.TargetSeconds, 0.5) };
            foreach (string type in Types)
            {
                int[] subset = [.. all.Where(q => TypeOf(queries[q]) == type)];
                if (subset.Length == 0)
                    continue;
                foreach ((string mode, Action<int> run) in new (string, Action<int>)[] { ("count", q => engine.Count(q)), ("top", q => engine.Top(q, Math.Max(top, 1), null)) })
                {
                    var cellLatency = new LatencyRecorder();
                    List<double> cellRuns = Timed(cellPolicy, cellLatency, subset, run);
                    double m = Median(cellRuns);
                    cells.Add(new SearchCell(type, mode, subset.Length, m > 0 ? subset.Length / m : 0, cellLatency.Summary().P99));
                }
            }
            return new Report(build, engine.IndexBytes, runs, summary, counts, hits, cells);
        }
        finally
        {
            engine.Dispose();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is not worth failing a run for.
            }
        }
    }

    private static string VariantOf(ISearchEngine engine) => engine switch
    {
        LuceneEngine => "lucene",
        Fts5Engine => "fts5",
        _ => "hypersharp",
    };

    /// <summary>
    /// Timed passes are enough once they took this long together, whatever <see cref="MeasureOptions.MinRepeats"/>
    /// asks: at 10⁶ documents one pass of an engine that scores every match takes minutes, and three of them for every
    /// engine and cell would keep a bench with peers running for an hour. Each query's work is the same either way.
    /// </summary>
    public const double EnoughSeconds = 10;

    /// <summary>
    /// The rungs' policy over <paramref name="queries"/>: untimed warm-up (at least <see cref="MeasureOptions.Warmups"/>
    /// passes and <see cref="MeasureOptions.WarmupSeconds"/>, but a slow pass is cut short once that time is spent
    /// and 100 queries ran), then timed passes until both the repeats and the target time are reached (at most
    /// <see cref="MeasureOptions.MaxRepeats"/>; one pass, or more, once they took <see cref="EnoughSeconds"/>); every
    /// query of a timed pass recorded into <paramref name="latency"/>.
    /// </summary>
    private static List<double> Timed(MeasureOptions policy, LatencyRecorder latency, int[] queries, Action<int> run)
    {
        double Pass(LatencyRecorder? record)
        {
            long begin = Stopwatch.GetTimestamp();
            foreach (int q in queries)
            {
                long s = Stopwatch.GetTimestamp();
                run(q);
                record?.RecordSince(s);
            }
            return Stopwatch.GetElapsedTime(begin).TotalSeconds;
        }
        Warm(policy, queries, run);
        var runs = new List<double>();
        double spent = 0;
        while ((runs.Count < policy.MinRepeats && !(runs.Count > 0 && spent >= EnoughSeconds)) ||
               (spent < policy.TargetSeconds && runs.Count < policy.MaxRepeats))
        {
            runs.Add(Pass(latency));
            spent += runs[^1];
        }
        return runs;
    }

    private static void Warm(MeasureOptions policy, int[] queries, Action<int> run)
    {
        if (queries.Length == 0)
            return;
        long begin = Stopwatch.GetTimestamp();
        long done = 0, passes = (long)policy.Warmups * queries.Length, most = (long)policy.MaxRepeats * queries.Length;
        while (done < most)
        {
            bool warm = Stopwatch.GetElapsedTime(begin).TotalSeconds >= policy.WarmupSeconds;
            if (warm && (done >= passes || done >= Math.Min(queries.Length, 100)))
                break;
            run(queries[done++ % queries.Length]);
        }
    }

    /// <summary>The ladder's canonical answer (<see cref="SearchAnswer.Canonical"/>) as the little-endian int64 bytes it fingerprints.</summary>
    internal static byte[] Canonical(long[] counts, SearchHit[][] hits)
    {
        long[] values = new SearchAnswer(counts, hits).Canonical();
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }
}
