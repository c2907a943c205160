using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using HyperSharp.Ladder;

namespace HyperSharp.Net.Crawl;

/// <summary>What <see cref="ConnectionLimits.RunAsync"/> saw: the crawl's counts, the memory and the descriptors of this process.</summary>
/// <param name="Connections">Requests made, all in flight at once.</param>
/// <param name="Completed">Requests answered 2xx.</param>
/// <param name="FailedBy">Failures by reason (<c>timeout</c>, <c>reset</c>, …).</param>
/// <param name="Seconds">Wall time of the crawl.</param>
/// <param name="ServerPeakInFlight">The server's peak of requests in flight (its <c>/stats</c>), null when it did not answer.</param>
/// <param name="PeakSockets">The most sockets this process held open at once, sampled every 100 ms (a short crawl may be missed).</param>
/// <param name="FdsBefore">Open file descriptors (<c>/proc/self/fd</c>) before the crawl.</param>
/// <param name="FdsAfter">Open file descriptors after it, its client disposed.</param>
/// <param name="SocketsBefore">Of those, sockets before.</param>
/// <param name="SocketsAfter">Sockets after.</param>
/// <param name="WorkingSetBefore">Resident bytes before the crawl.</param>
/// <param name="PeakWorkingSet">Peak resident bytes during the crawl (VmHWM reset before it where the kernel allows, else the sampled maximum).</param>
/// <param name="PeakIsExact">Whether <paramref name="PeakWorkingSet"/> is the kernel's high-water mark of the crawl alone.</param>
/// <param name="FdSoftLimit">The open-file limit the crawl ran under.</param>
/// <param name="FdHardLimit">Its ceiling.</param>
/// <param name="ServerSocketsBefore">The server process's sockets before, when it is a local process we were told of.</param>
/// <param name="ServerSocketsAfter">Its sockets after.</param>
public sealed record LimitsReport(int Connections, int Completed, IReadOnlyDictionary<string, int> FailedBy, double Seconds, long? ServerPeakInFlight,
    int PeakSockets, int FdsBefore, int FdsAfter, int SocketsBefore, int SocketsAfter, long WorkingSetBefore, long PeakWorkingSet, bool PeakIsExact,
    long FdSoftLimit, long FdHardLimit, int? ServerSocketsBefore = null, int? ServerSocketsAfter = null)
{
    /// <summary>Sockets left open by the crawl (0 when none leaked).</summary>
    public int LeakedSockets => Math.Max(0, SocketsAfter - SocketsBefore);

    /// <summary>Resident bytes per connection above the start: the memory each one costs at the peak.</summary>
    public double BytesPerConnection => Connections == 0 ? 0 : Math.Max(0, PeakWorkingSet - WorkingSetBefore) / (double)Connections;
}

/// <summary>
/// Item 7's limits: N requests to a slow server all in flight at once (each asks <c>gather=N</c>, so the server holds
/// every answer until it has seen N at once, at most <c>holdMs</c>), crawled by the <c>workers</c> rung with N
/// connections; reports the peak working set and the open descriptors before and after, so a leaked socket shows.
/// Every wait is bounded: the hold, the timeout per request, the settling of descriptors after.
/// </summary>
public static class ConnectionLimits
{
    /// <summary>The most connections a run takes.</summary>
    public const int MaxConnections = 100_000;

    /// <summary>Descriptors a run needs beyond one per connection (the runtime's own, the log, the probes).</summary>
    public const int Headroom = 512;

    /// <summary>The open-file limit of this process, soft and hard (<c>/proc/self/limits</c>); null where it cannot be read.</summary>
    public static (long Soft, long Hard)? FdLimit()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal))
                    continue;
                string[] f = line["Max open files".Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return (Parse(f[0]), Parse(f[1]));
            }
        }
        catch (IOException)
        {
        }
        return null;

        static long Parse(string s) => s == "unlimited" ? long.MaxValue : long.Parse(s, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Why <paramref name="connections"/> connections (plus <paramref name="peers"/> for a server in this process) cannot
    /// be opened here, after raising the soft open-file limit toward the hard one where it is short; null when they can.
    /// </summary>
    public static string? WhyNot(int connections, int peers = 0)
    {
        if (!OperatingSystem.IsLinux())
            return "counting open descriptors needs Linux's /proc/self/fd";
        long needed = (long)connections + peers + Headroom;
        if (FdLimit() is not { } limit)
            return "the open-file limit cannot be read (/proc/self/limits)";
        if (limit.Soft >= needed)
            return null;
        if (limit.Hard >= needed)
            TryRaiseSoftLimit(needed);
        return FdLimit() is { } now && now.Soft >= needed ? null
            : $"the open-file limit is {limit.Soft} (hard {Show(limit.Hard)}) and {connections} connections need about {needed}: raise it (ulimit -n {needed})";

        static string Show(long v) => v == long.MaxValue ? "unlimited" : v.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Open descriptors of this process and, of them, sockets.</summary>
    public static (int Fds, int Sockets) CountDescriptors(int? pid = null)
    {
        int fds = 0, sockets = 0;
        foreach (string fd in Directory.EnumerateFileSystemEntries(pid is { } p ? $"/proc/{p}/fd" : "/proc/self/fd"))
        {
            fds++;
            try
            {
                if (File.ResolveLinkTarget(fd, returnFinalTarget: false)?.FullName is { } target && target.Contains("socket:[", StringComparison.Ordinal))
                    sockets++;
            }
            catch (IOException)
            {
                // Closed while we looked (the enumeration's own descriptor, one being closed).
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return (fds, sockets);
    }

    /// <summary>
    /// Crawls <paramref name="connections"/> <c>/add</c> URLs of the slow server at <paramref name="server"/>, all at once,
    /// and reports what it cost this process. Throws a one-line <see cref="SpecException"/> when the open-file limit
    /// is too low, the count is out of range, or the server does not answer. With <paramref name="serverPid"/> (a
    /// server process on this machine) its sockets are counted before and after too.
    /// </summary>
    public static async Task<LimitsReport> RunAsync(Uri server, int connections, int holdMs = 10_000, int timeoutMs = 120_000, int? serverPid = null,
        CancellationToken cancellation = default)
    {
        if (connections is < 1 or > MaxConnections)
            throw new SpecException($"--limits takes 1 to {MaxConnections} connections (got {connections})");
        if (holdMs is < 0 or > Serve.SlowServerOptions.MaxDelayMs)
            throw new SpecException($"the hold takes 0 to {Serve.SlowServerOptions.MaxDelayMs} ms (got {holdMs})");
        if (WhyNot(connections) is { } why)
            throw new SpecException(why);
        (long soft, long hard) = FdLimit()!.Value;
        // A first request starts the runtime's socket engine (its epoll and pipe stay open), so that "before" counts them.
        CrawlInput.Probe(server);
        var urls = new Uri[connections];
        for (int i = 0; i < urls.Length; i++)
            urls[i] = new Uri(server, $"/add?name=c{i}&delay={holdMs}&gather={connections}");
        var problem = new CrawlProblem(urls, new CrawlOptions(TimeoutMs: timeoutMs, Retries: 0), null);

        Settle();
        (int fdsBefore, int socketsBefore) = CountDescriptors();
        int? serverBefore = serverPid is { } sp ? CountDescriptors(sp).Sockets : null;
        long before = WorkingSet();
        bool exact = ResetPeak();
        long sampledPeak = before;
        int peakSockets = socketsBefore;
        using var stop = new CancellationTokenSource();
        Task sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                sampledPeak = Math.Max(sampledPeak, WorkingSet());
                peakSockets = Math.Max(peakSockets, CountDescriptors().Sockets);
                try
                {
                    await Task.Delay(100, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }, CancellationToken.None);
        CrawlResult result;
        try
        {
            result = await new CrawlWorkers().RunAsync(problem, new RunContext(Environment.ProcessorCount) { Concurrency = connections }, cancellation)
                .ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
        }
        long peak = Math.Max(sampledPeak, exact ? HighWaterMark() ?? 0 : 0);
        long? serverPeak = null;
        try
        {
            serverPeak = CrawlInput.Probe(server).GetProperty("peak_in_flight").GetInt64();
        }
        catch (SpecException)
        {
        }
        // The client is disposed with the rung's stage; its sockets close as their handles are released.
        (int fdsAfter, int socketsAfter) = CountDescriptors();
        int? serverAfter = serverPid is { } p ? CountDescriptors(p).Sockets : null;
        for (var clock = Stopwatch.StartNew(); (socketsAfter > socketsBefore || serverAfter > serverBefore) && clock.Elapsed < TimeSpan.FromSeconds(10);)
        {
            Settle();
            await Task.Delay(100, cancellation).ConfigureAwait(false);
            (fdsAfter, socketsAfter) = CountDescriptors();
            serverAfter = serverPid is { } q ? CountDescriptors(q).Sockets : null;
        }
        var summary = CrawlSummary.Of(result, connections, null);
        return new LimitsReport(connections, summary.Completed, summary.FailedBy, result.Seconds, serverPeak, peakSockets,
            fdsBefore, fdsAfter, socketsBefore, socketsAfter, before, peak, exact, soft, hard, serverBefore, serverAfter);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static long WorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    /// <summary>Resets the kernel's high-water mark of resident memory (<c>echo 5 &gt; /proc/self/clear_refs</c>); false where not allowed.</summary>
    private static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return HighWaterMark() is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>VmHWM of <c>/proc/self/status</c>, in bytes.</summary>
    private static long? HighWaterMark()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                string[] f = line[6..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(f[0], CultureInfo.InvariantCulture) * 1024;
            }
        }
        return null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    private const int RlimitNoFile = 7; // RLIMIT_NOFILE on Linux

#pragma warning disable SYSLIB1054 // two blittable calls, once: no marshalling to generate
    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, in RLimit limit);
#pragma warning restore SYSLIB1054

    /// <summary>Raises the soft open-file limit to <paramref name="needed"/> (never above the hard one). The runtime
    /// usually starts with the soft limit raised to the hard one already; this covers a host that lowered it.</summary>
    private static void TryRaiseSoftLimit(long needed)
    {
        try
        {
            if (getrlimit(RlimitNoFile, out RLimit limit) == 0 && limit.Current < (ulong)needed)
                setrlimit(RlimitNoFile, new RLimit { Current = Math.Min((ulong)needed, limit.Maximum), Maximum = limit.Maximum });
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }
}
