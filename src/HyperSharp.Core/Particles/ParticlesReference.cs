using HyperSharp.Ladder;

namespace HyperSharp.Particles;

/// <summary>A particle as the book writes it: an object with a position and an angular velocity.</summary>
public sealed class Particle(double x, double y, double angularVelocity)
{
    public double X { get; set; } = x;
    public double Y { get; set; } = y;
    public double AngularVelocity { get; } = angularVelocity;
}

/// <summary>The book's simulator: a list of particles and an <see cref="Evolve"/> that loops steps, then particles.</summary>
public sealed class ParticleSimulator(List<Particle> particles)
{
    public List<Particle> Particles { get; } = particles;

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
    public override string Name => "reference";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "Particle objects in a List; loop over steps, then particles (the book's code)";

    protected override ParticleState Compute(ParticleProblem problem, RunContext context)
    {
        var particles = new List<Particle>(problem.Count);
        for (int i = 0; i < problem.Count; i++)
            particles.Add(new Particle(problem.X[i], problem.Y[i], problem.W[i]));

        new ParticleSimulator(particles).Evolve(problem.Dt, problem.Steps);

        return new ParticleState(particles.Select(p => p.X).ToArray(), particles.Select(p => p.Y).ToArray());
    }
}
