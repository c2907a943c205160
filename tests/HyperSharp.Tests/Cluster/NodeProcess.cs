using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

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
