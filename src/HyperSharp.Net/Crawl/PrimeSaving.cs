using System.Diagnostics;
using System.Globalization;
using HyperSharp.Primes;

namespace HyperSharp.Net.Crawl;

/// <summary>What saving the primes did: how many, how many the server took, and where the time went.</summary>
/// <param name="Primes">Primes found below N.</param>
/// <param name="Saved">Primes the server answered 2xx for.</param>
/// <param name="Failed">Primes whose save failed (after retries), by reason.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
/// <param name="CpuSeconds">Time spent testing numbers (trial division).</param>
/// <param name="IoSeconds">Time during which at least one save was in flight.</param>
/// <param name="Bars">The timeline: CPU spans on row 0, saves (or batches of saves) on row 1.</param>
/// <param name="SavedPrimes">The primes saved, ascending.</param>
public sealed record PrimeSaveResult(long Primes, long Saved, IReadOnlyDictionary<string, int> Failed, double Seconds, double CpuSeconds,
    double IoSeconds, IReadOnlyList<TimelineBar> Bars, ulong[] SavedPrimes);

/// <summary>
/// Gorelick ch. 8's prime saver: test each number below N by trial division (CPU) and save each prime to the slow
/// server (<c>/add?name=P&amp;delay=D</c>, I/O). Serially (batch 1) each save waits for its answer before the next
/// number is tested; in batches of B the primes are gathered and sent B at a time asynchronously while the next
/// batch is computed, so that CPU and I/O overlap and the total tends to max(CPU, I/O).
/// </summary>
public static class PrimeSaving
{
    /// <summary>The most bars a timeline keeps (a page of a few MB).</summary>
    public const int MaxBars = 20_000;

    /// <summary>Runs the saver below <paramref name="below"/> against <paramref name="server"/>.</summary>
    public static async Task<PrimeSaveResult> RunAsync(long below, Uri server, int delayMs, int batch, CrawlOptions options, CancellationToken cancellation = default)
    {
        using var fetcher = new Fetcher(options, Math.Max(1, batch));
        var bars = new List<TimelineBar>();
        var failed = new Dictionary<string, int>(StringComparer.Ordinal);
        long primes = 0, saved = 0, cpu = 0, io = 0;
        long origin = Stopwatch.GetTimestamp();
        double Ms(long t) => (t - origin) * 1000.0 / Stopwatch.Frequency;
        void Bar(int row, long start, long end, string kind, string label)
        {
            if (bars.Count < MaxBars)
                bars.Add(new TimelineBar(row, Ms(start), Ms(end), kind, label));
        }
        var savedPrimes = new List<ulong>();
        void Count(FetchRecord r, ulong p)
        {
            if (r.Completed)
            {
                saved++;
                savedPrimes.Add(p);
            }
            else
                failed[r.Failure!] = failed.GetValueOrDefault(r.Failure!) + 1;
        }
        Uri Url(ulong p) => new(server, string.Create(CultureInfo.InvariantCulture, $"/add?name={p}&delay={delayMs}"));

        var pending = new List<ulong>(Math.Max(1, batch));
        Task<FetchRecord[]>? inFlight = null;
        ulong[] inFlightNumbers = [];
        long inFlightStart = 0;
        long cpuStart = Stopwatch.GetTimestamp();
        for (ulong n = 2; n < (ulong)below; n++)
        {
            if (!TrialDivision.IsPrime(n))
                continue;
            primes++;
            if (batch <= 1)
            {
                long t = Stopwatch.GetTimestamp();
                cpu += t - cpuStart;
                Bar(0, cpuStart, t, "cpu", "testing numbers");
                Count(await fetcher.FetchAsync(0, Url(n), origin, cancellation).ConfigureAwait(false), n);
                cpuStart = Stopwatch.GetTimestamp();
                io += cpuStart - t;
                Bar(1, t, cpuStart, "io", $"save {n}");
                continue;
            }
            pending.Add(n);
            if (pending.Count < batch)
                continue;
            (inFlight, inFlightStart) = await Send().ConfigureAwait(false);
        }
        if (batch > 1 && pending.Count > 0)
            (inFlight, inFlightStart) = await Send().ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();
        cpu += end - cpuStart;
        Bar(0, cpuStart, end, "cpu", "testing numbers");
        if (inFlight is not null)
            await Drain().ConfigureAwait(false);
        double s(long ticks) => ticks / (double)Stopwatch.Frequency;
        double seconds = Stopwatch.GetElapsedTime(origin).TotalSeconds;
        return new PrimeSaveResult(primes, saved, failed, seconds, s(cpu), s(io), bars, [.. savedPrimes.Order()]);

        // The previous batch must be answered before the next is sent (at most one batch in flight, as the book's).
        async Task<(Task<FetchRecord[]>, long)> Send()
        {
            long t = Stopwatch.GetTimestamp();
            cpu += t - cpuStart;
            Bar(0, cpuStart, t, "cpu", "testing numbers");
            if (inFlight is not null)
                await Drain().ConfigureAwait(false);
            ulong[] numbers = [.. pending];
            inFlightNumbers = numbers;
            pending.Clear();
            // Starting the requests is part of the I/O: the batch is in flight from here.
            long sent = Stopwatch.GetTimestamp();
            Task<FetchRecord[]> task = Task.WhenAll(numbers.Select((p, i) => fetcher.FetchAsync(i, Url(p), origin, cancellation)));
            cpuStart = Stopwatch.GetTimestamp();
            return (task, sent);
        }

        async Task Drain()
        {
            FetchRecord[] records = await inFlight!.ConfigureAwait(false);
            // I/O time counts each batch from its sending to its last answer (one batch is in flight at a time).
            long last = records.Length == 0 ? inFlightStart : origin + records.Max(r => r.End);
            io += Math.Max(0, last - inFlightStart);
            Bar(1, inFlightStart, last, "io", $"batch of {records.Length} saves");
            foreach (FetchRecord r in records)
                Count(r, inFlightNumbers[r.Index]);
            inFlight = null;
        }
    }
}
