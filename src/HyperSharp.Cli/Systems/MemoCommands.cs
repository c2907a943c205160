using System.CommandLine;
using System.Globalization;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Memo;
using HyperSharp.Memoization;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper memo stats|clear|bench</c>: the disk memo folder (where the reference answers are kept) and the cache micro-bench.</summary>
internal sealed class MemoCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Memo;

    private static Option<string?> Dir() => new("--dir")
    {
        Description = $"The memo folder (default: ${Memo.Memo.CacheDirectoryVariable}, else $XDG_CACHE_HOME/hypersharp, else ~/.cache/hypersharp; here {Memo.Memo.DefaultDirectory()}).",
    };

    public Command? Tools()
    {
        Option<string?> statsDir = Dir();
        var stats = new Command("stats", "Print what the memo folder holds: entries and bytes per memoized function.") { statsDir };
        stats.SetAction(p => Guard.Run(() =>
        {
            if (Folder(p.GetValue(statsDir)) is not { } folder)
            {
                Console.WriteLine($"memo folder {Memo.Memo.DefaultDirectory()}: empty (not made yet)");
                return 0;
            }
            DiskMemoStatistics s = Memo.Memo.Disk(folder).Statistics();
            Console.WriteLine($"memo folder {s.Directory}: {s.Entries} entr{(s.Entries == 1 ? "y" : "ies")}, {Units.Bytes(s.Bytes)}");
            if (s.Functions.Count > 0)
                Console.WriteLine($"  {"function",-44} {"versions",8} {"entries",8} {"size",10}  last used (UTC)");
            foreach (DiskFunctionStatistics f in s.Functions)
            {
                Console.WriteLine($"  {f.Name,-44} {f.Versions,8} {f.Entries,8} {Units.Bytes(f.Bytes),10}  " +
                    (f.LastUsedUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-"));
            }
            return 0;
        }));

        Option<string?> clearDir = Dir();
        var clear = new Command("clear", "Remove every entry of the memo folder (the reference answers are computed again).") { clearDir };
        clear.SetAction(p => Guard.Run(() =>
        {
            if (Folder(p.GetValue(clearDir)) is not { } folder)
            {
                Console.WriteLine($"memo folder {Memo.Memo.DefaultDirectory()}: empty (not made yet)");
                return 0;
            }
            long freed = Memo.Memo.Disk(folder).Clear();
            Console.WriteLine($"memo folder {Path.GetFullPath(folder)}: cleared, {Units.Bytes(freed)} freed");
            return 0;
        }));

        var calls = new Option<string?>("--calls") { Description = "Calls per thread per round of the in-memory caches (default: 2000000)." };
        Option<string?> threads = CommonOptions.ThreadList();
        var bench = new Command("bench", "The cost of a memoized call, hit and miss: Memo.Lru against BitFaster ConcurrentLru, ConcurrentDictionary and MemoryCache, and the disk memo.")
        {
            calls, threads,
        };
        bench.SetAction(p => Guard.Run(() =>
        {
            int n = p.GetValue(calls) is { } text ? Calls(text) : 2_000_000;
            IReadOnlyList<int> counts = CommonOptions.Counts(p.GetValue(threads), "--threads") is { Count: > 0 } given ? given : [1, 2];
            Console.WriteLine($"{"cache",-26} {"threads",7} {"hit ns",9} {"net hit",9} {"miss ns",9}   (per call per thread, best of 5 rounds of {n:N0} hits / {n / 10:N0} misses; net: less the no-cache row)");
            foreach (CacheMicroBench.Row row in CacheMicroBench.InMemory(n, counts))
                Print(row);
            string temp = Directory.CreateTempSubdirectory("hypersharp-memo-bench-").FullName;
            try
            {
                foreach (CacheMicroBench.Row row in CacheMicroBench.Disk(temp, Math.Max(10, n / 1000)))
                    Print(row);
            }
            finally
            {
                Directory.Delete(temp, recursive: true);
            }
            return 0;
        }));
        return new Command("memo", "The disk memo folder (reference answers kept across benches) and the cache micro-bench.") { stats, clear, bench };
    }

    private static int Calls(string text) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v is >= 100 and <= 1_000_000_000
            ? v
            : throw new SpecException($"--calls takes a whole number from 100 to 1000000000 (got '{text}')");

    private static void Print(CacheMicroBench.Row row) =>
        Console.WriteLine($"{row.Cache,-26} {row.Threads,7} {row.HitNanoseconds,9:F1} {(row.NetHitNanoseconds is { } net ? net.ToString("F1", CultureInfo.InvariantCulture) : "-"),9} {row.MissNanoseconds,9:F1}");

    /// <summary>The folder to look at: the one given (which must be a folder that exists), else the default when it exists; null for a default not made yet.</summary>
    private static string? Folder(string? given)
    {
        if (given is null)
            return Directory.Exists(Memo.Memo.DefaultDirectory()) ? Memo.Memo.DefaultDirectory() : null;
        if (string.IsNullOrWhiteSpace(given))
            throw new SpecException("--dir takes a folder (got an empty path)");
        if (File.Exists(given))
            throw new SpecException($"--dir '{given}' is a file, not a folder");
        if (!Directory.Exists(given))
            throw new SpecException($"--dir '{given}': no such folder");
        return given;
    }
}
