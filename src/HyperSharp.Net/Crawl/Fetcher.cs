using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using HyperSharp.Net.Serve;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace HyperSharp.Net.Crawl;

/// <summary>How each URL is fetched: the same for every rung, so that rungs differ only in how they overlap requests.</summary>
/// <param name="TimeoutMs">Per attempt, headers and body together (a stalled body times out).</param>
/// <param name="Retries">Attempts after the first, for transient failures (5xx, 408, 429, resets, timeouts).</param>
/// <param name="MaxBodyBytes">A longer body fails the URL as <c>too_large</c> (not retried).</param>
/// <param name="MaxRedirects">Redirects followed; one more fails the URL as <c>redirects</c>.</param>
/// <param name="BackoffMs">First retry's median delay; each next one doubles, with jitter.</param>
public sealed record CrawlOptions(int TimeoutMs = 10_000, int Retries = 2, long MaxBodyBytes = 1 << 20, int MaxRedirects = 5, int BackoffMs = 20);

/// <summary>One URL's fetch: when it started and ended (Stopwatch ticks from the crawl's start), its answer or why it failed.</summary>
public readonly record struct FetchRecord(int Index, long Start, long End, int Status, int Attempts, string? Failure, long Bytes, byte[]? Digest)
{
    /// <summary>Whether it answered 2xx with a body within the limit.</summary>
    public bool Completed => Failure is null;

    /// <summary>From start to end, retries included, in milliseconds.</summary>
    public double Milliseconds => (End - Start) * 1000.0 / Stopwatch.Frequency;
}

/// <summary>
/// Fetches URLs through one <see cref="HttpClient"/> (a <see cref="SocketsHttpHandler"/> sized to the concurrency)
/// and a Polly pipeline from Microsoft.Extensions.Http.Resilience: retries with jittered exponential backoff on the
/// package's transient outcomes, inside them a timeout per attempt. The body is read inside the attempt, hashed as it
/// comes and cut off at the size limit, so a stalled or reset body is retried like a failed request.
/// </summary>
public sealed class Fetcher : IDisposable
{
    private readonly HttpClient _client;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly CrawlOptions _options;

    /// <summary>A fetcher keeping up to <paramref name="connections"/> connections per server.</summary>
    public Fetcher(CrawlOptions options, int connections)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = options.MaxRedirects > 0,
            MaxAutomaticRedirections = Math.Max(1, options.MaxRedirects),
            MaxConnectionsPerServer = Math.Max(1, connections),
            ConnectTimeout = TimeSpan.FromMilliseconds(options.TimeoutMs),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.Retries > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.BackoffMs)),
                MaxDelay = TimeSpan.FromSeconds(5),
                // A crawler of many URLs has no use for Retry-After's pauses: the backoff bounds the wait.
                ShouldRetryAfterHeader = false,
            });
        }
        builder.AddTimeout(TimeSpan.FromMilliseconds(options.TimeoutMs));
        _pipeline = builder.Build();
    }

    /// <summary>Fetches <paramref name="url"/> asynchronously; <paramref name="origin"/> is the crawl's start (Stopwatch).</summary>
    public async Task<FetchRecord> FetchAsync(int index, Uri url, long origin, CancellationToken cancellation)
    {
        var attempt = new Attempt(this, url);
        long start = Stopwatch.GetTimestamp();
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellation);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = await _pipeline.ExecuteOutcomeAsync(static async (ctx, a) =>
            {
                try
                {
                    return Outcome.FromResult(await a.RunAsync(ctx.CancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    return Outcome.FromException<HttpResponseMessage>(ex);
                }
            }, context, attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        return attempt.Record(index, start - origin, Stopwatch.GetTimestamp() - origin, outcome, cancellation);
    }

    /// <summary>Fetches <paramref name="url"/>, blocking the calling thread (the threads and serial rungs).</summary>
    public FetchRecord Fetch(int index, Uri url, long origin, CancellationToken cancellation)
    {
        var attempt = new Attempt(this, url);
        long start = Stopwatch.GetTimestamp();
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellation);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            outcome = _pipeline.ExecuteOutcomeAsync(static (ctx, a) =>
            {
                try
                {
                    return ValueTask.FromResult(Outcome.FromResult(a.Run(ctx.CancellationToken)));
                }
                catch (Exception ex)
                {
                    return ValueTask.FromResult(Outcome.FromException<HttpResponseMessage>(ex));
                }
            }, context, attempt).AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        return attempt.Record(index, start - origin, Stopwatch.GetTimestamp() - origin, outcome, cancellation);
    }

    /// <inheritdoc/>
    public void Dispose() => _client.Dispose();

    /// <summary>A body longer than the limit: not transient, so not retried.</summary>
    private sealed class BodyTooLargeException() : Exception("body too large");

    /// <summary>The attempts at one URL, and what the last one read.</summary>
    private sealed class Attempt(Fetcher fetcher, Uri url)
    {
        private int _attempts;
        private long _bytes;
        private byte[]? _digest;

        private HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation(SlowServer.AttemptHeader, (++_attempts).ToString(CultureInfo.InvariantCulture));
            _digest = null;
            return request;
        }

        public async Task<HttpResponseMessage> RunAsync(CancellationToken cancellation)
        {
            using HttpRequestMessage request = Request();
            HttpResponseMessage response = await fetcher._client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return response;
            try
            {
                await using Stream body = await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
                byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    long total = 0;
                    for (int n; (n = await body.ReadAsync(buffer, cancellation).ConfigureAwait(false)) > 0;)
                        total = Append(hash, buffer, n, total);
                    Finish(hash, total);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                return response;
            }
            catch (Exception ex)
            {
                response.Dispose();
                throw Transient(ex, cancellation);
            }
        }

        public HttpResponseMessage Run(CancellationToken cancellation)
        {
            using HttpRequestMessage request = Request();
            HttpResponseMessage response = fetcher._client.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellation);
            if (!response.IsSuccessStatusCode)
                return response;
            // A blocking read takes no token: the timeout disposes the response, which ends the read.
            using CancellationTokenRegistration abort = cancellation.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
            try
            {
                using Stream body = response.Content.ReadAsStream(cancellation);
                byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                try
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    long total = 0;
                    for (int n; (n = body.Read(buffer)) > 0;)
                        total = Append(hash, buffer, n, total);
                    Finish(hash, total);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
                return response;
            }
            catch (Exception ex)
            {
                response.Dispose();
                throw Transient(ex, cancellation);
            }
        }

        private long Append(IncrementalHash hash, byte[] buffer, int n, long total)
        {
            total += n;
            if (total > fetcher._options.MaxBodyBytes)
                throw new BodyTooLargeException();
            hash.AppendData(buffer, 0, n);
            return total;
        }

        private void Finish(IncrementalHash hash, long total)
        {
            _bytes = total;
            _digest = hash.GetHashAndReset();
        }

        /// <summary>A body cut short is a network failure (retried); the timeout's cancellation stays a cancellation.</summary>
        private static Exception Transient(Exception ex, CancellationToken cancellation) => ex switch
        {
            BodyTooLargeException or OperationCanceledException => ex,
            _ when cancellation.IsCancellationRequested => new OperationCanceledException(cancellation),
            HttpRequestException => ex,
            _ => new HttpRequestException(HttpRequestError.ResponseEnded, ex.Message, ex),
        };

        public FetchRecord Record(int index, long start, long end, Outcome<HttpResponseMessage> outcome, CancellationToken cancellation)
        {
            using HttpResponseMessage? response = outcome.Result;
            if (outcome.Exception is { } ex)
            {
                if (cancellation.IsCancellationRequested)
                    throw new OperationCanceledException(cancellation);
                return new(index, start, end, 0, _attempts, Reason(ex), 0, null);
            }
            int status = (int)response!.StatusCode;
            string? failure = status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => "redirects",
                _ => $"http_{status}",
            };
            return new(index, start, end, status, _attempts, failure, failure is null ? _bytes : 0, failure is null ? _digest : null);
        }

        private static string Reason(Exception ex) => ex switch
        {
            TimeoutRejectedException => "timeout",
            BodyTooLargeException => "too_large",
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => "dns",
            HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } } => "refused",
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "connect",
            HttpRequestException => "reset",
            _ => "error",
        };
    }
}
