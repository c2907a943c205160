namespace HyperSharp.Particles;

/// <summary>
/// The initial state every rung starts from, struct-of-arrays, plus how far to evolve it. Rungs copy it; they never
/// write to these arrays.
/// </summary>
public sealed class ParticleProblem
{
    /// <summary>A problem of <paramref name="steps"/> steps of <paramref name="dt"/> from positions (<paramref name="x"/>, <paramref name="y"/>) and angular velocities <paramref name="w"/> (kept, not copied).</summary>
    /// <exception cref="ArgumentException">The arrays differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public ParticleProblem(double[] x, double[] y, double[] w, int steps, double dt = ParticleSpec.Dt)
    {
        if (y.Length != x.Length || w.Length != x.Length)
            throw new ArgumentException("x, y and w must have the same length.");
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        X = x;
        Y = y;
        W = w;
        Steps = steps;
        Dt = dt;
    }

    /// <summary>Start x of each particle.</summary>
    public double[] X { get; }
    /// <summary>Start y of each particle.</summary>
    public double[] Y { get; }
    /// <summary>Angular velocity of each particle (any sign).</summary>
    public double[] W { get; }
    /// <summary>Time steps to evolve.</summary>
    public int Steps { get; }
    /// <summary>The time step.</summary>
    public double Dt { get; }
    /// <summary>Particles.</summary>
    public int Count => X.Length;

    /// <summary>
    /// Draws x, y, w for each particle in turn from <c>System.Random(seed)</c>, so the first k particles are the
    /// same whatever the count (a smaller verification run checks the same particles).
    /// </summary>
    public static ParticleProblem Random(int count, int steps, int seed)
    {
        var random = new Random(seed);
        var x = new double[count];
        var y = new double[count];
        var w = new double[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = Uniform(random);
            y[i] = Uniform(random);
            w[i] = Uniform(random);
        }
        return new ParticleProblem(x, y, w, steps);

        static double Uniform(Random r) => 2 * r.NextDouble() - 1;
    }

    /// <summary>The book's test: three particles, evolve(0.1).</summary>
    public static ParticleProblem BookCase() =>
        new([0.3, 0.0, -0.1], [0.5, -0.5, -0.4], [1, -1, 3], new ParticleSpec(3, 0.1).Steps);

    /// <summary>The book's expected positions after <see cref="BookCase"/>, to 1e-5.</summary>
    public static IReadOnlyList<(double X, double Y)> BookCaseAnswer { get; } =
        [(0.210269, 0.543863), (-0.099334, -0.490034), (0.191358, -0.365227)];

    /// <summary>dt·w per particle: the per-particle constant every fast rung hoists out of the step loop.</summary>
    public double[] AngularSteps()
    {
        var dtw = new double[Count];
        for (int i = 0; i < dtw.Length; i++)
            dtw[i] = Dt * W[i];
        return dtw;
    }

    /// <summary>A fresh, writable copy of the positions for a rung to evolve in place.</summary>
    public ParticleState CopyPositions() => new((double[])X.Clone(), (double[])Y.Clone());
}
