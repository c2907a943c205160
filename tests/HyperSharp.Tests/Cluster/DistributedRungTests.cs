using System.Text.Json;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.Pi;
using HyperSharp.Cluster.Primes;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Pi;
using HyperSharp.Primes;
using HyperSharp.Tests.Cli;
using Orleans.TestingHost;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// The distributed rungs of π, primes and primecheck on Orleans' TestingHost (one silo and three): the in-process
/// rungs' exact answers, a partition run twice counted once, the primecheck flag stopping the other partitions; and
/// their command lines (the conformance classes run the rungs on embedded silos too).
/// </summary>
[Collection(OrleansCollection.Name)]
public sealed class DistributedRungTests
{
    private static async Task OnClusterAsync(int silos, Func<ClusterJob, Task> test)
    {
        TestCluster cluster = await ClusterFaultTests.StartAsync(silos);
        try
        {
            await test(new ClusterJob(cluster.Client, silos, 2 * silos));
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public Task Pi_AnySiloCount_HitsAreTheCounterStreams(int silos) => OnClusterAsync(silos, async job =>
    {
        foreach (long samples in new long[] { 0, 1, PiStream.BlockSize - 1, 3 * PiStream.BlockSize + 5, 2_000_003 })
            Assert.Equal(PiLadder.CounterStreamHits(samples, 7), await PiDistributed.RunAsync(job, samples, 7, null));
    });

    [Fact]
    public Task Pi_APartitionRunTwice_IsCountedOnce() => OnClusterAsync(3, async job =>
    {
        long samples = 5 * PiStream.BlockSize - 3, seed = 3;
        MapTask Task(int id, long start, long end) => new()
        {
            Job = "dup", Source = new PartitionSource { Id = id, Start = start, End = end }, Mapper = PiDistributed.Mapper,
            Argument = PiDistributed.Argument(samples, seed), ChunkSize = 1,
        };
        // Partition 0 run by two activations (a retry after a lost answer), partition 1 once; the same activation asked again answers the same.
        MapOutput first = await job.Grains.GetGrain<ITaskGrain>("dup/map/0/0").Map(Task(0, 0, 2));
        MapOutput retried = await job.Grains.GetGrain<ITaskGrain>("dup/map/0/1").Map(Task(0, 0, 2));
        MapOutput other = await job.Grains.GetGrain<ITaskGrain>("dup/map/1/0").Map(Task(1, 2, 5));
        MapOutput again = await job.Grains.GetGrain<ITaskGrain>("dup/map/0/0").Map(Task(0, 0, 2));
        Assert.Equal(first.Buckets[0], again.Buckets[0]);
        ReduceOutput r = await job.Grains.GetGrain<ITaskGrain>("dup/reduce/0").Reduce(new ReduceTask
        {
            Job = "dup", Bucket = 0, Partitions = [0, 1, 0], Inputs = [first.Buckets[0], other.Buckets[0], retried.Buckets[0]],
        });
        var table = new WordTable();
        table.AddEncoded(r.Table);
        Assert.Equal(PiLadder.CounterStreamHits(samples, seed), table.Total);
    });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public Task Primes_AnySiloCount_CountIsTheReferences(int silos) => OnClusterAsync(silos, async job =>
    {
        foreach (PrimeCountSpec spec in new PrimeCountSpec[] { new(2), new(3, 1), new(100_003, 977), new(300_007, 50_000) })
            Assert.Equal(Catalog.Primes.Reference.Run(spec, new RunContext(1)), await PrimesDistributed.RunAsync(job, spec, null));
    });

    /// <summary>
    /// 6000000000000000003 = 3 × 2000000000000000001: the factor 3 is in the first chunk of 1.2·10⁹ divisors, so the
    /// flag must stop every other partition after a chunk or so; a prime is searched to its end.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public Task PrimeCheck_AFactorFound_StopsTheOtherPartitions(int silos) => OnClusterAsync(silos, async job =>
    {
        const ulong n = 6_000_000_000_000_000_003;
        ulong odds = (TrialDivision.IntegerSqrt(n) - 3) / 2 + 1;
        (long factor, JobResult r) = await PrimeCheckDistributed.SearchJobAsync(job, n, null);
        Assert.True(factor > 1 && n % (ulong)factor == 0, $"factor {factor}");
        Assert.True(r.Stats.MappedInput < (long)(odds / 10), $"searched {r.Stats.MappedInput} of {odds} divisors");

        const ulong prime = 4_294_967_291;
        (long none, JobResult all) = await PrimeCheckDistributed.SearchJobAsync(job, prime, null);
        Assert.Equal(0, none);
        Assert.Equal((long)((TrialDivision.IntegerSqrt(prime) - 3) / 2 + 1), all.Stats.MappedInput);
        Assert.Equal(all.Stats.Partitions, all.Stats.Silos.Values.Sum());
    });

    [Fact]
    public void Rungs_AreInTheirLadders_AndNeverCheckAPeer()
    {
        Assert.Equal("distributed", Catalog.Pi.Rungs.Last().Name);
        Assert.Equal("distributed", Catalog.Primes.Rungs.Last().Name);
        Assert.Contains(Catalog.PrimeCheck.Rungs, r => r is PrimeCheckDistributed);
        Assert.Equal("millerrabin", Catalog.PrimeCheck.Rungs.Last().Name);
        Assert.All(new IRung[] { Catalog.Pi.Find("distributed"), Catalog.Primes.Find("distributed"), Catalog.PrimeCheck.Find("distributed") },
            r => Assert.Equal(RungResources.Nodes, r.Uses));
        // Checking a peer starts no cluster: the fastest exact in-process rung is the one checked against.
        Assert.Equal("wheel", new HyperSharp.Harness.Bench.LadderBench<PrimeCountSpec, PrimeCountSpec, long>(Catalog.Primes, null).CheckRung(new PrimeCountSpec(1000))?.Name);
        Assert.Equal("processes", new HyperSharp.Harness.Bench.LadderBench<PiSpec, PiProblem, PiResult>(Catalog.Pi, null).CheckRung(new PiSpec(1000))?.Name);
    }

    [Fact]
    public void Cli_PrimesCountAndCheck_OnThreeEmbeddedSilos()
    {
        Hyper.Outcome count = Hyper.Run("primes", "count", "--rung", "distributed", "--below", "100000", "--nodes", "3");
        Assert.True(count.ExitCode == 0, count.Stderr);
        Assert.Equal("9592 primes below 100000", count.Stdout.Trim());
        Hyper.Outcome check = Hyper.Run("primes", "check", "--rung", "distributed", "--nodes", "3", "1099726899285419", "115280095190773", "15", "2");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Equal(["1099726899285419 composite (factor 3306091)", "115280095190773 prime", "15 composite (factor 3)", "2 prime"],
            check.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Cli_RunPiDistributed_HasTheThreadsRungsFingerprint()
    {
        JsonElement distributed = Hyper.RunJson("pi", "samples/s", "run", "pi", "--rung", "distributed", "--samples", "300001", "--seed", "5", "--json");
        JsonElement threads = Hyper.RunJson("pi", "samples/s", "run", "pi", "--rung", "threads", "--samples", "300001", "--seed", "5", "--json");
        Assert.Equal(threads.GetProperty("fingerprint").GetString(), distributed.GetProperty("fingerprint").GetString());
    }

    [Theory]
    [InlineData("--on takes local or cluster", "run", "pi", "--rung", "distributed", "--on", "moon")]
    [InlineData("--on cluster needs --gateway", "run", "pi", "--rung", "distributed", "--on", "cluster")]
    [InlineData("for the distributed rung", "run", "pi", "--rung", "threads", "--nodes", "2")]
    [InlineData("--gateway is for --on cluster", "primes", "count", "--rung", "distributed", "--gateway", "127.0.0.1:1")]
    [InlineData("--gateway takes HOST:PORT", "primes", "check", "7", "--rung", "distributed", "--on", "cluster", "--gateway", "127.0.0.1:99999")]
    [InlineData("--nodes takes a whole number", "primes", "count", "--rung", "distributed", "--nodes", "0")]
    [InlineData("--nodes counts the silos of --on local", "primes", "count", "--rung", "distributed", "--on", "cluster", "--gateway", "127.0.0.1:1", "--nodes", "2")]
    [InlineData("for the distributed rung", "primes", "check", "7", "--rung", "millerrabin", "--on", "local")]
    public void Cli_BadClusterOption_IsOneLine(string expected, params string[] args) =>
        Assert.Contains(expected, Hyper.AssertBadInput(args));

    [Fact]
    public void Cli_NoNodeAtTheGateway_IsOneLine()
    {
        string line = Hyper.AssertBadInput("primes", "count", "--rung", "distributed", "--below", "1000", "--on", "cluster", "--gateway", $"127.0.0.1:{Silos.FreePort()}");
        Assert.Contains("no gateway answered", line);
    }
}
