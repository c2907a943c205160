namespace HyperSharp.Particles;

/// <summary>
/// What the user asks for: <paramref name="Count"/> particles with x, y, w uniform in (−1, 1) drawn from
/// <paramref name="Seed"/>, evolved for <paramref name="Time"/> in steps of <see cref="Dt"/>.
/// </summary>
public sealed record ParticleSpec(int Count, double Time, int Seed = ParticleSpec.DefaultSeed)
{
    /// <summary>The seed when none is given.</summary>
    public const int DefaultSeed = 42;

    /// <summary>The book's timestep.</summary>
    public const double Dt = 1e-5;

    /// <summary>nsteps = int(t/dt), as in the book.</summary>
    public int Steps => (int)(Time / Dt);

    /// <summary>The book's benchmark: 1000 particles, evolve(0.1).</summary>
    public static ParticleSpec BookBenchmark { get; } = new(1000, 0.1);
}
