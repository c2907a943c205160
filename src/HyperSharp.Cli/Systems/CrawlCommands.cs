using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.IO;
using HyperSharp.Ladder;
using HyperSharp.Net;
using HyperSharp.Net.Crawl;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper crawl</c>: any rung of the crawl ladder over a URL file or a slow server's URLs, with a summary and a timeline.</summary>
internal sealed class CrawlCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Crawl;

    public Command? Tools()
    {
        var urls = new Option<string?>("--urls") { Description = "File of URLs, one a line (# starts a comment)." };
        var server = new Option<string?>("--server") { Description = "Base URL of a `hyper serve slow` server, e.g. http://127.0.0.1:8080." };
        var count = new Option<string?>("--count") { Description = "Requests to the server's /add (with --server)." };
        var delay = new Option<string>("--delay-ms") { Description = "Delay each /add asks of the server (with --server).", DefaultValueFactory = _ => "100" };
        var concurrency = new Option<string>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => "10" };
        var rung = new Option<string>("--rung") { Description = "Rung to crawl with (serial, threads, async, channels, workers).", DefaultValueFactory = _ => "async" };
        var timeout = new Option<string>("--timeout") { Description = "Timeout of each attempt, headers and body (10s, 250ms).", DefaultValueFactory = _ => "10s" };
        var retries = new Option<string>("--retries") { Description = "Retries after a transient failure (5xx, 408, 429, reset, timeout), with jittered exponential backoff.", DefaultValueFactory = _ => "2" };
        var maxBody = new Option<string>("--max-body") { Description = "Largest body taken, in bytes (a longer one fails as too_large).", DefaultValueFactory = _ => "1048576" };
        var maxRedirects = new Option<string>("--max-redirects") { Description = "Redirects followed (one more fails as redirects).", DefaultValueFactory = _ => "5" };
        Option<bool> json = CommonOptions.Json();
        var timeline = new Option<string?>("--timeline") { Description = "Write a self-contained HTML page drawing every request from its start to its end." };
        var limits = new Option<string?>("--limits") { Description = "The limits test instead of a crawl: N requests all in flight at once (a slow server of its own, in a child process, unless --server), reporting the peak working set and the open descriptors and sockets before and after." };
        var hold = new Option<string>("--hold") { Description = "With --limits: the server holds each answer until all N are in flight, at most this long.", DefaultValueFactory = _ => "10s" };
        var crawl = new Command("crawl", "Fetch every URL with bounded concurrency, timeouts and retries; print completed, failed by reason, requests/s, latency percentiles and the ideal time N·D/C.")
        {
            urls, server, count, delay, concurrency, rung, timeout, retries, maxBody, maxRedirects, json, timeline, limits, hold,
        };
        crawl.SetAction(p => Guard.Run(() =>
        {
            string? urlFile = p.GetValue(urls), serverText = p.GetValue(server);
            if (p.GetValue(limits) is { } limitCount)
            {
                if (urlFile is not null || p.GetValue(count) is not null || p.GetValue(timeline) is not null)
                    throw new SpecException("--limits makes its own requests: it takes no --urls, --count or --timeline");
                return Limits(CrawlInput.Whole(limitCount, "--limits", 1, ConnectionLimits.MaxConnections), serverText,
                    CrawlInput.Milliseconds(p.GetValue(hold)!, "--hold"), CrawlInput.Milliseconds(p.GetValue(timeout)!, "--timeout"), p.GetValue(json));
            }
            if ((urlFile is null) == (serverText is null))
                throw new SpecException("give either --urls FILE or --server URL --count N");
            int c = CrawlInput.Whole(p.GetValue(concurrency)!, "--concurrency", 1, CrawlInput.MaxConcurrency);
            var options = new CrawlOptions(
                CrawlInput.Milliseconds(p.GetValue(timeout)!, "--timeout"),
                CrawlInput.Whole(p.GetValue(retries)!, "--retries", 0, 10),
                CrawlInput.Whole(p.GetValue(maxBody)!, "--max-body", 0, int.MaxValue),
                CrawlInput.Whole(p.GetValue(maxRedirects)!, "--max-redirects", 0, 50));
            Rung<CrawlProblem, CrawlResult> chosen = Catalog.Crawl.Find(p.GetValue(rung)!);
            if (p.GetValue(timeline) is { } page)
                AtomicFile.CheckWritable(page);
            IReadOnlyList<Uri> list;
            int? delayMs = null;
            Uri? baseUrl = null;
            if (urlFile is not null)
            {
                list = CrawlInput.ReadUrls(urlFile);
            }
            else
            {
                baseUrl = CrawlInput.ParseUrl(serverText!, "--server");
                string n = p.GetValue(count) ?? throw new SpecException("--server needs --count N");
                delayMs = CrawlInput.Whole(p.GetValue(delay)!, "--delay-ms", int.MinValue, int.MaxValue);
                list = CrawlInput.ServerUrls(baseUrl, CrawlInput.Whole(n, "--count", 1, (int)CrawlLadder.MaxRequests), delayMs.Value);
                Stats(baseUrl, probe: true);
            }
            var problem = new CrawlProblem(list, options, delayMs);
            var context = new RunContext(Environment.ProcessorCount) { Concurrency = Math.Min(c, CrawlInput.MaxConcurrency) };
            CrawlResult result = chosen.Run(problem, context);
            if (urlFile is not null && CrawlInput.NothingAnswered(result))
                throw new SpecException($"no URL of '{urlFile}' could be reached (first: {list[0]}: {result.Records[0].Failure})");
            var summary = CrawlSummary.Of(result, chosen.Uses.HasFlag(RungResources.Concurrency) ? c : 1, delayMs);
            long? peak = baseUrl is null ? null : Stats(baseUrl, probe: false)?.GetProperty("peak_in_flight").GetInt64();
            if (p.GetValue(timeline) is { } path)
            {
                AtomicFile.WriteAllText(path, Timeline.Html($"crawl: {list.Count} requests, {chosen.Name}, concurrency {summary.Concurrency}",
                    [SummaryLine(summary)], CrawlInput.Bars(result)));
            }
            if (p.GetValue(json))
                Console.WriteLine(Json(summary, chosen.Name, peak));
            else
                Print(summary, chosen.Name, list.Count, peak);
            return 0;
        }));
        return crawl;
    }

    /// <summary>
    /// <c>--limits N</c>: N connections at once to a slow server (a child <c>hyper serve slow</c> unless one is given),
    /// the figures printed; exit 1 when a request failed or a socket was left open.
    /// </summary>
    private static int Limits(int connections, string? serverText, int holdMs, int timeoutMs, bool json)
    {
        if (ConnectionLimits.WhyNot(connections) is { } why)
            throw new SpecException(why);
        Uri? given = serverText is null ? null : CrawlInput.ParseUrl(serverText, "--server");
        using System.Diagnostics.Process? child = given is null ? StartServer() : null;
        try
        {
            Uri url = given ?? ChildUrl(child!);
            LimitsReport r = ConnectionLimits.RunAsync(url, connections, holdMs, Math.Max(timeoutMs, holdMs + 60_000), child?.Id).GetAwaiter().GetResult();
            Console.WriteLine(json ? LimitsJson(r) : LimitsText(r));
            bool serverClean = r.ServerSocketsBefore is not { } before || r.ServerSocketsAfter <= before;
            return r.Completed == r.Connections && r.LeakedSockets == 0 && serverClean ? 0 : 1;
        }
        finally
        {
            if (child is { HasExited: false })
            {
                child.Kill(entireProcessTree: true);
                child.WaitForExit(10_000);
            }
        }
    }

    /// <summary>A <c>hyper serve slow</c> child on a free loopback port (its own process: its sockets are not counted as ours).</summary>
    private static System.Diagnostics.Process StartServer()
    {
        IReadOnlyList<string> self = ChildProcess.Self();
        var info = new System.Diagnostics.ProcessStartInfo(self[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in self.Skip(1).Concat(["serve", "slow", "--port", "0", "--delay-ms", "0"]))
            info.ArgumentList.Add(a);
        System.Diagnostics.Process process = System.Diagnostics.Process.Start(info) ?? throw new SpecException("cannot start the slow server");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>The address the child prints first ("serving on URL …"), waited for at most a minute.</summary>
    private static Uri ChildUrl(System.Diagnostics.Process child)
    {
        Task<string?> line = child.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromMinutes(1)) || line.Result is not { } text || !text.StartsWith("serving on ", StringComparison.Ordinal))
            throw new SpecException("the slow server did not start (no \"serving on\" line within a minute)");
        return new Uri(text.Split(' ')[2]);
    }

    private static string LimitsText(LimitsReport r)
    {
        var i = CultureInfo.InvariantCulture;
        var b = new StringBuilder();
        b.AppendLine(string.Create(i, $"limits: {r.Connections} connections at once (open-file limit {r.FdSoftLimit})"));
        string reasons = r.FailedBy.Count == 0 ? "" : " (" + string.Join(", ", r.FailedBy.Select(kv => $"{kv.Key} {kv.Value}")) + ")";
        b.AppendLine(string.Create(i, $"  completed        {r.Completed}, failed {r.Connections - r.Completed}{reasons}, in {r.Seconds:F3} s"));
        b.AppendLine(string.Create(i, $"  in flight        server peak {r.ServerPeakInFlight?.ToString(i) ?? "?"}, our sockets peak {r.PeakSockets}"));
        b.AppendLine(string.Create(i, $"  working set      {Units.Bytes(r.WorkingSetBefore)} before, peak {Units.Bytes(r.PeakWorkingSet)}{(r.PeakIsExact ? "" : " (sampled)")}, {r.BytesPerConnection / 1024:F1} KiB per connection"));
        b.AppendLine(string.Create(i, $"  descriptors      {r.FdsBefore} before, {r.FdsAfter} after; sockets {r.SocketsBefore} before, {r.SocketsAfter} after"));
        if (r.ServerSocketsBefore is { } sb)
            b.AppendLine(string.Create(i, $"  server sockets   {sb} before, {r.ServerSocketsAfter} after"));
        b.Append(r.LeakedSockets == 0 ? "  no socket leaked" : string.Create(i, $"  {r.LeakedSockets} sockets left open"));
        return b.ToString();
    }

    private static string LimitsJson(LimitsReport r)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("connections", r.Connections);
            w.WriteNumber("completed", r.Completed);
            w.WriteNumber("failed", r.Connections - r.Completed);
            w.WriteStartObject("failed_by");
            foreach ((string reason, int n) in r.FailedBy)
                w.WriteNumber(reason, n);
            w.WriteEndObject();
            w.WriteNumber("seconds", Math.Round(r.Seconds, 6));
            if (r.ServerPeakInFlight is { } peak)
                w.WriteNumber("server_peak_in_flight", peak);
            else
                w.WriteNull("server_peak_in_flight");
            w.WriteNumber("peak_sockets", r.PeakSockets);
            w.WriteNumber("working_set_before_bytes", r.WorkingSetBefore);
            w.WriteNumber("peak_working_set_bytes", r.PeakWorkingSet);
            w.WriteBoolean("peak_is_exact", r.PeakIsExact);
            w.WriteNumber("fds_before", r.FdsBefore);
            w.WriteNumber("fds_after", r.FdsAfter);
            w.WriteNumber("sockets_before", r.SocketsBefore);
            w.WriteNumber("sockets_after", r.SocketsAfter);
            w.WriteNumber("leaked_sockets", r.LeakedSockets);
            if (r.ServerSocketsBefore is { } sb)
            {
                w.WriteNumber("server_sockets_before", sb);
                w.WriteNumber("server_sockets_after", r.ServerSocketsAfter ?? 0);
            }
            w.WriteNumber("fd_soft_limit", r.FdSoftLimit);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The server's /stats (probing: a one-line error when it does not answer; after the crawl: null then).</summary>
    private static JsonElement? Stats(Uri server, bool probe)
    {
        try
        {
            return CrawlInput.Probe(server);
        }
        catch (SpecException) when (!probe)
        {
            return null;
        }
    }

    private static string SummaryLine(CrawlSummary s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Completed} completed, {s.Failed} failed, {s.Retries} retries in {s.Seconds:F3} s ({s.RequestsPerSecond:F1} requests/s)")
        + (s.IdealSeconds is { } ideal ? string.Create(CultureInfo.InvariantCulture, $"; ideal {ideal:F3} s") : "")
        + string.Create(CultureInfo.InvariantCulture, $"; latency p50 {s.P50:F1} ms, p99 {s.P99:F1} ms, max {s.Max:F1} ms");

    private static void Print(CrawlSummary s, string rung, int urls, long? peak)
    {
        var i = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(i, $"crawl: {urls} URLs, rung {rung}, concurrency {s.Concurrency}"));
        Console.WriteLine(string.Create(i, $"  completed    {s.Completed}"));
        string reasons = s.FailedBy.Count == 0 ? "" : " (" + string.Join(", ", s.FailedBy.Select(kv => $"{kv.Key} {kv.Value}")) + ")";
        Console.WriteLine(string.Create(i, $"  failed       {s.Failed}{reasons}"));
        Console.WriteLine(string.Create(i, $"  retries      {s.Retries}"));
        string ideal = s.IdealSeconds is { } d ? string.Create(i, $" (ideal N·D/C {d:F3} s, {(s.Seconds / d - 1) * 100:+0.0;-0.0} %)") : "";
        Console.WriteLine(string.Create(i, $"  seconds      {s.Seconds:F3}{ideal}"));
        Console.WriteLine(string.Create(i, $"  requests/s   {s.RequestsPerSecond:F1}"));
        Console.WriteLine(string.Create(i, $"  latency ms   p50 {s.P50:F1}  p90 {s.P90:F1}  p99 {s.P99:F1}  max {s.Max:F1}"));
        if (peak is { } pk)
            Console.WriteLine(string.Create(i, $"  server peak  {pk} in flight"));
    }

    private static string Json(CrawlSummary s, string rung, long? peak)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("rung", rung);
            w.WriteNumber("concurrency", s.Concurrency);
            w.WriteNumber("completed", s.Completed);
            w.WriteNumber("failed", s.Failed);
            w.WriteStartObject("failed_by");
            foreach ((string reason, int n) in s.FailedBy)
                w.WriteNumber(reason, n);
            w.WriteEndObject();
            w.WriteNumber("retries", s.Retries);
            w.WriteNumber("seconds", Math.Round(s.Seconds, 6));
            w.WriteNumber("requests_per_second", Math.Round(s.RequestsPerSecond, 3));
            if (s.IdealSeconds is { } ideal)
                w.WriteNumber("ideal_seconds", Math.Round(ideal, 6));
            else
                w.WriteNull("ideal_seconds");
            w.WriteStartObject("latency_ms");
            w.WriteNumber("p50", Math.Round(s.P50, 3));
            w.WriteNumber("p90", Math.Round(s.P90, 3));
            w.WriteNumber("p99", Math.Round(s.P99, 3));
            w.WriteNumber("max", Math.Round(s.Max, 3));
            w.WriteEndObject();
            if (peak is { } pk)
                w.WriteNumber("server_peak_in_flight", pk);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
