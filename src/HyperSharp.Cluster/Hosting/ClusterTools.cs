using System.Net;
using HyperSharp.Cluster.Dataflow;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace HyperSharp.Cluster.Hosting;

/// <summary>A silo as <c>hyper cluster status</c> shows it.</summary>
public sealed record SiloInfo(string Name, string Address, string Status, int Activations, float? CpuPercent, long? MemoryBytes);

/// <summary>What the command line does with a cluster: run a node, list the silos, run a job through a gateway.</summary>
public static class ClusterTools
{
    /// <summary>Runs a silo until <paramref name="stop"/> fires; <paramref name="started"/> is called once it has joined.</summary>
    public static async Task RunNodeAsync(SiloSettings settings, FailureDetection detection, Action<string> started, CancellationToken stop)
    {
        if (settings.Redis is { } redis)
            await Silos.CheckRedisAsync(redis);
        using IHost host = Silos.Build(settings, detection, LogLevel.Warning);
        await host.StartAsync(stop);
        int silos = await Silos.ActiveSilosAsync(Silos.Grains(host));
        string membership = settings.Redis is { } r ? $", membership in Redis {r}" : settings.Seed is { } seed ? $", seed {seed}" : ", the seed (membership held here)";
        string dashboard = settings.DashboardPort is { } d ? $", dashboard http://{settings.Address}:{d}/" : "";
        started($"node {settings.Name ?? $"{settings.Address}:{settings.Port}"} up: silo {settings.Address}:{settings.Port}, gateway {settings.Address}:{settings.GatewayPort}" +
            $"{membership}{dashboard}; {silos} silo{(silos == 1 ? "" : "s")} active");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await host.StopAsync(grace.Token);
    }

    /// <summary>How long a client tries to reach a gateway before giving up.</summary>
    public static TimeSpan ConnectTimeout { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Connects a client to <paramref name="gateways"/>; a clear <see cref="ClusterUnreachableException"/> when none answers.</summary>
    public static async Task<IHost> ConnectAsync(IReadOnlyList<IPEndPoint> gateways, FailureDetection detection, CancellationToken cancellation = default)
    {
        IHost client = Silos.Client(gateways, detection);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(ConnectTimeout);
            await client.StartAsync(timeout.Token);
            return client;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            client.Dispose();
            string why = e is OperationCanceledException ? $"within {ConnectTimeout.TotalSeconds:0} s" : $"({e.Message.Split('\n')[0].Trim()})";
            throw new ClusterUnreachableException($"no gateway answered at {string.Join(", ", gateways)} {why}: is a node running there (hyper cluster node)?", e);
        }
    }

    /// <summary>The silos the cluster behind <paramref name="gateways"/> knows, with their state and load.</summary>
    public static async Task<IReadOnlyList<SiloInfo>> StatusAsync(IReadOnlyList<IPEndPoint> gateways, FailureDetection detection)
    {
        using IHost client = await ConnectAsync(gateways, detection);
        var management = Silos.Grains(client).GetGrain<IManagementGrain>(0);
        MembershipEntry[] entries = await management.GetDetailedHosts(onlyActive: false);
        SiloAddress[] active = [.. entries.Where(e => e.Status == SiloStatus.Active).Select(e => e.SiloAddress)];
        SiloRuntimeStatistics[] stats = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active);
        var byAddress = active.Zip(stats).ToDictionary(p => p.First, p => p.Second);
        var list = entries.OrderBy(e => e.SiloName, StringComparer.Ordinal).Select(e =>
        {
            SiloRuntimeStatistics? s = byAddress.GetValueOrDefault(e.SiloAddress);
            return new SiloInfo(e.SiloName, e.SiloAddress.Endpoint.ToString(), e.Status.ToString(), s?.ActivationCount ?? 0, s?.EnvironmentStatistics.FilteredCpuUsagePercentage, s?.EnvironmentStatistics.FilteredMemoryUsageBytes);
        }).ToArray();
        await client.StopAsync();
        return list;
    }

    /// <summary>A job on the cluster behind <paramref name="gateways"/>, given (grains, silos, concurrency): its answer and the silos it saw.</summary>
    public static async Task<(JobResult Result, int Silos)> RunOnAsync(IReadOnlyList<IPEndPoint> gateways,
        Func<IGrainFactory, int, int, Task<JobResult>> job, CancellationToken cancellation = default)
    {
        using IHost client = await ConnectAsync(gateways, FailureDetection.Default, cancellation);
        IGrainFactory grains = Silos.Grains(client);
        int silos = await Silos.ActiveSilosAsync(grains);
        JobResult r = await job(grains, silos, 4 * silos);
        await client.StopAsync(CancellationToken.None);
        return (r, silos);
    }

    /// <summary>A job on an embedded cluster of <paramref name="nodes"/> silos in this process, started and stopped around it.</summary>
    public static async Task<JobResult> RunLocalAsync(int nodes, int threads, Func<IGrainFactory, int, int, Task<JobResult>> job, CancellationToken cancellation = default)
    {
        await using LocalCluster cluster = await LocalCluster.StartAsync(nodes, FailureDetection.Default, cancellation);
        return await job(cluster.Grains, nodes, Math.Max(threads, 2 * nodes));
    }
}

/// <summary>No gateway of the cluster answered.</summary>
public sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
