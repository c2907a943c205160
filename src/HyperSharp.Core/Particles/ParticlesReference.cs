using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>A particle as the book writes it: an object with a position and an angular velocity.</summary>
public sealed class Particle(double x, double y, double angularVelocity)
{
    /// <summary>Position, x.</summary>
    public double X { get; set; } = x;
    /// <summary>Position, y.</summary>
    public double Y { get; set; } = y;
    /// <summary>Radians per unit time (any sign).</summary>
    public double AngularVelocity { get; } = angularVelocity;
}

/// <summary>The book's simulator: a list of particles and an <see cref="Evolve"/> that loops steps, then particles.</summary>
public sealed class ParticleSimulator(List<Particle> particles)
{
    /// <summary>The particles, moved in place by <see cref="Evolve"/>.</summary>
    public List<Particle> Particles { get; } = particles;

    /// <summary>Advances every particle <paramref name="steps"/> steps of <paramref name="dt"/>, step by step (the book's loop order).</summary>
    public void Evolve(double dt, int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            foreach (Particle p in Particles)
            {
                double norm = Math.Sqrt(p.X * p.X + p.Y * p.Y);
                double vx = -p.Y / norm;
                double vy = p.X / norm;
                double dx = dt * p.AngularVelocity * vx;
                double dy = dt * p.AngularVelocity * vy;
                p.X += dx;
                p.Y += dy;
            }
        }
    }
}

/// <summary>Rung 0: plain objects and loops, written for clarity. Every other rung is checked against it.</summary>
public sealed class ParticlesReference : SyncRung<ParticleProblem, ParticleState>
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "Particle objects in a List; loop over steps, then particles (the book's code)";

    /// <inheritdoc/>
    protected override ParticleState Compute(ParticleProblem problem, RunContext context)
    {
        var particles = new List<Particle>(problem.Count);
        for (int i = 0; i < problem.Count; i++)
            particles.Add(new Particle(problem.X[i], problem.Y[i], problem.W[i]));

        new ParticleSimulator(particles).Evolve(problem.Dt, problem.Steps);

        return new ParticleState(particles.Select(p => p.X).ToArray(), particles.Select(p => p.Y).ToArray());
    }
}
