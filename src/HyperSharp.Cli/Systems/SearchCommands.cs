using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Search;
using HyperSharp.IO;
using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper index corpus|build|query|complete|stats</c>: a search index over a person's own files (HyperSharp.Search).</summary>
internal sealed class SearchCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Search;

    public Command? Tools() => new("index", "Full-text search over your files: build an index, query it (BM25, AND/OR/-/\"phrases\"), complete prefixes.")
    {
        Corpus(), Build(), QueryCommand(), Complete(), Stats(),
    };

    private static Command Corpus()
    {
        var spec = new SpecOptions<SearchSpec>(Catalog.Search.Spec, ["docs", "words", "vocabulary", "zipf", "seed"]);
        var output = new Option<string>("--output", "-o") { Description = "The corpus file to write (one document per line).", Required = true };
        var command = new Command("corpus", "Write a synthetic corpus: one document per line, Zipf-distributed words.") { output };
        foreach (Option option in spec.Options)
            command.Options.Add(option);
        command.SetAction(p => Guard.Run(() =>
        {
            SearchSpec s = spec.Bind(p);
            Catalog.Search.Validate(s);
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            long bytes = ZipfCorpus.Write(s, path);
            Console.WriteLine($"wrote {s.Docs:N0} documents ({s.Words} words each, vocabulary {s.Vocabulary:N0}, zipf {s.Zipf.ToString(CultureInfo.InvariantCulture)}), {Units.Bytes(bytes)} to {path}");
            return 0;
        }));
        return command;
    }

    private static Command Build()
    {
        var inputs = new Argument<string[]>("inputs") { Description = "Files and folders (recursed) to index.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output", "-o") { Description = "The index file to write (written whole or not at all).", Required = true };
        var lines = new Option<bool>("--lines") { Description = "Each line is a document (default: each file is one)." };
        Option<string?> threads = CommonOptions.Threads();
        var command = new Command("build", "Index files and folders into one file; binary files (a NUL byte in the first 8,000) are skipped and counted.") { inputs, output, lines, threads };
        command.SetAction(p => Guard.Run(() =>
        {
            string path = p.GetValue(output)!;
            string[] given = p.GetValue(inputs)!;
            foreach (string input in given)
            {
                if (!File.Exists(input) && !Directory.Exists(input))
                    throw new SpecException($"'{input}': no such file or folder");
            }
            AtomicFile.CheckWritable(path);
            int k = CommonOptions.Context(p.GetValue(threads)).MaxThreads;
            long start = Stopwatch.GetTimestamp();
            bool bar = Output.IsTerminal;
            var builder = new IndexBuilder { Lines = p.GetValue(lines), Threads = k, Progress = bar ? ShowProgress : null };
            builder.AddPaths(given);
            IndexBuildSummary s = builder.Write(path);
            if (bar)
                Console.Error.Write("\r\x1b[K");
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            Console.WriteLine($"indexed {s.Documents:N0} document{(s.Documents == 1 ? "" : "s")} from {s.Files:N0} file{(s.Files == 1 ? "" : "s")}" +
                $"{(s.BinaryFilesSkipped > 0 ? $" ({s.BinaryFilesSkipped:N0} binary skipped)" : "")}: {s.Terms:N0} terms, {s.Postings:N0} postings, {s.Tokens:N0} tokens; " +
                $"{Units.Bytes(s.Bytes)} written to {path} in {Units.Seconds(seconds)} ({s.Documents / Math.Max(seconds, 1e-9):N0} documents/s, {k} thread{(k == 1 ? "" : "s")})");
            return 0;
        }));
        return command;
    }

    private static void ShowProgress(IndexBuildProgress p)
    {
        double fraction = p.TotalBytes == 0 ? 1 : (double)p.Bytes / p.TotalBytes;
        int filled = (int)(fraction * 30);
        Console.Error.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {fraction,4:P0}  {p.Documents:N0} documents, {p.Files:N0} files");
    }

    private static Argument<string> IndexFile() => new("index") { Description = "The index file (from hyper index build)." };

    /// <summary>Opens an index, turning a missing or damaged file into a one-line error (exit 2).</summary>
    private static SearchIndex Open(string path)
    {
        if (Directory.Exists(path))
            throw new SpecException($"'{path}' is a folder, not an index file");
        if (!File.Exists(path))
            throw new SpecException($"'{path}': no such index file");
        try
        {
            return SearchIndex.Open(path);
        }
        catch (IndexFormatException e)
        {
            throw new SpecException(e.Message);
        }
    }

    /// <summary>Runs <paramref name="action"/> with index and query errors as one-line errors (exit 2).</summary>
    private static int Checked(Func<int> action) => Guard.Run(() =>
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IndexFormatException or QueryException)
        {
            throw new SpecException(e.Message);
        }
    });

    private static int TopOf(string? text) => text is null ? 10
        : int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int k) && k is >= 1 and <= 1_000_000 ? k
        : throw new SpecException($"--top takes a whole number from 1 to 1000000 (got '{text}')");

    private static Command QueryCommand()
    {
        Argument<string> index = IndexFile();
        var query = new Argument<string>("query") { Description = "Terms are ANDed; a OR b; -term excludes; \"a phrase\" matches in order." };
        var top = new Option<string?>("--top") { Description = "Hits to show, best first by BM25 (default: 10)." };
        var count = new Option<bool>("--count") { Description = "Print only the number of matching documents." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: count and hits ({doc, path, line, score})." };
        var command = new Command("query", "Search an index: matches ranked by BM25 (k1 = 1.2, b = 0.75).") { index, query, top, count, json };
        command.SetAction(p => Checked(() =>
        {
            int k = TopOf(p.GetValue(top));
            Query q = Query.Parse(p.GetValue(query)!);
            using SearchIndex idx = Open(p.GetValue(index)!);
            long start = Stopwatch.GetTimestamp();
            bool countOnly = p.GetValue(count);
            SearchResults r = countOnly ? new SearchResults(idx.Count(q), []) : idx.Search(q, k);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (p.GetValue(json))
            {
                using var writer = new Utf8JsonWriter(Console.OpenStandardOutput(), new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
                writer.WriteStartObject();
                writer.WriteString("query", q.ToString());
                writer.WriteNumber("count", r.Count);
                writer.WriteStartArray("hits");
                foreach (SearchHit h in r.Hits)
                {
                    DocumentInfo d = idx.Document(h.Doc);
                    writer.WriteStartObject();
                    writer.WriteNumber("doc", h.Doc);
                    writer.WriteString("path", d.Path);
                    if (d.Line > 0)
                        writer.WriteNumber("line", d.Line);
                    else
                        writer.WriteNull("line");
                    writer.WriteNumber("score", h.Score);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
                Console.WriteLine();
                return 0;
            }
            if (countOnly)
            {
                Console.WriteLine(r.Count.ToString(CultureInfo.InvariantCulture));
                return 0;
            }
            Console.WriteLine($"{r.Count:N0} match{(r.Count == 1 ? "" : "es")} for {q} ({Units.Seconds(seconds)})");
            int rank = 0;
            foreach (SearchHit h in r.Hits)
            {
                DocumentInfo d = idx.Document(h.Doc);
                string where = d.Line > 0 ? $"{d.Path}:{d.Line}" : d.Path;
                Console.WriteLine($"{++rank,4}. {h.Score.ToString("F4", CultureInfo.InvariantCulture),9}  {where}");
            }
            return 0;
        }));
        return command;
    }

    private static Command Complete()
    {
        Argument<string> index = IndexFile();
        var prefix = new Argument<string>("prefix") { Description = "The start of a word (lower-cased as the index is)." };
        var top = new Option<string?>("--top") { Description = "Completions to show (default: 10)." };
        var command = new Command("complete", "The most frequent terms of an index that start with a prefix.") { index, prefix, top };
        command.SetAction(p => Checked(() =>
        {
            int k = TopOf(p.GetValue(top));
            using SearchIndex idx = Open(p.GetValue(index)!);
            foreach (Completion c in idx.Complete(p.GetValue(prefix)!, k))
                Console.WriteLine($"{c.Term}\t{c.Frequency.ToString(CultureInfo.InvariantCulture)}");
            return 0;
        }));
        return command;
    }

    private static Command Stats()
    {
        Argument<string> index = IndexFile();
        var command = new Command("stats", "What an index holds: documents, terms, postings, bytes per section; every checksum checked.") { index };
        command.SetAction(p => Checked(() =>
        {
            using SearchIndex idx = Open(p.GetValue(index)!);
            idx.Verify();
            Console.WriteLine($"documents  {idx.DocumentCount,14:N0}");
            Console.WriteLine($"terms      {idx.TermCount,14:N0}");
            Console.WriteLine($"postings   {idx.PostingCount,14:N0}");
            Console.WriteLine($"tokens     {idx.TokenCount,14:N0}   (mean document length {idx.AverageDocumentLength.ToString("F1", CultureInfo.InvariantCulture)})");
            Console.WriteLine($"file       {idx.FileBytes,14:N0} bytes   checksums ok");
            foreach (IndexSection s in idx.SectionsInFile)
                Console.WriteLine($"  {s.Name,-12} {s.Bytes,14:N0} bytes  {100.0 * s.Bytes / idx.FileBytes,5:F1} %");
            return 0;
        }));
        return command;
    }
}
