using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using HyperSharp.Cli.Commands;
using HyperSharp.Cluster.Visits;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Harness;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper visits LOG --by user|day|user,day</c> and <c>hyper visits generate</c>: the web-log question as a ReduceByKey job.</summary>
internal static class VisitsCommands
{
    public static Command Command()
    {
        var logs = new Argument<string[]>("logs") { Description = "Log files: lines of 'TIME USER PATH' (TIME in ISO 8601, UTC).", Arity = ArgumentArity.OneOrMore };
        var by = new Option<string?>("--by") { Description = "The key: user, day or user,day (default: user)." };
        var top = new Option<string?>("--top") { Description = "The keys with most visits to show (default: 10)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: words (visits), distinct (keys), top, seconds, mb_per_second." };
        var on = new Option<string?>("--on") { Description = "local (an embedded silo, the default) or cluster (--gateway)." };
        var gateway = new Option<string?>("--gateway") { Description = "HOST:PORT of a cluster node's gateway (with --on cluster)." };
        var command = new Command("visits", "Visits per user, per day or per user and day of web logs: Map each line to its key, ReduceByKey on Orleans silos.")
        {
            logs, by, top, json, on, gateway, Generate(),
        };
        command.SetAction(p => Guard.Run(() =>
        {
            string[] given = p.GetValue(logs)!;
            foreach (string f in given)
            {
                if (!File.Exists(f))
                    throw new SpecException($"'{f}': no such file");
            }
            string key = VisitLog.By(p.GetValue(by));
            int k = p.GetValue(top) is { } t ? int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= 1_000_000 ? n
                : throw new SpecException($"--top takes a whole number from 0 to 1000000 (got '{t}')") : 10;
            string where = p.GetValue(on) ?? "local";
            if (where is not ("local" or "cluster"))
                throw new SpecException($"--on takes local or cluster (got '{where}')");
            if (where == "cluster" && p.GetValue(gateway) is null)
                throw new SpecException("--on cluster needs --gateway HOST:PORT");
            string[] files = [.. given.Select(Path.GetFullPath)];
            long start = Stopwatch.GetTimestamp();
            (WordCounts counts, string how) = ClusterRuns.Job((g, s, c, o) => VisitLog.RunAsync(g, files, key, s, c, o),
                where == "cluster" ? p.GetValue(gateway) : null, Environment.ProcessorCount, ref start);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            WordCountCommands.Report(counts, files.Sum(f => new FileInfo(f).Length), seconds, k, $"by {key}, {how}", p.GetValue(json), null, "visits", "keys");
            return 0;
        }));
        return command;
    }

    private static Command Generate()
    {
        var users = new Option<string?>("--users") { Description = "Distinct users (default: 1000)." };
        var visits = new Option<string?>("--visits") { Description = "Visits (lines) over the week (default: 1000000)." };
        var seed = new Option<string?>("--seed") { Description = "Seed (default: 1)." };
        var output = new Option<string>("--output", "-o") { Description = "The log file to write.", Required = true };
        var command = new Command("generate", "Write a week of web-log lines (from Monday 2026-11-23, UTC), random users and pages, the same for a seed.") { users, visits, seed, output };
        command.SetAction(p => Guard.Run(() =>
        {
            static long Whole(string? text, string option, long fallback) => text is null ? fallback
                : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : throw new SpecException($"{option} takes a whole number (got '{text}')");
            string path = p.GetValue(output)!;
            long u = Whole(p.GetValue(users), "--users", 1000), v = Whole(p.GetValue(visits), "--visits", 1_000_000), s = Whole(p.GetValue(seed), "--seed", 1);
            if (u > int.MaxValue)
                throw new SpecException($"--users takes a whole number from 1 to 100000000 (got {u})");
            AtomicFile.CheckWritable(path);
            long bytes = VisitLog.Generate(path, (int)u, v, s);
            Console.WriteLine($"wrote {v:N0} visits of {u:N0} users over a week, {Units.Bytes(bytes)}, to {path}");
            return 0;
        }));
        return command;
    }
}
