using System.Net;
using System.Net.Sockets;
using System.Runtime.Loader;
using HyperSharp.Cluster.Dataflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Serialization.Configuration;
using StackExchange.Redis;

namespace HyperSharp.Cluster.Hosting;

/// <summary>Where a silo listens and how it finds the others.</summary>
/// <param name="Address">The address it binds and advertises (127.0.0.1 unless asked).</param>
/// <param name="Port">Silo-to-silo port.</param>
/// <param name="GatewayPort">Port clients connect to.</param>
/// <param name="Seed">The primary silo's silo endpoint (development membership held by it), or null when this silo is the primary.</param>
/// <param name="Redis">Redis HOST:PORT holding the membership table, instead of a seed.</param>
/// <param name="Name">The silo's name (default: address:port).</param>
/// <param name="DashboardPort">The port of the Orleans dashboard (HTTP, on <paramref name="Address"/>), or null for none.</param>
public sealed record SiloSettings(IPAddress Address, int Port, int GatewayPort, IPEndPoint? Seed = null, string? Redis = null, string? Name = null, int? DashboardPort = null)
{
    /// <summary>The cluster every HyperSharp silo and client joins.</summary>
    public const string ClusterId = "hypersharp";

    /// <summary>The service id.</summary>
    public const string ServiceId = "hypersharp";
}

/// <summary>Starting silos and clients: the embedded cluster, a node, a client of a gateway.</summary>
public static class Silos
{
    /// <summary>A free TCP port on the loopback interface (bound and released; good for tests and the embedded cluster).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A silo host (not started) with the HyperSharp grains, membership by seed or Redis, and <paramref name="detection"/>.</summary>
    public static IHost Build(SiloSettings settings, FailureDetection detection, LogLevel logLevel = LogLevel.Warning)
    {
        // The dashboard is an ASP.NET Core app: only a silo asked for it is hosted on Kestrel.
        WebApplicationBuilder? web = settings.DashboardPort is { } dashboard ? DashboardBuilder(settings.Address, dashboard) : null;
        IHostApplicationBuilder builder = web is not null ? web : new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(logLevel);
        if (logLevel < LogLevel.None)
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter("Orleans", logLevel)
                // Start-up advice (server GC) and the scheduler's stall watchdog are noise on a shared machine.
                .AddFilter("Orleans.Runtime.Silo", LogLevel.Error).AddFilter("Orleans.Runtime.Watchdog", LogLevel.Error)
                // A failed start (a busy dashboard port) reaches the caller as its exception: the host's log of it, stack and all, is a repeat.
                .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = SiloSettings.ClusterId;
                o.ServiceId = SiloSettings.ServiceId;
            });
            if (settings.Redis is { } redis)
                silo.UseRedisClustering(o => o.ConfigurationOptions = RedisOptions(redis));
            else
                silo.UseDevelopmentClustering(settings.Seed ?? new IPEndPoint(settings.Address, settings.Port));
            if (web is not null)
                silo.AddDashboard();
            silo.ConfigureEndpoints(settings.Address, settings.Port, settings.GatewayPort, listenOnAnyHostAddress: false);
            silo.Configure<SiloOptions>(o => o.SiloName = settings.Name ?? $"{settings.Address}:{settings.Port}");
            silo.Configure<ClusterMembershipOptions>(detection.Apply);
            silo.Configure<SiloMessagingOptions>(o => detection.Apply(o));
        });
        OneCopyOfEachAssembly(builder.Services);
        if (web is null)
            return ((HostApplicationBuilder)builder).Build();
        WebApplication app = web.Build();
        app.MapOrleansDashboard();
        return app;
    }

    /// <summary>The empty web builder (no configuration files, no hosting defaults), Kestrel on <paramref name="address"/>:<paramref name="port"/>.</summary>
    private static WebApplicationBuilder DashboardBuilder(IPAddress address, int port)
    {
        WebApplicationBuilder web = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        web.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(address, port);
        });
        web.Services.AddRouting();
        return web;
    }

    /// <summary>
    /// The Redis client's options for <paramref name="endpoint"/> (HOST:PORT). A running silo keeps retrying when
    /// Redis is briefly away, instead of failing its membership updates at once.
    /// </summary>
    public static ConfigurationOptions RedisOptions(string endpoint)
    {
        var options = new ConfigurationOptions { AbortOnConnectFail = false, ConnectTimeout = 5000 };
        options.EndPoints.Add(endpoint);
        return options;
    }

    /// <summary>
    /// Fails with a one-line <see cref="ClusterUnreachableException"/> unless Redis answers at
    /// <paramref name="endpoint"/> within 5 s: a silo would otherwise fail its start with Orleans' own stack traces.
    /// </summary>
    public static async Task CheckRedisAsync(string endpoint)
    {
        ConfigurationOptions options = RedisOptions(endpoint);
        options.AbortOnConnectFail = true;
        try
        {
            await using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(options);
            await redis.GetDatabase().PingAsync();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new ClusterUnreachableException($"--redis: no Redis answered at {endpoint} within {options.ConnectTimeout / 1000} s: is redis-server running there?", e);
        }
    }

    /// <summary>A client of the cluster behind <paramref name="gateways"/> (not started).</summary>
    public static IHost Client(IReadOnlyList<IPEndPoint> gateways, FailureDetection detection)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.None);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = SiloSettings.ClusterId;
                o.ServiceId = SiloSettings.ServiceId;
            });
            client.UseStaticClustering([.. gateways]);
            client.Configure<ClientMessagingOptions>(o => detection.Apply(o));
        });
        OneCopyOfEachAssembly(builder.Services);
        return builder.Build();
    }

    /// <summary>
    /// Orleans registers the generated type manifest of every assembly loaded in the process, whatever its load
    /// context. A second copy of one (a plugin host, a test loading assemblies afresh) would register the same grain
    /// types twice, and the host would fail to start on a duplicate key: drop the manifests of copies loaded in
    /// another context when this assembly's own context holds an assembly of that name.
    /// </summary>
    /// <param name="services">A host's services, after Orleans was added to them.</param>
    public static void OneCopyOfEachAssembly(IServiceCollection services)
    {
        AssemblyLoadContext own = AssemblyLoadContext.GetLoadContext(typeof(Silos).Assembly) ?? AssemblyLoadContext.Default;
        var names = own.Assemblies.Select(a => a.GetName().Name).ToHashSet(StringComparer.Ordinal);
        for (int i = services.Count - 1; i >= 0; i--)
        {
            ServiceDescriptor service = services[i];
            if (service.ServiceType == typeof(IConfigureOptions<TypeManifestOptions>) && !service.IsKeyedService
                && service.ImplementationType is { } provider
                && AssemblyLoadContext.GetLoadContext(provider.Assembly) != own
                && names.Contains(provider.Assembly.GetName().Name))
                services.RemoveAt(i);
        }
    }

    /// <summary>Parses HOST:PORT (a name is resolved, IPv4 preferred); a one-line error naming <paramref name="option"/>.</summary>
    public static IPEndPoint ParseEndpoint(string text, string option)
    {
        int colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) && port is > 0 and < 65536)
        {
            string host = text[..colon].Trim('[', ']');
            if (IPAddress.TryParse(host, out IPAddress? ip))
                return new IPEndPoint(ip, port);
            try
            {
                IPAddress[] addresses = Dns.GetHostAddresses(host);
                IPAddress? chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
                if (chosen is not null)
                    return new IPEndPoint(chosen, port);
            }
            catch (SocketException)
            {
            }
            throw new HyperSharp.Ladder.SpecException($"{option}: cannot resolve host '{host}'");
        }
        throw new HyperSharp.Ladder.SpecException($"{option} takes HOST:PORT, a port from 1 to 65535 (got '{text}')");
    }

    /// <summary>The gateways of <c>--gateway</c> (HOST:PORT, several comma-separated); a one-line error for a bad one.</summary>
    public static IPEndPoint[] ParseGateways(string text)
    {
        IPEndPoint[] gateways = [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(g => ParseEndpoint(g, "--gateway"))];
        return gateways.Length > 0 ? gateways : throw new HyperSharp.Ladder.SpecException("--gateway takes HOST:PORT (several, comma-separated)");
    }

    /// <summary>The grain factory of a started silo or client host.</summary>
    public static IGrainFactory Grains(IHost host) => host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Active silos, as the cluster's membership sees them.</summary>
    public static async Task<int> ActiveSilosAsync(IGrainFactory grains) =>
        (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count;
}

/// <summary>
/// The embedded cluster of <c>--on local</c>: <paramref name="count"/> silos in this process on free loopback ports,
/// the first holding the membership; the driver uses the first silo's grain factory. Stopped on disposal.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<IHost> _hosts = [];

    private LocalCluster()
    {
    }

    /// <summary>The silos' hosts, the primary first.</summary>
    public IReadOnlyList<IHost> Hosts => _hosts;

    /// <summary>The driver's way in.</summary>
    public IGrainFactory Grains => Silos.Grains(_hosts[0]);

    /// <summary>The name of the silo the driver runs in (the first): <see cref="Dataflow.JobOptions.DriverSilo"/>.</summary>
    public const string DriverSilo = "local-0";

    /// <summary>Starts <paramref name="count"/> silos and waits until each has joined.</summary>
    public static async Task<LocalCluster> StartAsync(int count, FailureDetection detection, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var cluster = new LocalCluster();
        try
        {
            IPEndPoint? primary = null;
            for (int i = 0; i < count; i++)
            {
                var settings = new SiloSettings(IPAddress.Loopback, Silos.FreePort(), Silos.FreePort(), primary, Name: i == 0 ? DriverSilo : $"local-{i}");
                primary ??= new IPEndPoint(IPAddress.Loopback, settings.Port);
                IHost host = Silos.Build(settings, detection, LogLevel.None);
                cluster._hosts.Add(host);
                await host.StartAsync(cancellation);
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // The primary holds the membership: it goes last.
        for (int i = _hosts.Count - 1; i >= 0; i--)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _hosts[i].StopAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or OrleansException)
            {
                // Stopping is best effort: the process ends the rest.
            }
            _hosts[i].Dispose();
        }
        _hosts.Clear();
    }
}
