using HyperSharp.Diffusion;
using HyperSharp.Harness;
using HyperSharp.Julia;
using HyperSharp.Ladder;
using HyperSharp.Particles;

namespace HyperSharp.Tests.Ladder;

/// <summary>
/// Properties the reference rungs must have by their mathematics, so the references themselves are pinned — not only
/// every other rung against them. Each tolerance is rounding, far below what a wrong formula would give.
/// </summary>
public sealed class ReferenceInvariantTests
{
    private static readonly RunContext s_context = RunContext.Default;

    /// <summary>
    /// Explicit Euler on the circle adds the square of the step to r² exactly: (x − h·y/r)² + (y + h·x/r)² = r² + h²
    /// with h = dt·w, so r²ₙ = r₀² + n·h²; and each step turns the particle by atan(h / rₖ), so its angle after n
    /// steps is θ₀ + Σₖ atan(h / √(r₀² + k·h²)). A swapped coordinate, a step that uses the updated x, a lost step or
    /// the wrong sign all miss these by ≥ 1e-6; rounding stays below 1e-11.
    /// </summary>
    [Fact]
    public void Particles_Reference_FollowsTheClosedFormOfEulersMap()
    {
        ParticleProblem problem = ParticleProblem.Random(200, steps: 5_000, seed: 11);
        ParticleState state = Catalog.Particles.Reference.Run(problem, s_context);
        int n = problem.Steps;
        double[] h = problem.AngularSteps();
        for (int i = 0; i < problem.Count; i++)
        {
            double r0 = problem.X[i] * problem.X[i] + problem.Y[i] * problem.Y[i];
            double rn = state.X[i] * state.X[i] + state.Y[i] * state.Y[i];
            double expected = r0 + n * h[i] * h[i];
            Assert.True(Math.Abs(rn - expected) <= 1e-12 * expected, $"particle {i}: r² {rn:R}, closed form {expected:R}");

            double turned = 0;
            for (int k = 0; k < n; k++)
                turned += Math.Atan(h[i] / Math.Sqrt(r0 + k * h[i] * h[i]));
            double angle = Math.Atan2(state.Y[i], state.X[i]) - Math.Atan2(problem.Y[i], problem.X[i]);
            double miss = Math.IEEERemainder(angle - turned, 2 * Math.PI);
            Assert.True(Math.Abs(miss) <= 1e-9, $"particle {i}: turned {angle:R}, closed form {turned:R}");
        }
    }

    /// <summary>
    /// A single Fourier mode cos(2πpi/N)·cos(2πqj/N) is an eigenvector of the periodic five-point Laplacian with
    /// eigenvalue λ = 2cos(2πp/N) + 2cos(2πq/N) − 4, so S steps scale it by (1 + k·λ)^S exactly. A shifted, transposed
    /// or reflected neighbour, or an off-by-one wrap, breaks it for most (p, q).
    /// </summary>
    [Theory]
    [InlineData(16, 1, 0)]
    [InlineData(16, 3, 5)]
    [InlineData(33, 2, 7)]
    [InlineData(40, 20, 1)]
    public void Diffusion_Reference_DecaysAFourierModeAsTheDiscreteOperatorSays(int size, int p, int q)
    {
        const int steps = 50;
        var initial = new double[size * size];
        for (int i = 0; i < size; i++)
            for (int j = 0; j < size; j++)
                initial[i * size + j] = Math.Cos(2 * Math.PI * p * i / size) * Math.Cos(2 * Math.PI * q * j / size);
        var problem = new DiffusionProblem(initial, size, dims: 2, steps);
        DiffusionGrid grid = Catalog.Diffusion.Reference.Run(problem, s_context);
        double lambda = 2 * Math.Cos(2 * Math.PI * p / size) + 2 * Math.Cos(2 * Math.PI * q / size) - 4;
        double scale = Math.Pow(1 + problem.K * lambda, steps);
        for (int c = 0; c < initial.Length; c++)
            Assert.True(Math.Abs(grid.Cells[c] - scale * initial[c]) <= 1e-12, $"cell {c}: {grid.Cells[c]:R}, mode says {scale * initial[c]:R}");
    }

    /// <summary>
    /// z² + c is even in z, and negating a float is exact, so on a grid built exactly symmetric about 0 (not the
    /// book's accumulated grid) the counts are point-symmetric: count(z) = count(−z), for every point.
    /// </summary>
    [Fact]
    public void Julia_Reference_OnASymmetricGrid_IsPointSymmetric()
    {
        const int points = 121;
        var axis = new double[points];
        for (int i = 0; i < points / 2; i++)
        {
            axis[i] = -1.8 + i * (3.6 / (points - 1));
            axis[points - 1 - i] = -axis[i];
        }
        double[] ys = axis.Reverse().ToArray();
        var problem = new JuliaProblem(axis, ys, maxIter: 300);
        JuliaImage image = Catalog.Julia.Reference.Run(problem, s_context);
        long escapedEarly = 0;
        for (int row = 0; row < points; row++)
            for (int col = 0; col < points; col++)
            {
                int count = image.Counts[row * points + col];
                Assert.Equal(count, image.Counts[(points - 1 - row) * points + (points - 1 - col)]);
                escapedEarly += count < 300 ? 1 : 0;
            }
        Assert.InRange(escapedEarly, points, points * points - points);   // the image is not trivially flat
    }
}
