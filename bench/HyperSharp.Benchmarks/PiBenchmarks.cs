using BenchmarkDotNet.Attributes;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Pi;

namespace HyperSharp.Benchmarks;

/// <summary>
/// Every Monte Carlo π rung but <c>processes</c> (its children are <c>hyper</c> itself, which `hyper bench pi`
/// measures). One invocation = Samples samples; divide by the mean for samples/s.
/// </summary>
[MemoryDiagnoser]
public class PiBenchmarks
{
    private PiProblem _problem = null!;

    public static IEnumerable<string> RungNames =>
        Catalog.Pi.Rungs.Where(r => r.Availability.IsAvailable && r is not PiProcesses).Select(r => r.Name);

    [ParamsSource(nameof(RungNames))]
    public string Rung { get; set; } = "reference";

    [Params(1_000_000)]
    public long Samples { get; set; }

    [GlobalSetup]
    public void Setup() => _problem = Catalog.Pi.Build(new PiSpec(Samples));

    [Benchmark]
    public long Count() => Catalog.Pi.Find(Rung).Run(_problem, RunContext.Default).Hits;
}
