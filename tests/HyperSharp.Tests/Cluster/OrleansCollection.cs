using Xunit;

namespace HyperSharp.Tests.Cluster;

/// <summary>
/// Every test class that starts Orleans silos in this process: run one at a time and after the parallel tests, never
/// beside another test that may start a silo too (two hosts starting at once in the full suite failed in Orleans'
/// type-manifest set-up with a duplicate key, while each class alone passed).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OrleansCollection
{
    public const string Name = "Orleans";
}
