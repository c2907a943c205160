using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// A real <c>hyper cluster node</c> child process on 127.0.0.1 (fast failure detection), its output kept;
/// disposing it kills it (and thaws it first, if it was frozen).
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _output = new();
    private bool _disposed;

    /// <param name="name">The node's name in status.</param>
    /// <param name="port">Its silo port.</param>
    /// <param name="gatewayPort">Its gateway port.</param>
    /// <param name="extra">The rest of its options: how it finds the others (--seed, --redis), --dashboard-port.</param>
    public NodeProcess(string name, int port, int gatewayPort, params string[] extra)
    {
        Gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
        var info = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hyper.dll"));
        foreach (string a in (string[])["cluster", "node", "--name", name, "--port", $"{port}", "--gateway-port", $"{gatewayPort}", "--fast-failure-detection", .. extra])
            info.ArgumentList.Add(a);
        Process = Process.Start(info)!;
        Process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            _output.Enqueue(e.Data);
            if (e.Data.Contains(" up: ", StringComparison.Ordinal))
                _up.TrySetResult();
        };
        Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                _output.Enqueue(e.Data);
        };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public IPEndPoint Gateway { get; }

    /// <summary>What it printed so far, stdout and stderr.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Its "up" line, within 2 minutes; fails with what it printed if it exits first.</summary>
    public async Task UpAsync()
    {
        Task exited = Process.WaitForExitAsync();
        Task first = await Task.WhenAny(_up.Task, exited).WaitAsync(TimeSpan.FromMinutes(2));
        if (first == exited && !_up.Task.IsCompleted)
            throw new InvalidOperationException($"the node exited ({Process.ExitCode}) before it was up: {Output}");
    }

    public void Signal(string signal) => Process.Start("kill", ["-" + signal, Process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>Ctrl+C's way (SIGTERM): true when it left within <paramref name="grace"/>; killed otherwise.</summary>
    public bool Stop(TimeSpan grace)
    {
        if (Process.HasExited)
            return true;
        Signal("TERM");
        if (Process.WaitForExit(grace))
            return true;
        Dispose();
        return false;
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        if (!Process.HasExited)
        {
            Signal("CONT");
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit(10_000);
        }
        Process.Dispose();
    }
}

/// <summary>
/// Real <c>hyper cluster node</c> processes on 127.0.0.1 (the first the seed, the others joining it), all up, and a
/// client with fast failure detection: the fault tests' cluster, whose last node is the one they signal. Disposing it
/// stops the client and kills every node.
/// </summary>
internal sealed class NodeCluster : IAsyncDisposable
{
    private NodeCluster(List<NodeProcess> nodes) => Nodes = nodes;

    public IReadOnlyList<NodeProcess> Nodes { get; }

    public IHost? Client { get; private set; }

    public IGrainFactory Grains => Silos.Grains(Client ?? throw new InvalidOperationException("started without a client"));

    /// <summary>Every gateway, comma-separated (as <c>--gateway</c> takes them).</summary>
    public string Gateways => string.Join(',', Nodes.Select(n => n.Gateway));

    /// <summary>The nodes' process ids, to check after disposal that none is left.</summary>
    public IReadOnlyList<int> Pids => [.. Nodes.Select(n => n.Process.Id)];

    public static async Task<NodeCluster> StartAsync(int count, bool client = true)
    {
        var nodes = new List<NodeProcess>();
        var cluster = new NodeCluster(nodes);
        try
        {
            int seed = Silos.FreePort();
            for (int i = 0; i < count; i++)
                nodes.Add(new NodeProcess($"n{i}", i == 0 ? seed : Silos.FreePort(), Silos.FreePort(), i == 0 ? [] : ["--seed", $"127.0.0.1:{seed}"]));
            // The seed first: the others join it.
            await nodes[0].UpAsync();
            await Task.WhenAll(nodes.Skip(1).Select(n => n.UpAsync()));
            // The client reaches the cluster through the nodes that stay up (all but the last, the one signalled): a
            // frozen node's gateway keeps its connections open, and a client of a fixed gateway list would wait out
            // the call timeout on every message it sent through it. The silos, not the client, detect the failure;
            // a call the signalled node was answering is lost to the client, which waits out its call timeout: 5 s,
            // when a task takes a fraction of one (a slower task is tried again, which changes no answer).
            if (client)
                cluster.Client = await ClusterTools.ConnectAsync([.. nodes.Take(Math.Max(1, count - 1)).Select(n => n.Gateway)],
                    FailureDetection.Fast with { ResponseTimeout = TimeSpan.FromSeconds(5) });
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="job"/> with <paramref name="options"/> and sends the last node <paramref name="signal"/>
    /// (KILL, STOP) once a third of its tasks are done; the job's answer (<paramref name="result"/> of what
    /// <paramref name="job"/> returns), after the retries it took, which are logged with the time to recover.
    /// </summary>
    public async Task<JobResult> SignalMidJobAsync<T>(string signal, JobOptions options,
        Func<IGrainFactory, JobOptions, Task<T>> job, Func<T, JobResult> result, ITestOutputHelper output)
    {
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int retries = 0;
        JobOptions o = options with
        {
            Progress = (done, total) => { if (3 * done >= total) halfway.TrySetResult(); },
            OnRetry = m => { Interlocked.Increment(ref retries); output.WriteLine("retry " + m); },
        };
        var clock = Stopwatch.StartNew();
        Task<T> run = job(Grains, o);
        await Task.WhenAny(halfway.Task, run).WaitAsync(TimeSpan.FromMinutes(1));
        if (run.IsCompleted)
        {
            await run; // a failure says why
            // A job done before the signal tested nothing: make the job longer.
            Assert.Fail($"the job ended after {clock.Elapsed.TotalSeconds:F1} s, before the node was signalled");
        }
        double signalled = clock.Elapsed.TotalSeconds;
        Nodes[^1].Signal(signal);
        JobResult r = result(await run.WaitAsync(TimeSpan.FromMinutes(1)));
        output.WriteLine($"SIG{signal} at {signalled:F1} s; job done at {clock.Elapsed.TotalSeconds:F1} s; {r.Stats.Retries} retried, " +
            $"recovered in {r.Stats.RecoverSeconds:F2} s; tasks per silo: {string.Join(", ", r.Stats.Silos.OrderBy(s => s.Key))}" +
            (r.Stats.Retries == 0 ? " (the node held no task when signalled: the job went on without it)" : ""));
        Assert.Equal(retries, r.Stats.Retries);
        // Every partition's output kept once, whoever ran it.
        Assert.Equal(r.Stats.Partitions, r.Stats.Silos.Values.Sum());
        return r;
    }

    /// <summary>Whether the process <paramref name="pid"/> is gone (exited and reaped).</summary>
    public static bool Gone(int pid)
    {
        try
        {
            using Process p = Process.GetProcessById(pid);
            return p.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Client is { } client)
        {
            // The client may wait on a frozen node's gateway: a bounded stop, then it goes anyway.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await client.StopAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
            }
            client.Dispose();
        }
        foreach (NodeProcess n in Nodes)
            n.Dispose();
    }
}
