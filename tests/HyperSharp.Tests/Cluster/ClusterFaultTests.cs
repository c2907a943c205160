using System.Text;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace HyperSharp.Tests.Cluster;

/// <summary>Fast failure detection on every test silo (dead after about 2 s of silence) and a short call timeout.</summary>
public sealed class FastSilos : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.Configure<ClusterMembershipOptions>(FailureDetection.Fast.Apply);
        siloBuilder.Configure<SiloMessagingOptions>(o => FailureDetection.Fast.Apply(o));
        Silos.OneCopyOfEachAssembly(siloBuilder.Services);
    }
}

/// <summary>The test client's call timeout, as fast as the silos'.</summary>
public sealed class FastClient : IClientBuilderConfigurator
{
    public void Configure(Microsoft.Extensions.Configuration.IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.Configure<ClientMessagingOptions>(o => FailureDetection.Fast.Apply(o));
        Silos.OneCopyOfEachAssembly(clientBuilder.Services);
    }
}

/// <summary>
/// The data-parallel layer on Orleans' TestingHost with three silos: the exact counts with all silos up, with a silo
/// killed mid-job, and a reducer that receives a partition twice counting it once.
/// </summary>
[Collection(OrleansCollection.Name)]
public sealed class ClusterFaultTests
{
    /// <summary>A TestingHost cluster of <paramref name="silos"/> silos with fast failure detection, deployed.</summary>
    internal static async Task<TestCluster> StartAsync(int silos)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<FastSilos>();
        builder.AddClientBuilderConfigurator<FastClient>();
        TestCluster cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static string Corpus(TempDirectory temp, long bytes, long seed)
    {
        string path = temp.File("corpus.txt");
        ZipfText.Write(path, bytes, 5000, 1.1, seed);
        return path;
    }

    private static Task<JobResult> Job(IGrainFactory grains, string path, JobOptions options) =>
        Dataset.Text([path], 64 << 10).FlatMap("words").ReduceByKey().CollectAsync(grains, options);

    [Fact]
    public async Task WordCount_ThreeSilos_IsTheReferencesAndUsesThemAll()
    {
        using var temp = new TempDirectory();
        string path = Corpus(temp, 2_000_000, 3);
        TestCluster cluster = await StartAsync(3);
        try
        {
            JobResult r = await Job(cluster.Client, path, new JobOptions { Reducers = 3, Concurrency = 6, ChunkSize = 16 << 10 });
            Assert.Equal(0, WordCounts.Differences(WordCountReference.Count([path]), r.Table.ToCounts()));
            Assert.Equal(r.Stats.Partitions, r.Stats.Silos.Values.Sum());
            Assert.True(r.Stats.ShuffledBytes > 0);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task WordCount_SiloKilledMidJob_FinishesWithTheExactCounts()
    {
        using var temp = new TempDirectory();
        string path = Corpus(temp, 4_000_000, 5);
        WordCounts expected = WordCountReference.Count([path]);
        TestCluster cluster = await StartAsync(3);
        try
        {
            var halfway = new TaskCompletionSource();
            var retried = new List<string>();
            var options = new JobOptions
            {
                Reducers = 3, Concurrency = 6, ChunkSize = 8 << 10, MaxAttempts = 6,
                Progress = (done, total) => { if (done >= 8) halfway.TrySetResult(); },
                OnRetry = m => { lock (retried) retried.Add(m); },
            };
            Task<JobResult> job = Job(cluster.Client, path, options);
            await halfway.Task.WaitAsync(TimeSpan.FromMinutes(2));
            // Not the primary: it holds the test cluster's membership.
            await cluster.KillSiloAsync(cluster.SecondarySilos[0]);
            JobResult r = await job.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(0, WordCounts.Differences(expected, r.Table.ToCounts()));
            Assert.Equal(expected.Total, r.Table.Total);
            Assert.Equal(r.Stats.Partitions, r.Stats.Silos.Values.Sum());
            Assert.Equal(r.Stats.Retries, retried.Count);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reduce_APartitionSentTwice_IsCountedOnce()
    {
        TestCluster cluster = await StartAsync(1);
        try
        {
            var a = new WordTable();
            a.CountText(Encoding.UTF8.GetBytes("x y x"));
            var b = new WordTable();
            b.CountText(Encoding.UTF8.GetBytes("y z"));
            byte[] ea = WordTable.Serialize(a), eb = WordTable.Serialize(b);
            ReduceOutput r = await cluster.Client.GetGrain<ITaskGrain>("test/reduce/0").Reduce(new ReduceTask
            {
                Job = "test", Bucket = 0, Partitions = [0, 1, 0], Inputs = [ea, eb, ea],
            });
            var merged = new WordTable();
            merged.AddEncoded(r.Table);
            WordCounts c = merged.ToCounts();
            Assert.Equal(["x", "y", "z"], c.Words);
            Assert.Equal([2L, 2, 1], c.Counts);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
