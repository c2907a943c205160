using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Tests.Cli;
using Xunit.Abstractions;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// Real <c>hyper cluster node</c> processes on 127.0.0.1 (fast failure detection): one is killed (SIGKILL) or
/// frozen (SIGSTOP) mid-job and the job still gives the exact counts. Every node is killed at the end.
/// </summary>
[Collection(OrleansCollection.Name)]
public sealed class NodeProcessTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("KILL")]
    [InlineData("STOP")]
    public async Task WordCount_NodeSignalledMidJob_FinishesWithTheExactCounts(string signal)
    {
        using var temp = new TempDirectory();
        string path = temp.File("corpus.txt");
        ZipfText.Write(path, 3_000_000, 5000, 1.1, 11);
        WordCounts expected = WordCountReference.Count([path]);
        await using NodeCluster cluster = await NodeCluster.StartAsync(3);
        var options = new JobOptions { Reducers = 3, Concurrency = 6, ChunkSize = 8 << 10, MaxAttempts = 8 };
        JobResult r = await cluster.SignalMidJobAsync(signal, options,
            (grains, o) => Dataset.Text([path], 64 << 10).FlatMap("words").ReduceByKey().CollectAsync(grains, o), r => r, output);
        Assert.Equal(0, WordCounts.Differences(expected, r.Table.ToCounts()));
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
