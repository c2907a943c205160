using HyperSharp.Gpu.Julia;
using HyperSharp.Gpu.Particles;
using HyperSharp.Julia;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Harness;

/// <summary>
/// The one registry: every system with the rungs of every project, reference first. The CLI, the tests and the
/// benchmarks all read it.
/// </summary>
public static class Catalog
{
    public static ParticlesLadder Particles { get; } = new([new ParticlesGpu()]);

    public static JuliaLadder Julia { get; } = new([new JuliaGpu()]);

    public static IReadOnlyList<ILadder> Ladders { get; } = [Particles, Julia];

    public static ILadder Find(string name) =>
        Ladders.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown system '{name}' (systems: {string.Join(", ", Ladders.Select(l => l.Name))})");
}
