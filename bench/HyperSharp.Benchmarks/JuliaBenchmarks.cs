using BenchmarkDotNet.Attributes;
using HyperSharp.Harness;
using HyperSharp.Julia;
using HyperSharp.Ladder;

namespace HyperSharp.Benchmarks;

/// <summary>
/// Every Julia rung on the book's grid. One invocation = the sum of counts in iterations (33,219,980 at width 1000,
/// maxiter 300); divide by the mean for iterations/s (hyper bench prints that unit directly).
/// </summary>
[MemoryDiagnoser]
public class JuliaBenchmarks
{
    private JuliaProblem _problem = null!;

    public static IEnumerable<string> RungNames => Catalog.Julia.Rungs.Where(r => r.Availability.IsAvailable).Select(r => r.Name);

    [ParamsSource(nameof(RungNames))]
    public string Rung { get; set; } = "reference";

    [Params(200, 1_000)]
    public int Width { get; set; }

    [GlobalSetup]
    public void Setup() => _problem = Catalog.Julia.Build(new JuliaSpec(Width, 300));

    [Benchmark]
    public long Count() => Catalog.Julia.Find(Rung).Run(_problem, RunContext.Default).Sum();
}
