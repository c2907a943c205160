using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Net.Crawl;

/// <summary>What <c>hyper crawl</c> is given, checked before anything is fetched: every fault a one-line <see cref="SpecException"/>.</summary>
public static class CrawlInput
{
    /// <summary>The most requests in flight <c>hyper crawl</c> takes (the 10,000-connection test needs more than the harness's 4,096).</summary>
    public const int MaxConcurrency = 20_000;

    /// <summary>The URLs of a file, one a line; blank lines and lines starting with <c>#</c> are skipped.</summary>
    public static IReadOnlyList<Uri> ReadUrls(string path)
    {
        if (!File.Exists(path))
            throw new SpecException($"--urls: no such file '{path}'");
        var urls = new List<Uri>();
        int line = 0;
        foreach (string raw in File.ReadLines(path))
        {
            line++;
            string text = raw.Trim();
            if (text.Length == 0 || text[0] == '#')
                continue;
            urls.Add(ParseUrl(text, $"{path}:{line}"));
            if (urls.Count > CrawlLadder.MaxRequests)
                throw new SpecException($"--urls: more than {CrawlLadder.MaxRequests} URLs in '{path}'");
        }
        return urls.Count > 0 ? urls : throw new SpecException($"--urls: no URL in '{path}'");
    }

    /// <summary>An absolute http or https URL, or an error naming <paramref name="where"/>.</summary>
    public static Uri ParseUrl(string text, string where) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && url.Host.Length > 0
            ? url
            : throw new SpecException($"{where}: not an http(s) URL: '{(text.Length > 80 ? text[..80] + "…" : text)}'");

    /// <summary>The <c>/add</c> URLs of <paramref name="count"/> requests to a slow server at <paramref name="server"/>.</summary>
    public static IReadOnlyList<Uri> ServerUrls(Uri server, long count, int delayMs)
    {
        if (count is < 1 or > CrawlLadder.MaxRequests)
            throw new SpecException($"--count takes 1 to {CrawlLadder.MaxRequests} (got {count})");
        CheckDelay(delayMs);
        var urls = new Uri[count];
        for (int i = 0; i < urls.Length; i++)
            urls[i] = new Uri(server, $"/add?name=r{i}&delay={delayMs}");
        return urls;
    }

    /// <summary>Throws a one-line <see cref="SpecException"/> unless <paramref name="server"/> answers <c>/stats</c> within 5 s.</summary>
    public static System.Text.Json.JsonElement Probe(Uri server)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            string text = client.GetStringAsync(new Uri(server, "/stats")).GetAwaiter().GetResult();
            return System.Text.Json.JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            throw new SpecException($"cannot reach the server at {server}: {ex.Message}");
        }
    }

    /// <summary>A delay the server takes.</summary>
    public static void CheckDelay(int delayMs)
    {
        if (delayMs is < 0 or > Serve.SlowServerOptions.MaxDelayMs)
            throw new SpecException($"--delay-ms takes 0 to {Serve.SlowServerOptions.MaxDelayMs} (got {delayMs})");
    }

    /// <summary>A whole number in a range, in the user's words.</summary>
    public static int Whole(string text, string option, int min, int max) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min && v <= max
            ? v
            : throw new SpecException($"{option} takes a whole number from {min} to {max} (got '{text}')");

    /// <summary>A duration: seconds (<c>10</c>, <c>2.5</c>, <c>10s</c>) or milliseconds (<c>250ms</c>), from 1 ms to 10 minutes.</summary>
    public static int Milliseconds(string text, string option)
    {
        string t = text.Trim();
        double scale = 1000;
        if (t.EndsWith("ms", StringComparison.OrdinalIgnoreCase))
            (t, scale) = (t[..^2], 1);
        else if (t.EndsWith('s'))
            t = t[..^1];
        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v * scale is >= 1 and <= 600_000
            ? (int)Math.Round(v * scale)
            : throw new SpecException($"{option} takes a duration from 1ms to 600s, e.g. 10s or 250ms (got '{text}')");
    }

    /// <summary>Whether every failure of <paramref name="result"/> is that nothing answered (refused, no such host, no connection).</summary>
    public static bool NothingAnswered(CrawlResult result) =>
        result.Records.Length > 0 && result.Records.All(r => r.Failure is "refused" or "dns" or "connect");

    /// <summary>The timeline of a crawl: a bar per URL, in URL order.</summary>
    public static IReadOnlyList<TimelineBar> Bars(CrawlResult result)
    {
        double tick = 1000.0 / System.Diagnostics.Stopwatch.Frequency;
        return result.Records.Select(r => new TimelineBar(r.Index, r.Start * tick, r.End * tick, r.Completed ? "ok" : "failed",
            $"#{r.Index}: {(r.Completed ? $"{r.Status}, {r.Bytes} B" : r.Failure)}, {r.Milliseconds:F1} ms, {r.Attempts} attempt(s)")).ToArray();
    }
}
