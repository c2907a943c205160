using System.Threading.Channels;
using HyperSharp.Ladder;

namespace HyperSharp.Net.Crawl;

/// <summary>The reference: one blocking request after another (the books' serial <c>requests.get</c> loop).</summary>
public sealed class CrawlSerial : CrawlRung
{
    /// <inheritdoc/>
    public override string Name => "serial";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "one blocking request after another";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.None;

    /// <inheritdoc/>
    protected override ValueTask CrawlAsync(CrawlProblem problem, Fetcher fetcher, FetchRecord[] records, long origin, int concurrency, CancellationToken cancellation)
    {
        for (int i = 0; i < records.Length; i++)
            records[i] = fetcher.Fetch(i, problem.Urls[i], origin, cancellation);
        return default;
    }
}

/// <summary>
/// C dedicated threads, each making one blocking request at a time from a shared counter (the books'
/// <c>concurrent.futures</c> thread pool). Dedicated, not pool threads: the pool would add threads slowly, at its
/// own pace, and the rung would measure that instead.
/// </summary>
public sealed class CrawlThreads : CrawlRung
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override string Technique => "C dedicated threads, one blocking request each at a time";

    /// <inheritdoc/>
    protected override ValueTask CrawlAsync(CrawlProblem problem, Fetcher fetcher, FetchRecord[] records, long origin, int concurrency, CancellationToken cancellation)
    {
        int next = -1;
        var threads = new Thread[Math.Min(concurrency, Math.Max(1, records.Length))];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int i; (i = Interlocked.Increment(ref next)) < records.Length;)
                    records[i] = fetcher.Fetch(i, problem.Urls[i], origin, cancellation);
            }, 256 * 1024) { IsBackground = true, Name = "crawl" };
            threads[t].Start();
        }
        foreach (Thread thread in threads)
            thread.Join();
        return default;
    }
}

/// <summary>A task per URL, at most C past a <see cref="SemaphoreSlim"/> at once (the books' asyncio + aiohttp with a semaphore).</summary>
public sealed class CrawlSemaphore : CrawlRung
{
    /// <inheritdoc/>
    public override string Name => "async";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Async;
    /// <inheritdoc/>
    public override string Technique => "a task per URL, C at a time past a SemaphoreSlim";

    /// <inheritdoc/>
    protected override async ValueTask CrawlAsync(CrawlProblem problem, Fetcher fetcher, FetchRecord[] records, long origin, int concurrency, CancellationToken cancellation)
    {
        using var gate = new SemaphoreSlim(concurrency);
        var tasks = new Task[records.Length];
        for (int i = 0; i < records.Length; i++)
            tasks[i] = One(i);
        await Task.WhenAll(tasks).ConfigureAwait(false);

        async Task One(int i)
        {
            await gate.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                records[i] = await fetcher.FetchAsync(i, problem.Urls[i], origin, cancellation).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }
    }
}

/// <summary>A producer writes the indices into a bounded <see cref="Channel{T}"/>; C worker tasks read and fetch.</summary>
public sealed class CrawlChannels : CrawlRung
{
    /// <inheritdoc/>
    public override string Name => "channels";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Async;
    /// <inheritdoc/>
    public override string Technique => "producer/consumer over a bounded Channel<int>, C worker tasks";

    /// <inheritdoc/>
    protected override async ValueTask CrawlAsync(CrawlProblem problem, Fetcher fetcher, FetchRecord[] records, long origin, int concurrency, CancellationToken cancellation)
    {
        Channel<int> channel = Channel.CreateBounded<int>(new BoundedChannelOptions(concurrency) { SingleWriter = true });
        var workers = new Task[Math.Min(concurrency, Math.Max(1, records.Length))];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = Worker();
        try
        {
            for (int i = 0; i < records.Length; i++)
                await channel.Writer.WriteAsync(i, cancellation).ConfigureAwait(false);
        }
        finally
        {
            channel.Writer.Complete();
        }
        await Task.WhenAll(workers).ConfigureAwait(false);

        async Task Worker()
        {
            await foreach (int i in channel.Reader.ReadAllAsync(cancellation).ConfigureAwait(false))
                records[i] = await fetcher.FetchAsync(i, problem.Urls[i], origin, cancellation).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// C worker tasks taking the next index from a shared counter: no semaphore, no channel, no task per URL — the least
/// bookkeeping per request of the async rungs.
/// </summary>
public sealed class CrawlWorkers : CrawlRung
{
    /// <inheritdoc/>
    public override string Name => "workers";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Async;
    /// <inheritdoc/>
    public override string Technique => "C async loops over an Interlocked counter, no task per URL";

    /// <inheritdoc/>
    protected override async ValueTask CrawlAsync(CrawlProblem problem, Fetcher fetcher, FetchRecord[] records, long origin, int concurrency, CancellationToken cancellation)
    {
        int next = -1;
        var workers = new Task[Math.Min(concurrency, Math.Max(1, records.Length))];
        for (int w = 0; w < workers.Length; w++)
            workers[w] = Worker();
        await Task.WhenAll(workers).ConfigureAwait(false);

        async Task Worker()
        {
            await Task.Yield();
            for (int i; (i = Interlocked.Increment(ref next)) < records.Length;)
                records[i] = await fetcher.FetchAsync(i, problem.Urls[i], origin, cancellation).ConfigureAwait(false);
        }
    }
}
