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
    private static List<NodeProcess> Start(int count)
    {
        var nodes = new List<NodeProcess>();
        int seed = Silos.FreePort();
        for (int i = 0; i < count; i++)
            nodes.Add(new NodeProcess($"n{i}", i == 0 ? seed : Silos.FreePort(), Silos.FreePort(), i == 0 ? [] : ["--seed", $"127.0.0.1:{seed}"]));
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
        List<NodeProcess> nodes = Start(3);
        try
        {
            // The seed first: the others join it.
            await nodes[0].UpAsync();
            await Task.WhenAll(nodes.Skip(1).Select(n => n.UpAsync()));
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
            foreach (NodeProcess n in nodes)
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
