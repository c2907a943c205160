using HyperSharp.Cluster.Dataflow;
using HyperSharp.Ladder;
using Microsoft.Extensions.Hosting;

namespace HyperSharp.Cluster.Hosting;

/// <summary>
/// A ladder's <c>distributed</c> rung: a job on the data-parallel layer, on an embedded cluster of
/// <see cref="RunContext.Nodes"/> silos started in this process (untimed, in setup, stopped after the run), or, when
/// <see cref="RunContext.Gateway"/> names one, on a running cluster reached through its gateway
/// (<c>--on cluster --gateway HOST:PORT</c>).
/// </summary>
public abstract class ClusterRung<TProblem, TResult> : AsyncRung<TProblem, TResult>
{
    // Typed as object so that loading the rung (the catalogue does, in every command) loads no Orleans type.
    private object? _cluster;
    private int _silos;

    /// <inheritdoc/>
    public override string Name => "distributed";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Processes;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Nodes;

    /// <inheritdoc/>
    protected sealed override async ValueTask SetupAsync(TProblem problem, RunContext context, CancellationToken cancellation)
    {
        if (context.Gateway is { } gateway)
        {
            IHost client;
            try
            {
                client = await ClusterTools.ConnectAsync(Silos.ParseGateways(gateway), FailureDetection.Default, cancellation);
            }
            catch (ClusterUnreachableException e)
            {
                throw new SpecException(e.Message);
            }
            try
            {
                _silos = await Silos.ActiveSilosAsync(Silos.Grains(client));
            }
            catch
            {
                client.Dispose(); // no teardown follows a failed setup
                throw;
            }
            _cluster = client;
        }
        else
        {
            _cluster = await LocalCluster.StartAsync(context.Nodes, FailureDetection.Default, cancellation);
            _silos = context.Nodes;
        }
    }

    /// <summary>
    /// The resources of <see cref="Rung{TProblem,TResult}.Used"/>, but on a running cluster (<c>--gateway</c>) the
    /// nodes are its active silos at the last setup, not <see cref="RunContext.Nodes"/>: the run line and its JSON
    /// say how many nodes the job had.
    /// </summary>
    public override IReadOnlyDictionary<string, int> Used(TProblem problem, RunContext context)
    {
        IReadOnlyDictionary<string, int> counts = base.Used(problem, context);
        return context.Gateway is null || _silos < 1 ? counts : new Dictionary<string, int>(counts) { ["nodes"] = _silos };
    }

    /// <inheritdoc/>
    protected sealed override async ValueTask TeardownAsync(TProblem problem, RunContext context)
    {
        switch (_cluster)
        {
            case LocalCluster local:
                await local.DisposeAsync();
                break;
            case IHost client:
                await client.StopAsync(CancellationToken.None);
                client.Dispose();
                break;
        }
        _cluster = null;
    }

    /// <inheritdoc/>
    protected sealed override ValueTask<TResult> ComputeAsync(TProblem problem, RunContext context, CancellationToken cancellation)
    {
        IGrainFactory grains = _cluster switch
        {
            LocalCluster local => local.Grains,
            IHost client => Silos.Grains(client),
            _ => throw new InvalidOperationException("set up first"),
        };
        // Local: a task a core, at least one a silo. Embedded silos share this process's cores, as a node uses its
        // machine's: more tasks than cores only keep more tables in the cache at once. Not --threads: the bench runs
        // a rung that does not count threads with --threads 1. A real cluster: four tasks a silo (as `hyper wordcount`).
        int concurrency = _cluster is LocalCluster ? Math.Max(Environment.ProcessorCount, _silos) : 4 * _silos;
        // A client outside the cluster is no silo: every hop of its job crosses between nodes.
        string? driver = _cluster is LocalCluster ? LocalCluster.DriverSilo : null;
        return ComputeAsync(new ClusterJob(grains, _silos, concurrency, context.Phases, driver), problem, cancellation);
    }

    /// <summary>Timed: the job on <paramref name="cluster"/>.</summary>
    protected abstract ValueTask<TResult> ComputeAsync(ClusterJob cluster, TProblem problem, CancellationToken cancellation);
}

/// <summary>Where a distributed rung's job runs: the grains, the silos behind them, the tasks to keep in flight.</summary>
/// <param name="Grains">The driver's way in (an embedded silo's factory or a client's).</param>
/// <param name="Silos">Active silos (one reducer each).</param>
/// <param name="Concurrency">Tasks in flight at once.</param>
/// <param name="Phases">The run's phase clock: the job times its phases into it.</param>
/// <param name="DriverSilo">The silo the driver runs in, or null for a client outside the cluster.</param>
public sealed record ClusterJob(IGrainFactory Grains, int Silos, int Concurrency, PhaseClock? Phases = null, string? DriverSilo = null)
{
    /// <summary>The job options for this cluster: one reducer a silo, <see cref="Concurrency"/> tasks in flight, the run's phases and driver.</summary>
    public JobOptions Options(JobOptions? given = null) =>
        (given ?? new JobOptions()) with
        {
            Reducers = Math.Max(1, Silos),
            Concurrency = Math.Max(1, Concurrency),
            Phases = given?.Phases ?? Phases,
            DriverSilo = given?.DriverSilo ?? DriverSilo,
        };
}
