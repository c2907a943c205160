using System.Globalization;
using HyperSharp.IO;
using HyperSharp.Ladder;
using HyperSharp.Net;
using HyperSharp.Net.Crawl;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper primes count --below N --save URL [--batch B]</c>: the book's prime saver, serial or in async batches.</summary>
internal static class PrimeSaveCommand
{
    /// <summary>Trial division of every number: past 10⁸ it would take hours.</summary>
    private const long MaxBelow = 100_000_000;

    public static int Run(long below, string serverText, string batchText, string delayText, string? timeline)
    {
        if (below > MaxBelow)
            throw new SpecException($"--below takes up to {MaxBelow} with --save (every number is tested by trial division)");
        Uri server = CrawlInput.ParseUrl(serverText, "--save");
        int batch = CrawlInput.Whole(batchText, "--batch", 1, CrawlInput.MaxConcurrency);
        int delay = CrawlInput.Whole(delayText, "--delay-ms", int.MinValue, int.MaxValue);
        CrawlInput.CheckDelay(delay);
        if (timeline is not null)
            AtomicFile.CheckWritable(timeline);
        CrawlInput.Probe(server);
        PrimeSaveResult r = PrimeSaving.RunAsync(below, server, delay, batch, new CrawlOptions()).GetAwaiter().GetResult();
        var i = CultureInfo.InvariantCulture;
        string failed = r.Failed.Count == 0 ? "" : " (failed: " + string.Join(", ", r.Failed.Select(kv => $"{kv.Key} {kv.Value}")) + ")";
        string how = batch == 1 ? "one at a time" : string.Create(i, $"in async batches of {batch}");
        string bound = string.Create(i, $"{r.Seconds / Math.Max(1e-9, Math.Max(r.CpuSeconds, r.IoSeconds)):F2}× max(CPU, I/O)");
        Console.WriteLine(string.Create(i, $"{r.Primes} primes below {below}; {r.Saved} saved to {server} {how}{failed}"));
        Console.WriteLine(string.Create(i, $"  total {r.Seconds:F3} s = {bound}; CPU {r.CpuSeconds:F3} s, I/O {r.IoSeconds:F3} s"));
        if (timeline is not null)
            AtomicFile.WriteAllText(timeline, Timeline.Html($"primes below {below}, saved {how}",
                [$"total {r.Seconds:F3} s, CPU {r.CpuSeconds:F3} s, I/O {r.IoSeconds:F3} s ({bound})".ToString(i)], r.Bars));
        return r.Failed.Count == 0 ? 0 : Commands.Guard.Failure;
    }
}
