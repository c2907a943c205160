using System.Net;
using System.Reflection;
using System.Runtime.Loader;
using HyperSharp.Cluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Serialization.Configuration;
using Xunit;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// Orleans reads the generated type manifest of every assembly loaded in the process, in any load context. A second
/// copy of HyperSharp.Cluster (a test loading the HyperSharp assemblies afresh did this) must not register the grain
/// types twice: that failed every later silo and client with a duplicate key.
/// </summary>
[Collection(OrleansCollection.Name)]
public sealed class AssemblyCopyTests
{
    [Fact]
    public void SiloAndClient_WithASecondCopyOfTheClusterAssemblyLoaded_BuildTheirTypeManifest()
    {
        var context = new AssemblyLoadContext("second copy of HyperSharp.Cluster", isCollectible: true);
        try
        {
            Assembly copy = context.LoadFromAssemblyPath(typeof(Silos).Assembly.Location);
            Assert.NotSame(typeof(Silos).Assembly, copy);

            using IHost silo = Silos.Build(new SiloSettings(IPAddress.Loopback, Silos.FreePort(), Silos.FreePort()), FailureDetection.Fast, LogLevel.None);
            Assert.NotEmpty(silo.Services.GetRequiredService<IOptions<TypeManifestOptions>>().Value.Interfaces);

            using IHost client = Silos.Client([new IPEndPoint(IPAddress.Loopback, Silos.FreePort())], FailureDetection.Fast);
            Assert.NotEmpty(client.Services.GetRequiredService<IOptions<TypeManifestOptions>>().Value.Interfaces);
        }
        finally
        {
            context.Unload();
        }
    }
}
