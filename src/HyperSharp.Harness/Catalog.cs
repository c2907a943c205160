using HyperSharp.Diffusion;
using HyperSharp.Gpu.Diffusion;
using HyperSharp.Gpu.Particles;
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

    public static DiffusionLadder Diffusion { get; } = new([new DiffusionGpu()]);

    public static IReadOnlyList<ILadder> Ladders { get; } = [Particles, Diffusion];

    public static ILadder Find(string name) =>
        Ladders.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown system '{name}' (systems: {string.Join(", ", Ladders.Select(l => l.Name))})");
}
