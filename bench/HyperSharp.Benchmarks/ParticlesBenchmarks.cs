using BenchmarkDotNet.Attributes;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Benchmarks;

/// <summary>
/// Every particle rung on the book's spec scaled up. One invocation = count × 1000 steps; divide by the mean for
/// particle-steps/s (hyper bench prints that unit directly).
/// </summary>
[MemoryDiagnoser]
public class ParticlesBenchmarks
{
    private ParticleProblem _problem = null!;

    public static IEnumerable<string> RungNames => Catalog.Particles.Rungs.Where(r => r.Availability.IsAvailable).Select(r => r.Name);

    [ParamsSource(nameof(RungNames))]
    public string Rung { get; set; } = "reference";

    [Params(1_000, 100_000)]
    public int Count { get; set; }

    [GlobalSetup]
    public void Setup() => _problem = Catalog.Particles.Build(new ParticleSpec(Count, 0.01));

    [Benchmark]
    public double Evolve() => Catalog.Particles.Find(Rung).Run(_problem, RunContext.Default).Checksum();
}
