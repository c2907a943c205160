using System.Text.Json;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.Pi;
using HyperSharp.Cluster.Primes;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Pi;
using HyperSharp.Primes;
using HyperSharp.Tests.Cli;
using Xunit.Abstractions;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// The distributed rungs of π, primes and primecheck on three real <c>hyper cluster node</c> processes (the machinery
/// of the word count's <see cref="NodeProcessTests"/>): one node killed (SIGKILL) or frozen (SIGSTOP) when a third of
/// the job's tasks are done, and the job still gives the in-process rung's exact answer, every partition's input
/// mapped once; the retries and time to recover are logged. And <c>hyper run --on cluster</c> saying how many nodes
/// the cluster has. No node outlives its test.
/// </summary>
[Collection(OrleansCollection.Name)]
public sealed class DistributedFaultTests(ITestOutputHelper output)
{
    /// <summary>Three silos, six tasks in flight (about 24 partitions for π and primecheck, 48 for primes), retries to spare.</summary>
    private static readonly JobOptions Options = new() { MaxAttempts = 8 };

    private async Task OnThreeNodesAsync(Func<NodeCluster, ClusterJob, Task> test)
    {
        IReadOnlyList<int> pids = [];
        await using (NodeCluster cluster = await NodeCluster.StartAsync(3))
        {
            pids = cluster.Pids;
            await test(cluster, new ClusterJob(cluster.Grains, 3, 6));
        }
        Assert.All(pids, pid => Assert.True(NodeCluster.Gone(pid), $"node process {pid} outlived the test"));
    }

    [Theory]
    [InlineData("KILL")]
    [InlineData("STOP")]
    public Task Pi_NodeSignalledMidJob_HitsAreTheThreadsRungs(string signal) => OnThreeNodesAsync(async (cluster, job) =>
    {
        // The nodes run the tests' Debug build: 3·10⁷ samples are seconds of work for three of them on two cores.
        var spec = new PiSpec(30_000_003, 11);
        long expected = Catalog.Pi.Find("threads").Run(Catalog.Pi.Build(spec), RunContext.Default).Hits;
        JobResult r = await cluster.SignalMidJobAsync(signal, Options,
            (_, o) => PiDistributed.RunJobAsync(job, spec.Samples, spec.Seed, o), h => h.Job, output);
        Assert.Equal(expected, r.Table.Total);
        Assert.Equal(PiStream.BlockCount(spec.Samples), r.Stats.MappedInput); // every block once
    });

    [Theory]
    [InlineData("KILL")]
    [InlineData("STOP")]
    public Task Primes_NodeSignalledMidJob_CountIsTheInProcessRungs(string signal) => OnThreeNodesAsync(async (cluster, job) =>
    {
        var spec = new PrimeCountSpec(10_000_019);
        Rung<PrimeCountSpec, long> inProcess = new HyperSharp.Harness.Bench.LadderBench<PrimeCountSpec, PrimeCountSpec, long>(Catalog.Primes).CheckRung(spec)!;
        long expected = inProcess.Run(spec, RunContext.Default);
        JobResult r = await cluster.SignalMidJobAsync(signal, Options,
            (_, o) => PrimesDistributed.RunJobAsync(job, spec, o), c => c.Job, output);
        Assert.Equal(expected, r.Table.Total);
        Assert.Equal(spec.Below, r.Stats.MappedInput); // every number once
    });

    /// <summary>A prime is searched to the end: every odd divisor up to √n once, and no factor.</summary>
    [Theory]
    [InlineData("KILL")]
    [InlineData("STOP")]
    public Task PrimeCheck_NodeSignalledMidJob_APrimeIsSearchedOnceToItsEnd(string signal) => OnThreeNodesAsync(async (cluster, job) =>
    {
        const ulong n = 100_000_000_000_000_003;
        PrimeVerdict expected = Catalog.PrimeCheck.Find("millerrabin").Run(new PrimeCheckSpec([n]), RunContext.Default)[0];
        Assert.True(expected.IsPrime);
        JobResult r = await cluster.SignalMidJobAsync(signal, Options,
            (_, o) => PrimeCheckDistributed.SearchJobAsync(job, n, o), s => s.Job, output);
        Assert.Equal(0, r.Table.Count); // no factor found
        Assert.Equal((long)((TrialDivision.IntegerSqrt(n) - 3) / 2 + 1), r.Stats.MappedInput);
    });

    [Fact]
    public async Task Cli_RunOnCluster_SaysItsActiveNodes()
    {
        IReadOnlyList<int> pids = [];
        await using (NodeCluster cluster = await NodeCluster.StartAsync(2, client: false))
        {
            pids = cluster.Pids;
            string[] args = ["run", "primes", "--rung", "distributed", "--below", "100000", "--on", "cluster", "--gateway", cluster.Gateways];
            JsonElement json = Hyper.RunJson("primes", "numbers/s", [.. args, "--json"]);
            Assert.Equal(2, json.GetProperty("resources").GetProperty("nodes").GetInt32());
            Hyper.Outcome text = Hyper.Run(args);
            Assert.True(text.ExitCode == 0, text.Stderr);
            Assert.Contains("primes/distributed (processes, 2 nodes)", text.Stdout);
        }
        Assert.All(pids, pid => Assert.True(NodeCluster.Gone(pid), $"node process {pid} outlived the test"));
    }
}
