using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace HyperSharp.Net;

/// <summary>What the project's servers (the slow server, the monitor's page) share in how they start Kestrel.</summary>
internal static class KestrelApps
{
    /// <summary>
    /// The empty builder (no configuration files, no hosting defaults) with Kestrel alone, listening on
    /// <paramref name="host"/>:<paramref name="port"/> (0: a free port); <paramref name="configure"/> adds limits.
    /// </summary>
    public static WebApplicationBuilder EmptyBuilder(string host, int port, Action<KestrelServerOptions>? configure = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            configure?.Invoke(k);
            k.Listen(IPAddress.Parse(host), port);
        });
        return builder;
    }

    /// <summary>The address a started app listens on (the port it was given, when asked for 0), a wildcard named as loopback.</summary>
    public static Uri BaseAddress(WebApplication app)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }
}
