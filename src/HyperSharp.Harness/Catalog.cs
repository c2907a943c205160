using HyperSharp.Gpu.Julia;
using HyperSharp.Diffusion;
using HyperSharp.Gpu.Diffusion;
using HyperSharp.Gpu.Particles;
using HyperSharp.Gpu.Pi;
using HyperSharp.Julia;
using HyperSharp.Ladder;
using HyperSharp.Particles;
using HyperSharp.Primes;
using HyperSharp.Pi;

namespace HyperSharp.Harness;

/// <summary>
/// The one registry: every system with the rungs of every project, reference first. The CLI, the tests and the
/// benchmarks all read it.
/// </summary>
public static class Catalog
{
    public static ParticlesLadder Particles { get; } = new([new ParticlesGpu()]);

    public static JuliaLadder Julia { get; } = new([new JuliaGpu()]);

    public static DiffusionLadder Diffusion { get; } = new([new DiffusionGpu()]);

    public static PiLadder Pi { get; } = new([new PiGpu()]);

    public static PrimesLadder Primes { get; } = new();

    public static PrimeCheckLadder PrimeCheck { get; } = new();

    public static IReadOnlyList<ILadder> Ladders { get; } = [Particles, Julia, Diffusion, Pi, Primes, PrimeCheck];

    public static ILadder Find(string name) =>
        Ladders.FirstOrDefault(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException($"unknown system '{name}' (systems: {string.Join(", ", Ladders.Select(l => l.Name))})");
}
