using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reactive.Subjects;
using System.Text.Json;
using HyperSharp.Net.Monitor;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Crawl;

/// <summary>A test that needs Chromium on PATH (to run the page's script); skipped, saying so, without it.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>The browser found on PATH, or null.</summary>
    public static string? Browser { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
        .SelectMany(dir => new[] { "chromium", "chromium-browser", "google-chrome" }.Select(name => Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);

    public ChromiumFactAttribute()
    {
        if (Browser is null)
            Skip = "chromium is not installed here (apt-get install chromium): the page's script cannot be run";
    }
}

/// <summary>
/// <c>hyper monitor --html</c>: the real program serves its page and streams readings as server-sent events to
/// several clients, then ends by itself after <c>--count</c> (or at SIGTERM), ending the streams; in process, the
/// server unsubscribes a client that leaves; bad input is one line and exit 2. Every wait is bounded.
/// </summary>
[Collection("Net")]
public sealed class MonitorHtmlTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(90);

    /// <summary>One server-sent event: its <c>event:</c> (null for a plain message) and its <c>data:</c>.</summary>
    private sealed record Sse(string? Event, string Data);

    /// <summary>Reads events from <paramref name="reader"/> until <paramref name="enough"/> says so or the stream ends.</summary>
    private static async Task<List<Sse>> ReadEvents(StreamReader reader, Func<List<Sse>, bool> enough, CancellationToken cancellation)
    {
        var events = new List<Sse>();
        string? name = null, data = null;
        while (!enough(events) && await reader.ReadLineAsync(cancellation) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                    events.Add(new Sse(name, data));
                (name, data) = (null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
                name = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line[6..];
        }
        return events;
    }

    private static async Task<StreamReader> OpenEvents(HttpClient client, Uri events, CancellationToken cancellation)
    {
        HttpResponseMessage response = await client.GetAsync(events, HttpCompletionOption.ResponseHeadersRead, cancellation);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new StreamReader(await response.Content.ReadAsStreamAsync(cancellation));
    }

    /// <summary>Asserts that <paramref name="data"/> is a reading as <c>--json</c> prints it.</summary>
    private static void AssertReading(string data)
    {
        using JsonDocument doc = JsonDocument.Parse(data);
        JsonElement r = doc.RootElement;
        Assert.True(DateTimeOffset.TryParse(r.GetProperty("time").GetString(), CultureInfo.InvariantCulture, out _), data);
        Assert.InRange(r.GetProperty("cpu").GetDouble(), 0, 100);
        Assert.True(r.GetProperty("cores").GetArrayLength() >= 1, data);
        Assert.InRange(r.GetProperty("mem").GetDouble(), 0, 100);
    }

    /// <summary>Reads the child's stderr up to its <c>serving URL</c> line and returns the URL.</summary>
    private static async Task<Uri> ServingAddress(Process process, CancellationToken cancellation)
    {
        while (await process.StandardError.ReadLineAsync(cancellation) is { } line)
            if (line.StartsWith("serving http://127.0.0.1:", StringComparison.Ordinal))
            {
                Assert.EndsWith("/ (Ctrl+C to stop)", line);
                return new Uri(line.Split(' ')[1]);
            }
        throw new InvalidOperationException($"hyper monitor --html ended (exit {process.ExitCode}) without printing its address");
    }

    [Fact]
    public async Task Html_ServesThePage_StreamsReadingsToTwoClients_AndEndsAfterCount()
    {
        using var limit = new CancellationTokenSource(s_limit);
        using Process process = Hyper.Start("monitor", "--html", "--port", "0", "--interval", "50ms", "--count", "40", "--alert", "cpu>-1 for 2");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        try
        {
            Uri url = await ServingAddress(process, limit.Token);
            using var client = new HttpClient { Timeout = s_limit };
            using HttpResponseMessage page = await client.GetAsync(url, limit.Token);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            string html = await page.Content.ReadAsStringAsync(limit.Token);
            Assert.Contains("<canvas", html);
            Assert.Contains("new EventSource(\"/events\")", html);
            Assert.Contains("\"rules\":[\"cpu\\u003E-1 for 2\"]", html);

            // Two clients at once; each reads its stream to the end, which comes when the 40 readings are done.
            Uri events = new(url, "/events");
            using StreamReader a = await OpenEvents(client, events, limit.Token);
            using StreamReader b = await OpenEvents(client, events, limit.Token);
            List<Sse>[] streams = await Task.WhenAll(
                ReadEvents(a, e => e.Count > 0 && e[^1].Event == "end", limit.Token),
                ReadEvents(b, e => e.Count > 0 && e[^1].Event == "end", limit.Token));
            foreach (List<Sse> stream in streams)
            {
                List<string> readings = stream.Where(e => e.Event is null).Select(e => e.Data).ToList();
                Assert.True(readings.Count >= 3, $"{readings.Count} readings");
                Assert.True(readings.Count <= 40, $"{readings.Count} readings");
                readings.ForEach(AssertReading);
                Sse alert = Assert.Single(stream, e => e.Event == "alert");
                Assert.Contains("\"alert\":\"cpu>-1 for 2\",\"state\":\"firing\"", alert.Data);
                Assert.Equal("end", stream[^1].Event);
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the monitor did not end after --count");
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await stdout);
            string stderr = await process.StandardError.ReadToEndAsync(limit.Token);
            Assert.Contains("stopped: 2 event streams served", stderr);
            Assert.Contains("monitor: 40 readings", stderr);
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(true);
        }
    }

    [Fact]
    public async Task Html_Sigterm_EndsTheOpenStreams_AndStopsCleanly()
    {
        using var limit = new CancellationTokenSource(s_limit);
        using Process process = Hyper.Start("monitor", "--html", "--interval", "50ms");
        try
        {
            Uri url = await ServingAddress(process, limit.Token);
            using var client = new HttpClient { Timeout = s_limit };
            using StreamReader events = await OpenEvents(client, new Uri(url, "/events"), limit.Token);
            AssertReading((await ReadEvents(events, e => e.Count > 0, limit.Token))[0].Data);
            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync(limit.Token);
            List<Sse> rest = await ReadEvents(events, _ => false, limit.Token);
            Assert.Equal("end", rest[^1].Event);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the monitor did not stop on SIGTERM");
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("stopped: 1 event streams served", await process.StandardError.ReadToEndAsync(limit.Token));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(true);
        }
    }

    /// <summary>Polls <paramref name="condition"/> every 20 ms for up to 10 s.</summary>
    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
            if (condition())
                return true;
        return condition();
    }

    [Fact]
    public async Task Server_SendsEachClientTheSameJson_AndUnsubscribesAClientThatLeaves()
    {
        using var limit = new CancellationTokenSource(s_limit);
        using var readings = new Subject<Reading>();
        using var alerts = new Subject<AlertEvent>();
        AlertRule rule = AlertRule.Parse("cpu>50 for 1");
        await using MonitorServer server = await MonitorServer.StartAsync(readings, alerts,
            new MonitorServerOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), [rule]), limit.Token);
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        using var client = new HttpClient { Timeout = s_limit };
        Uri events = new(server.BaseAddress, "/events");

        StreamReader a = await OpenEvents(client, events, limit.Token);
        using StreamReader b = await OpenEvents(client, events, limit.Token);
        Assert.True(await Eventually(() => server.Clients == 2), $"{server.Clients} clients subscribed");
        var reading = new Reading(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 75.5, [70, 81], 40.25);
        readings.OnNext(reading);
        alerts.OnNext(new AlertEvent(rule, true, reading));
        foreach (StreamReader r in new[] { a, b })
            Assert.Equal([new Sse(null, MonitorJson.Reading(reading)), new Sse("alert", MonitorJson.Alert(new AlertEvent(rule, true, reading)))],
                await ReadEvents(r, e => e.Count == 2, limit.Token));

        // One leaves: its subscriptions go, the other's stay.
        a.Dispose();
        Assert.True(await Eventually(() => server.Clients == 1), $"{server.Clients} clients after one left");
        Assert.True(readings.HasObservers && alerts.HasObservers);

        // The readings end: the other's stream ends, and nothing is left subscribed.
        readings.OnCompleted();
        alerts.OnCompleted();
        Assert.Equal([new Sse("end", "{}")], await ReadEvents(b, _ => false, limit.Token));
        Assert.True(await Eventually(() => server.Clients == 0 && !readings.HasObservers && !alerts.HasObservers), "still subscribed");
        Assert.Equal(2, server.ClientsServed);
    }

    [Fact]
    public void Page_IsSelfContained_WithItsSettingsEscapedForAScript()
    {
        string page = MonitorServer.Page(new MonitorServerOptions(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60),
            [AlertRule.Parse("cpu<5 for 2"), AlertRule.Parse("cpu<5 for 2")]));
        Assert.DoesNotContain("http://", page);
        Assert.DoesNotContain("https://", page);
        Assert.DoesNotContain(" src=", page);
        Assert.DoesNotContain("cpu<5", page); // a rule can never close the script it sits in
        Assert.Contains("{\"intervalMs\":100,\"windowMs\":60000,\"keep\":600,\"rules\":[\"cpu\\u003C5 for 2\"]}", page);
    }

    [ChromiumFact]
    public async Task Page_InHeadlessChromium_DrawsTheReadingsAndShowsTheAlert()
    {
        using var limit = new CancellationTokenSource(s_limit);
        // 10 s of readings: Chromium takes seconds to start here, and holds its virtual time while the stream is open,
        // so its DOM is dumped once the monitor ends the stream.
        using Process monitor = Hyper.Start("monitor", "--html", "--interval", "50ms", "--count", "200", "--alert", "cpu>-1 for 2");
        string profile = Directory.CreateTempSubdirectory("hyper-chromium-").FullName;
        try
        {
            Uri url = await ServingAddress(monitor, limit.Token);
            var info = new ProcessStartInfo(ChromiumFactAttribute.Browser!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { "--headless", "--disable-gpu", "--no-sandbox", $"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", url.ToString() })
                info.ArgumentList.Add(a);
            using Process browser = Process.Start(info)!;
            try
            {
                Task<string> stderr = browser.StandardError.ReadToEndAsync(limit.Token);
                string dom = await browser.StandardOutput.ReadToEndAsync(limit.Token);
                await browser.WaitForExitAsync(limit.Token);
                System.Text.RegularExpressions.Match drawn = System.Text.RegularExpressions.Regex.Match(dom, "data-drawn=\"([0-9]+)\"");
                Assert.True(drawn.Success, $"no data-drawn in the DOM: {dom[..Math.Min(dom.Length, 500)]} {await stderr}");
                Assert.InRange(int.Parse(drawn.Groups[1].Value, CultureInfo.InvariantCulture), 3, 200);
                Assert.Contains("<li class=\"firing\">ALERT cpu&gt;-1 for 2</li>", dom);
            }
            finally
            {
                if (!browser.HasExited)
                    browser.Kill(true);
            }
            Assert.True(monitor.WaitForExit(TimeSpan.FromSeconds(60)), "the monitor did not end after --count");
            Assert.Equal(0, monitor.ExitCode);
        }
        finally
        {
            if (!monitor.HasExited)
                monitor.Kill(true);
            Directory.Delete(profile, recursive: true);
        }
    }

    [Fact]
    public void Html_BadInput_OneLineExit2()
    {
        Hyper.AssertBadInput("monitor", "--port", "8080");
        Hyper.AssertBadInput("monitor", "--host", "127.0.0.1", "--count", "1");
        Hyper.AssertBadInput("monitor", "--html", "--port", "70000");
        Hyper.AssertBadInput("monitor", "--html", "--port", "http");
        Hyper.AssertBadInput("monitor", "--html", "--host", "localhost.invalid");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        string port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        Assert.Contains("cannot listen on 127.0.0.1:" + port, Hyper.AssertBadInput("monitor", "--html", "--port", port, "--count", "1"));
    }
}
