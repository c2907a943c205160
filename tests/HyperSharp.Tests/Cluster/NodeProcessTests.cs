using System.Diagnostics;
using System.Net;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Tests.Cli;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// Real <c>hyper cluster node</c> processes on 127.0.0.1 (fast failure detection): one is killed (SIGKILL) or
/// frozen (SIGSTOP) mid-job and the job still gives the exact counts. Every node is killed at the end.
/// </summary>
public sealed class NodeProcessTests(ITestOutputHelper output)
{
    private sealed class Node : IDisposable
    {
        private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Node(string name, int port, int gatewayPort, int? seed)
        {
            Gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
            var info = new ProcessStartInfo(Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hyper.dll"));
            foreach (string a in (string[])["cluster", "node", "--name", name, "--port", $"{port}", "--gateway-port", $"{gatewayPort}", "--fast-failure-detection"])
                info.ArgumentList.Add(a);
            if (seed is { } s)
            {
                info.ArgumentList.Add("--seed");
                info.ArgumentList.Add($"127.0.0.1:{s}");
            }
            Process = Process.Start(info)!;
            Process.OutputDataReceived += (_, e) =>
            {
                if (e.Data?.Contains(" up: ", StringComparison.Ordinal) == true)
                    _up.TrySetResult();
            };
            Process.ErrorDataReceived += (_, _) => { };
            Process.BeginOutputReadLine();
            Process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public IPEndPoint Gateway { get; }

        public Task Up => _up.Task.WaitAsync(TimeSpan.FromMinutes(2));

        public void Signal(string signal) => Process.Start("kill", ["-" + signal, Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Signal("CONT");
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }
            Process.Dispose();
        }
    }

    private static List<Node> Start(int count)
    {
        var nodes = new List<Node>();
        int seed = Silos.FreePort();
        for (int i = 0; i < count; i++)
            nodes.Add(new Node($"n{i}", i == 0 ? seed : Silos.FreePort(), Silos.FreePort(), i == 0 ? null : seed));
        return nodes;
    }

    [Theory]
    [InlineData("KILL")]
    [InlineData("STOP")]
    public async Task WordCount_NodeSignalledMidJob_FinishesWithTheExactCounts(string signal)
    {
        using var temp = new TempDirectory();
        string path = temp.File("corpus.txt");
        ZipfText.Write(path, 3_000_000, 5000, 1.1, 11);
        WordCounts expected = WordCountReference.Count([path]);
        List<Node> nodes = Start(3);
        try
        {
            // The seed first: the others join it.
            await nodes[0].Up;
            await Task.WhenAll(nodes.Skip(1).Select(n => n.Up));
            using IHost client = await ClusterTools.ConnectAsync([.. nodes.Select(n => n.Gateway)], FailureDetection.Fast);
            var halfway = new TaskCompletionSource();
            var options = new JobOptions
            {
                Reducers = 3, Concurrency = 6, ChunkSize = 8 << 10, MaxAttempts = 8,
                Progress = (done, _) => { if (done >= 8) halfway.TrySetResult(); },
                OnRetry = m => output.WriteLine("retry " + m),
            };
            Task<JobResult> job = Dataset.Text([path], 64 << 10).FlatMap("words").ReduceByKey().CollectAsync(Silos.Grains(client), options);
            await halfway.Task.WaitAsync(TimeSpan.FromMinutes(2));
            nodes[2].Signal(signal);
            JobResult r = await job.WaitAsync(TimeSpan.FromMinutes(4));
            output.WriteLine($"{r.Stats.Retries} retried, recovered in {r.Stats.RecoverSeconds:F2} s; tasks per silo: {string.Join(", ", r.Stats.Silos)}");
            Assert.Equal(0, WordCounts.Differences(expected, r.Table.ToCounts()));
            Assert.Equal(r.Stats.Partitions, r.Stats.Silos.Values.Sum());
        }
        finally
        {
            foreach (Node n in nodes)
                n.Dispose();
        }
    }

    [Fact]
    public void Status_NoGateway_OneLineErrorAndExitCode2()
    {
        string line = Hyper.AssertBadInput("cluster", "status", "--gateway", $"127.0.0.1:{Silos.FreePort()}");
        Assert.Contains("no gateway answered", line);
    }

    [Fact]
    public void WordCount_OnClusterWithoutAGateway_OneLineErrorAndExitCode2()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("t.txt"), "a b\n");
        Hyper.AssertBadInput("wordcount", temp.File("t.txt"), "--on", "cluster", "--gateway", $"127.0.0.1:{Silos.FreePort()}");
        Hyper.AssertBadInput("wordcount", temp.File("t.txt"), "--on", "cluster");
        Hyper.AssertBadInput("wordcount", temp.File("t.txt"), "--on", "moon");
    }
}
