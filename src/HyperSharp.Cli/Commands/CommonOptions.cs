using System.CommandLine;
using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>Options every system's commands share, and the parsing of comma-separated lists.</summary>
internal static class CommonOptions
{
    public static Option<int?> Threads() => new("--threads")
    {
        Description = "The most threads any rung may use (default: all cores).",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object on stdout (logs go to stderr)." };

    public static Option<string?> Rungs() => new("--rungs") { Description = "Comma-separated rung names (default: every rung that runs here)." };

    public static Option<string?> ThreadList() => new("--threads")
    {
        Description = "Comma-separated thread counts for parallel rungs and peers (default: 1 and all cores).",
    };

    public static Option<string?> JsonFile() => new("--json") { Description = "Also write the results to this JSON file." };

    public static Option<bool> Peers() => new("--peers") { Description = "Also run the C and Python peers (see peers/README.md)." };

    public static Option<string?> PeersDir() => new("--peers-dir") { Description = "Where the peers/ folder is (default: found above the current folder)." };

    public static RunContext Context(int? threads) =>
        threads is null ? RunContext.Default : new RunContext(threads.Value);

    public static IReadOnlyList<string> Names(string? list) =>
        list is null ? [] : list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static IReadOnlyList<long> Longs(string? list, string option) =>
        Names(list).Select(s => long.TryParse(s.Replace("_", ""), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v > 0
            ? v
            : throw new SpecException($"{option} takes positive whole numbers separated by commas (got '{s}')")).ToArray();

    public static IReadOnlyList<int> Ints(string? list, string option) =>
        Longs(list, option).Select(v => v <= 4096 ? (int)v : throw new SpecException($"{option}: {v} is too many threads")).ToArray();

    /// <summary>A comma-separated list of positive int sizes, or just <paramref name="fallback"/> when none is given.</summary>
    public static IReadOnlyList<int> SizesOr(string? list, string option, int fallback)
    {
        int[] values = Longs(list, option)
            .Select(v => v <= int.MaxValue ? (int)v : throw new SpecException($"{option}: {v} is too large")).ToArray();
        return values.Length == 0 ? [fallback] : values;
    }

    /// <summary>A count given as a long, checked into an int with a clear message instead of an overflow.</summary>
    public static int Count(long value, string what) => value switch
    {
        <= 0 => throw new SpecException($"{what} must be a positive number (got {value})"),
        > int.MaxValue => throw new SpecException($"{what} {value} is too large: arrays of that many elements do not fit in memory"),
        _ => (int)value,
    };
}
