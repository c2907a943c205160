using System.CommandLine;
using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>Options every system's commands share, and the parsing of counts and comma-separated lists.</summary>
internal static class CommonOptions
{
    /// <summary>The most threads, processes or operations in flight a run may be given.</summary>
    public const int MaxCount = 4096;

    public static Option<string?> Threads() => new("--threads")
    {
        Description = "The most threads any rung may use (default: all cores).",
    };

    public static Option<string?> Processes() => new("--processes")
    {
        Description = "Child processes a processes rung starts (default: as many as --threads).",
    };

    public static Option<string?> Concurrency() => new("--concurrency")
    {
        Description = "Operations an async rung keeps in flight at once (default: 1).",
    };

    public static Option<bool> NoCache() => new("--no-cache")
    {
        Description = "Verify against a freshly computed reference answer, not one memoized on disk (see `hyper memo stats`).",
    };

    /// <summary>The measure options of a run: the reference's answers memoized in the default memo folder unless <paramref name="noCache"/>.</summary>
    public static HyperSharp.Harness.MeasureOptions Measure(bool noCache) =>
        noCache ? HyperSharp.Harness.MeasureOptions.Default : HyperSharp.Harness.MeasureOptions.Default with { AnswerCache = HyperSharp.Memo.Memo.DefaultDirectory() };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object on stdout (logs go to stderr)." };

    public static Option<string?> Rungs() => new("--rungs") { Description = "Comma-separated rung names (default: every rung that runs here)." };

    public static Option<string?> ThreadList() => new("--threads")
    {
        Description = "Comma-separated counts for parallel rungs and peers: threads, or child processes for a processes rung (default: 1 and all cores).",
    };

    public static Option<string?> JsonFile() => new("--json") { Description = "Also write the results to this JSON file (checked before anything runs)." };

    public static Option<bool> Peers() => new("--peers") { Description = "Also run the C and Python peers (see peers/README.md)." };

    public static Option<string?> PeersDir() => new("--peers-dir") { Description = "Where the peers/ folder is (default: found above the current folder)." };

    public static RunContext Context(string? threads, string? processes = null, string? concurrency = null)
    {
        int t = threads is null ? Environment.ProcessorCount : Count(threads, "--threads");
        var context = new RunContext(t);
        if (processes is not null)
            context = context with { Processes = Count(processes, "--processes") };
        if (concurrency is not null)
            context = context with { Concurrency = Count(concurrency, "--concurrency") };
        return context;
    }

    public static IReadOnlyList<string> Names(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A count from 1 to <see cref="MaxCount"/>, or a one-line error in the user's words.</summary>
    public static int Count(string text, string option) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v is >= 1 and <= MaxCount
            ? v
            : throw new SpecException($"{option} takes a whole number from 1 to {MaxCount} (got '{text}')");

    public static IReadOnlyList<int> Counts(string? list, string option) => Names(list).Select(s => Count(s, option)).ToArray();
}
