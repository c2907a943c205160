using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using HyperSharp.Net.Serve;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Crawl;

/// <summary><c>hyper crawl</c> and <c>hyper serve slow</c> as a user runs them, against a server the test starts on a free loopback port.</summary>
[Collection("Net")]
public sealed class CrawlCliTests
{
    [Fact]
    public async Task Crawl_Json_HasTheIssuesFields_AndTheTimelineDrawsEveryRequest()
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 5));
        using var dir = new TempDirectory();
        string page = Path.Combine(dir.Path, "timeline.html");
        Hyper.Outcome o = Hyper.Run("crawl", "--server", server.BaseAddress.ToString(), "--count", "30", "--delay-ms", "5",
            "--concurrency", "4", "--json", "--timeline", page);
        Assert.True(o.ExitCode == 0, o.Stderr);
        JsonElement j = JsonDocument.Parse(Assert.Single(o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).RootElement;
        Assert.Equal(30, j.GetProperty("completed").GetInt32());
        Assert.Equal(0, j.GetProperty("failed").GetInt32());
        Assert.True(j.GetProperty("seconds").GetDouble() > 0);
        Assert.True(j.GetProperty("requests_per_second").GetDouble() > 0);
        Assert.Equal(30 * 5 / 1000.0 / 4, j.GetProperty("ideal_seconds").GetDouble(), 9);
        JsonElement latency = j.GetProperty("latency_ms");
        double p50 = latency.GetProperty("p50").GetDouble(), p90 = latency.GetProperty("p90").GetDouble(),
            p99 = latency.GetProperty("p99").GetDouble(), max = latency.GetProperty("max").GetDouble();
        Assert.True(p50 <= p90 && p90 <= p99 && p99 <= max, $"{p50} {p90} {p99} {max}");
        Assert.True(j.GetProperty("server_peak_in_flight").GetInt64() is >= 1 and <= 4);

        string html = File.ReadAllText(page);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http", html[..html.IndexOf("<svg", StringComparison.Ordinal)].Replace("xmlns=\"http://www.w3.org/2000/svg\"", ""));
        int start = html.IndexOf("<svg", StringComparison.Ordinal), end = html.IndexOf("</svg>", StringComparison.Ordinal) + 6;
        XElement svg = XElement.Parse(html[start..end]);
        Assert.Equal(30, svg.Elements().Count(e => e.Name.LocalName == "rect"));
    }

    [Fact]
    public async Task Crawl_Text_PrintsTheSummary()
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0));
        using var dir = new TempDirectory();
        string list = Path.Combine(dir.Path, "urls.txt");
        File.WriteAllLines(list, ["# two good, one 503", server.Add("a", 0).ToString(), "", server.Add("b", 0).ToString(), new Uri(server.BaseAddress, "/add?name=c&fail=9").ToString()]);
        Hyper.Outcome o = Hyper.Run("crawl", "--urls", list, "--retries", "1", "--rung", "channels");
        Assert.True(o.ExitCode == 0, o.Stderr);
        Assert.Contains("completed    2", o.Stdout);
        Assert.Contains("failed       1 (http_503 1)", o.Stdout);
        Assert.Contains("retries      1", o.Stdout);
        Assert.Contains("latency ms   p50", o.Stdout);
    }

    [Fact]
    public async Task Crawl_BadInput_OneLineExit2()
    {
        await using SlowServer server = await SlowServer.StartAsync(new SlowServerOptions(DelayMs: 0));
        string s = server.BaseAddress.ToString();
        using var dir = new TempDirectory();
        string bad = Path.Combine(dir.Path, "bad.txt"), empty = Path.Combine(dir.Path, "empty.txt"), dead = Path.Combine(dir.Path, "dead.txt");
        File.WriteAllLines(bad, [server.Add("a", 0).ToString(), "not a url"]);
        File.WriteAllLines(empty, ["# nothing"]);
        File.WriteAllLines(dead, ["http://127.0.0.1:1/"]);
        Assert.Contains("bad.txt:2", Hyper.AssertBadInput("crawl", "--urls", bad));
        Hyper.AssertBadInput("crawl", "--urls", empty);
        Hyper.AssertBadInput("crawl", "--urls", Path.Combine(dir.Path, "missing.txt"));
        Hyper.AssertBadInput("crawl", "--urls", dead);
        Hyper.AssertBadInput("crawl", "--server", "http://127.0.0.1:1/", "--count", "3");
        Hyper.AssertBadInput("crawl", "--server", s, "--count", "3", "--concurrency", "0");
        Hyper.AssertBadInput("crawl", "--server", s, "--count", "0");
        Hyper.AssertBadInput("crawl", "--server", s, "--count", "3", "--delay-ms", "-1");
        Hyper.AssertBadInput("crawl", "--server", s, "--count", "3", "--timeout", "soon");
        Hyper.AssertBadInput("crawl", "--server", s, "--count", "3", "--rung", "nosuch");
        Hyper.AssertBadInput("crawl", "--server", s);
        Hyper.AssertBadInput("crawl", "--count", "3");
        Hyper.AssertBadInput("serve", "slow", "--delay-ms", "-5");
        Hyper.AssertBadInput("serve", "slow", "--fail-rate", "2");
        Hyper.AssertBadInput("serve", "slow", "--port", "70000");
    }

    [Fact]
    public async Task Serve_StopsCleanly_OnSigterm()
    {
        var info = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { Path.Combine(AppContext.BaseDirectory, "hyper.dll"), "serve", "slow", "--port", "0", "--delay-ms", "0" })
            info.ArgumentList.Add(a);
        using Process process = Process.Start(info)!;
        try
        {
            string line = process.StandardOutput.ReadLine() ?? "";
            Assert.StartsWith("serving on http://127.0.0.1:", line);
            var url = new Uri(line.Split(' ')[2]);
            using var client = new HttpClient();
            Assert.Equal("hi", await client.GetStringAsync(new Uri(url, "/add?name=hi&delay=0")));
            using (Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                kill.WaitForExit();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the server did not stop on SIGTERM");
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("stopped: ", await process.StandardError.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(true);
        }
    }
}
