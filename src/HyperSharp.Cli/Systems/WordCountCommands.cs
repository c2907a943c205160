using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HyperSharp.Cli.Commands;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Harness;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper wordcount FILES…</c> and <c>hyper wordcount corpus</c>: the word count over a person's own files.</summary>
internal sealed class WordCountCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.WordCount;

    public Command? Tools()
    {
        var files = new Argument<string[]>("files") { Description = "UTF-8 text files to count.", Arity = ArgumentArity.OneOrMore };
        var rung = new Option<string?>("--rung") { Description = $"How to count: {string.Join(", ", Catalog.WordCount.Rungs.Select(r => r.Name))} (default: distributed)." };
        var on = new Option<string?>("--on") { Description = "Where the distributed rung runs: local (an embedded silo in this process, the default) or cluster (--gateway)." };
        var gateway = new Option<string?>("--gateway") { Description = "HOST:PORT of a cluster node's gateway (with --on cluster); several, comma-separated." };
        var top = new Option<string?>("--top") { Description = "The most frequent words to show (default: 10)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write every word and its count, tab-separated, most frequent first." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: words, distinct, top, seconds, mb_per_second (and for the distributed rung the job's phases and bytes)." };
        Option<string?> threads = CommonOptions.Threads();
        var command = new Command("wordcount", "Count the words of text files, as hyper index's analyzer cuts them (letters and digits, lower-cased).")
        {
            files, rung, on, gateway, top, output, json, threads, Corpus(),
        };
        command.SetAction(p => Guard.Run(() =>
        {
            string[] given = p.GetValue(files)!;
            foreach (string f in given)
            {
                if (Directory.Exists(f))
                    throw new SpecException($"'{f}' is a folder: give the files");
                if (!File.Exists(f))
                    throw new SpecException($"'{f}': no such file");
            }
            int k = TopOf(p.GetValue(top));
            string? tsv = p.GetValue(output);
            if (tsv is not null)
                AtomicFile.CheckWritable(tsv);
            RunContext context = CommonOptions.Context(p.GetValue(threads));
            Rung<WordCountProblem, WordCounts> chosen = Catalog.WordCount.Find(p.GetValue(rung) ?? "distributed");
            string where = p.GetValue(on) ?? "local";
            if (where is not ("local" or "cluster"))
                throw new SpecException($"--on takes local or cluster (got '{where}')");
            if (chosen.Name != "distributed" && (p.GetValue(on) is not null || p.GetValue(gateway) is not null))
                throw new SpecException("--on and --gateway are for the distributed rung");
            if (where == "cluster" && p.GetValue(gateway) is null)
                throw new SpecException("--on cluster needs --gateway HOST:PORT");
            using WordCountProblem problem = WordCountProblem.ForFiles(given);
            long start = Stopwatch.GetTimestamp();
            WordCounts counts;
            string how = chosen.Name;
            if (chosen.Name == "distributed")
            {
                (counts, how) = ClusterRuns.WordCount(problem, where == "cluster" ? p.GetValue(gateway) : null, context.MaxThreads, ref start);
            }
            else
            {
                counts = chosen.RunAsync(problem, context).AsTask().GetAwaiter().GetResult();
            }
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (tsv is not null)
                WriteTsv(tsv, counts);
            Report(counts, problem.Bytes, seconds, k, how, p.GetValue(json), tsv);
            return 0;
        }));
        return command;
    }

    private static int TopOf(string? text) => text is null ? 10
        : int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k is >= 0 and <= 1_000_000 ? k
        : throw new SpecException($"--top takes a whole number from 0 to 1000000 (got '{text}')");

    private static void WriteTsv(string path, WordCounts counts) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        foreach ((string word, long count) in counts.Top(counts.Distinct))
        {
            writer.Write(word);
            writer.Write('\t');
            writer.Write(count.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    });

    internal static void Report(WordCounts counts, long bytes, double seconds, int k, string how, bool json, string? tsv, string items = "words", string keys = "distinct")
    {
        double mbs = bytes / 1e6 / Math.Max(seconds, 1e-9);
        IReadOnlyList<(string Word, long Count)> best = counts.Top(k);
        if (json)
        {
            using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            writer.WriteStartObject();
            writer.WriteNumber("words", counts.Total);
            writer.WriteNumber("distinct", counts.Distinct);
            writer.WriteStartArray("top");
            foreach ((string word, long count) in best)
            {
                writer.WriteStartObject();
                writer.WriteString("word", word);
                writer.WriteNumber("count", count);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteNumber("bytes", bytes);
            writer.WriteNumber("seconds", Math.Round(seconds, 6));
            writer.WriteNumber("mb_per_second", Math.Round(mbs, 3));
            writer.WriteString("rung", how);
            if (counts.Job is { } job)
            {
                // Measured by the job itself: wall time per phase, work inside the grains, payload bytes moved.
                writer.WriteStartObject("job");
                foreach ((string name, double value) in WordCountLadder.JobFigures(job))
                    writer.WriteNumber(name, name.EndsWith("_s", StringComparison.Ordinal) ? Math.Round(value, 6) : value);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.Flush();
            Console.WriteLine();
            return;
        }
        Console.WriteLine($"{counts.Total:N0} {items}, {counts.Distinct:N0} {keys}, in {(bytes / 1e6).ToString("F1", CultureInfo.InvariantCulture)} MB: " +
            $"{Units.Seconds(seconds)} ({mbs.ToString("F1", CultureInfo.InvariantCulture)} MB/s, {how})");
        int rank = 0;
        foreach ((string word, long count) in best)
            Console.WriteLine($"{++rank,6}. {word,-20} {count,14:N0}");
        if (tsv is not null)
            Console.WriteLine($"wrote {counts.Distinct:N0} words and their counts to {tsv}");
    }

    private static Command Corpus()
    {
        var size = new Option<string>("--size") { Description = "Bytes of text, e.g. 200MB, 1.5GB, 64KiB (whole lines: at least this many).", Required = true };
        var output = new Option<string>("--output", "-o") { Description = "The text file to write.", Required = true };
        var spec = new SpecOptions<WordCountSpec>(Catalog.WordCount.Spec, ["vocabulary", "zipf", "seed"]);
        var command = new Command("corpus", "Write Zipf text: sentences of pronounceable words, the same bytes for a seed.") { size, output };
        foreach (Option option in spec.Options)
            command.Options.Add(option);
        command.SetAction(p => Guard.Run(() =>
        {
            long bytes = ByteSize.Parse(p.GetValue(size)!, "--size");
            WordCountSpec s = spec.Bind(p) with { Bytes = bytes };
            Catalog.WordCount.Validate(s);
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            long start = Stopwatch.GetTimestamp();
            long written = ZipfText.Write(path, s.Bytes, s.Vocabulary, s.Zipf, s.Seed);
            Console.WriteLine($"wrote {(written / 1e6).ToString("F1", CultureInfo.InvariantCulture)} MB of Zipf text (vocabulary {s.Vocabulary:N0}, zipf {s.Zipf.ToString(CultureInfo.InvariantCulture)}, seed {s.Seed}) to {path} in {Units.Seconds(Stopwatch.GetElapsedTime(start).TotalSeconds)}");
            return 0;
        }));
        return command;
    }
}
