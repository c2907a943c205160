using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using HyperSharp.Cli.Commands;
using HyperSharp.Cluster.Dataflow;
using HyperSharp.Cluster.Hosting;
using HyperSharp.Cluster.WordCount;
using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary>
/// The commands that start or reach Orleans silos: <c>hyper cluster node|status</c> and the distributed word count.
/// Orleans loads only when one of them runs (nothing here is touched while the command tree is built).
/// </summary>
internal static class ClusterRuns
{
    /// <summary>The distributed word count, on an embedded silo (<paramref name="gateways"/> null) or a cluster; the clock restarts once the silo is up.</summary>
    public static (WordCounts Counts, string How) WordCount(WordCountProblem problem, string? gateways, int threads, ref long start) =>
        Job((grains, silos, concurrency, options) => DistributedWordCount.RunAsync(grains, problem.Files, silos, concurrency, options), gateways, threads, ref start);

    /// <summary>
    /// A job on the data-parallel layer, given (grains, silos, concurrency, options), on an embedded silo or the
    /// cluster behind <paramref name="gateways"/>; prints its phases on stderr; <paramref name="start"/> is moved so
    /// that the time since it is the job's.
    /// </summary>
    public static (WordCounts Counts, string How) Job(Func<IGrainFactory, int, int, JobOptions, Task<JobResult>> job, string? gateways, int threads, ref long start)
    {
        bool bar = Output.IsTerminal;
        var options = new JobOptions
        {
            Progress = bar ? (done, total) => Console.Error.Write($"\rtasks {done}/{total}") : null,
            OnRetry = m => Console.Error.WriteLine($"\rretrying {m}"),
        };
        JobResult r;
        string how;
        try
        {
            if (gateways is null)
            {
                r = ClusterTools.RunLocalAsync(1, threads, (g, s, c) => job(g, s, c, options with { DriverSilo = LocalCluster.DriverSilo })).GetAwaiter().GetResult();
                how = "distributed on an embedded silo";
            }
            else
            {
                (r, int silos) = ClusterTools.RunOnAsync(Gateways(gateways), (g, s, c) => job(g, s, c, options)).GetAwaiter().GetResult();
                how = $"distributed on {silos} silo{(silos == 1 ? "" : "s")}";
            }
        }
        catch (ClusterUnreachableException e)
        {
            throw new SpecException(e.Message);
        }
        if (bar)
            Console.Error.Write("\r\x1b[K");
        JobStats s = r.Stats;
        Console.Error.WriteLine($"map {Units.Seconds(s.MapSeconds)}, reduce {Units.Seconds(s.ReduceSeconds)}, collect {Units.Seconds(s.CollectSeconds)}; " +
            $"{s.Partitions} partitions, {s.Reducers} reducer{(s.Reducers == 1 ? "" : "s")}, {Units.Bytes(s.ShuffledBytes)} shuffled, {Units.Bytes(s.CollectedBytes)} collected, " +
            $"{Units.Bytes(s.CrossNodeBytes)} between nodes; in the grains map {Units.Seconds(s.MapTaskSeconds)}, reduce {Units.Seconds(s.ReduceTaskSeconds)}" +
            $"{(s.Retries > 0 ? $", {s.Retries} retried (recovered in {Units.Seconds(s.RecoverSeconds)})" : "")}; tasks per silo: {string.Join(", ", s.Silos.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}");
        // The job's time, not the silo's start-up or the client's connection.
        start = Stopwatch.GetTimestamp() - (long)((s.MapSeconds + s.ReduceSeconds + s.CollectSeconds) * Stopwatch.Frequency);
        WordCounts counts = r.Table.ToCounts();
        counts.Job = s;
        return (counts, how);
    }

    private static IPEndPoint[] Gateways(string text) => Silos.ParseGateways(text);

    private static int Port(string? text, string option, int fallback) => text is null ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is > 0 and < 65536 ? p
        : throw new SpecException($"{option} takes a port from 1 to 65535 (got '{text}')");

    /// <summary><c>hyper cluster node|status</c>.</summary>
    public static Command Command()
    {
        var seed = new Option<string?>("--seed") { Description = "HOST:PORT of the first node's silo port (it holds the membership); omit on the first node." };
        var address = new Option<string?>("--address") { Description = "The address to bind and advertise (default: 127.0.0.1)." };
        var port = new Option<string?>("--port") { Description = "Silo-to-silo port (default: 11111)." };
        var gatewayPort = new Option<string?>("--gateway-port") { Description = "Client gateway port (default: 30000)." };
        var name = new Option<string?>("--name") { Description = "The node's name in status (default: ADDRESS:PORT)." };
        var redis = new Option<string?>("--redis") { Description = "HOST:PORT of a Redis server holding the membership, instead of --seed: every node given it finds the others." };
        var dashboard = new Option<string?>("--dashboard-port") { Description = "Serve the Orleans dashboard on this port (HTTP, on the node's address)." };
        var fast = new Option<bool>("--fast-failure-detection") { Description = "Declare a silent node dead after about 2 s (trials on one machine) instead of Orleans' 10–20 s." };
        var node = new Command("node", "Run a silo until Ctrl+C: the first node holds the membership, the others join it with --seed (or all share --redis).")
        {
            seed, redis, address, port, gatewayPort, name, dashboard, fast,
        };
        node.SetAction(p => Guard.Run(() =>
        {
            IPAddress ip = p.GetValue(address) is { } a ? IPAddress.TryParse(a, out IPAddress? parsed) ? parsed : throw new SpecException($"--address takes an IP address (got '{a}')") : IPAddress.Loopback;
            if (p.GetValue(seed) is not null && p.GetValue(redis) is not null)
                throw new SpecException("--seed and --redis are two ways to find the other nodes: give one");
            var settings = new SiloSettings(ip, Port(p.GetValue(port), "--port", 11111), Port(p.GetValue(gatewayPort), "--gateway-port", 30000),
                p.GetValue(seed) is { } s ? Silos.ParseEndpoint(s, "--seed") : null,
                p.GetValue(redis) is { } r ? Silos.ParseEndpoint(r, "--redis").ToString() : null, p.GetValue(name),
                p.GetValue(dashboard) is { } d ? Port(d, "--dashboard-port", 0) : null);
            using var stop = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Cancel();
            });
            try
            {
                ClusterTools.RunNodeAsync(settings, p.GetValue(fast) ? FailureDetection.Fast : FailureDetection.Default, Console.WriteLine, stop.Token).GetAwaiter().GetResult();
            }
            catch (ClusterUnreachableException e)
            {
                throw new SpecException(e.Message);
            }
            Console.WriteLine("node stopped");
            return 0;
        }));

        var gateway = new Option<string>("--gateway") { Description = "HOST:PORT of any node's gateway.", Required = true };
        var status = new Command("status", "List the cluster's silos with their state and load.") { gateway };
        status.SetAction(p => Guard.Run(() =>
        {
            IReadOnlyList<SiloInfo> silos;
            try
            {
                silos = ClusterTools.StatusAsync(Gateways(p.GetValue(gateway)!), FailureDetection.Default).GetAwaiter().GetResult();
            }
            catch (ClusterUnreachableException e)
            {
                throw new SpecException(e.Message);
            }
            Console.WriteLine($"{"silo",-20} {"address",-22} {"state",-12} {"activations",11} {"cpu",7} {"memory",10}");
            foreach (SiloInfo s in silos)
                Console.WriteLine($"{s.Name,-20} {s.Address,-22} {s.Status,-12} {s.Activations,11} {(s.CpuPercent is { } c ? c.ToString("F1", CultureInfo.InvariantCulture) + " %" : "—"),7} {Units.Bytes(s.MemoryBytes),10}");
            return 0;
        }));
        return new Command("cluster", "Orleans nodes for the distributed rungs: run one, list a cluster's silos.") { node, status };
    }
}
