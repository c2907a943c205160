using Xunit;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// Every test class that starts Orleans silos in this process: run one at a time and after the parallel tests, never
/// beside another test that starts silos on the same two cores (start-up and failure detection are timing-sensitive).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OrleansCollection
{
    public const string Name = "Orleans";
}
