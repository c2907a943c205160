using HyperSharp.Harness;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Particles;
using HyperSharp.Tests.Ladder;

namespace HyperSharp.Tests.Particles;

/// <summary>
/// Every registered particle rung (HYPERSHARP_RUNG narrows it to one) against the book's golden case and against
/// the reference on random particles. Tolerances are each rung's own: 0 (bit-identical) for the exact rungs,
/// 1e-12 normwise relative for fastmath and gpu. What every ladder must do is in <see cref="LadderConformance{TSpec,TProblem,TResult}"/>.
/// </summary>
public sealed class ParticlesConformanceTests : LadderConformance<ParticleSpec, ParticleProblem, ParticleState>
{
    private static readonly ParticlesLadder s_ladder = Catalog.Particles;
    private static readonly RunContext s_context = RunContext.Default;

    protected override ParticlesLadder Ladder => s_ladder;

    protected override IEnumerable<ConformanceCase<ParticleProblem>> GoldenCases() =>
        [ConformanceCase<ParticleProblem>.Of("book case", ParticleProblem.BookCase)];

    /// <summary>Every count from 0 to 257: empty, below, at and above each register width and chunk.</summary>
    protected override IEnumerable<ConformanceCase<ParticleProblem>> RandomCases(Rung<ParticleProblem, ParticleState> rung) =>
        Enumerable.Range(0, 258).Select(count =>
            ConformanceCase<ParticleProblem>.Of($"count {count}", () => ParticleProblem.Random(count, steps: 200, seed: 1000 + count)));

    protected override ConformanceCase<ParticleProblem> SmallCase { get; } =
        ConformanceCase<ParticleProblem>.Of("100 particles, 50 steps", () => ParticleProblem.Random(100, steps: 50, seed: 5));

    protected override string Snapshot(ParticleProblem problem) =>
        $"{Fingerprint.Of(problem.X, problem.Y, problem.W)} {problem.Steps} {problem.Dt:R}";

    protected override IEnumerable<ParticleSpec> BadSpecs() =>
    [
        new(0, 0.1),
        new(-5, 0.1),
        new(100, double.NaN),
        new(100, -0.1),
        new(100, 0),
        new(100, double.PositiveInfinity),
        new(100, 1e-7),          // less than one step
        new(100, 1e9),           // more than int.MaxValue steps
        new(int.MaxValue, 0.1),  // arrays would not fit in memory
    ];

    protected override IEnumerable<ParticleSpec> ValidSpecs() =>
        [ParticleSpec.BookBenchmark, new(1, ParticleSpec.Dt, 0), new(12_345, 0.1 + 0.2, int.MaxValue)];

    protected override void CheckAnswer(Rung<ParticleProblem, ParticleState> rung, ParticleProblem problem, ParticleState answer, string what) =>
        Assert.Equal(problem.Count, answer.Count);

    public static TheoryData<string> Rungs() => new(s_ladder.RunnableHere().Select(r => r.Name));

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_BookCase_MatchesGoldenAnswer(string name)
    {
        ParticleState state = s_ladder.Find(name).Run(ParticleProblem.BookCase(), s_context);

        for (int i = 0; i < ParticleProblem.BookCaseAnswer.Count; i++)
        {
            (double x, double y) = ParticleProblem.BookCaseAnswer[i];
            Assert.True(Math.Abs(state.X[i] - x) <= 1e-5, $"particle {i}: x = {state.X[i]}, book {x}");
            Assert.True(Math.Abs(state.Y[i] - y) <= 1e-5, $"particle {i}: y = {state.Y[i]}, book {y}");
        }
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_10000ParticlesFor10000Steps_MatchReference(string name)
    {
        ParticleProblem problem = ParticleProblem.Random(10_000, steps: 10_000, seed: 7);
        AssertAgrees(s_ladder.Find(name), problem, "10,000 × 10,000");
    }

    [Theory]
    [MemberData(nameof(Rungs))]
    public void Rung_OneThread_MatchesReference(string name)
    {
        ParticleProblem problem = ParticleProblem.Random(1_001, steps: 500, seed: 3);
        Rung<ParticleProblem, ParticleState> rung = s_ladder.Find(name);
        Verification v = s_ladder.Verify(Reference(problem), rung.Run(problem, new RunContext(1)), rung.Tolerance);
        Assert.True(v.Passed, $"{name} with 1 thread: error {v.Error:G3} > {v.Tolerance:G3}");
    }

    public static TheoryData<SimdWidth> Widths() => new(SimdWidths.Supported);

    /// <summary>The fallback widths never run as a rung on an AVX-512 machine, so they are tested here directly.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void Kernel_EveryWidth_ExactStepIsBitIdenticalAndFastStepWithinBound(SimdWidth width)
    {
        for (int count = 0; count <= 133; count++)
        {
            ParticleProblem problem = ParticleProblem.Random(count, steps: 300, seed: 77 + count);
            ParticleState reference = Reference(problem);

            ParticleState exact = problem.CopyPositions();
            ParticleKernel.Evolve<ExactStep>(exact.X, exact.Y, problem.AngularSteps(), problem.Steps, width);
            Assert.Equal(0, exact.RelativeErrorAgainst(reference));

            ParticleState fast = problem.CopyPositions();
            ParticleKernel.Evolve<FastStep>(fast.X, fast.Y, problem.AngularSteps(), problem.Steps, width);
            Assert.True(fast.RelativeErrorAgainst(reference) <= ParticlesFastMath.ErrorBound, $"{width}, count {count}");

            ParticleState reciprocal = problem.CopyPositions();
            ParticleKernel.Evolve<ReciprocalStep>(reciprocal.X, reciprocal.Y, problem.AngularSteps(), problem.Steps, width);
            Assert.True(reciprocal.RelativeErrorAgainst(reference) <= ParticlesReciprocal.ErrorBound, $"{width}, count {count}");
        }
    }

    [Theory]
    [InlineData("fastmath", ParticlesFastMath.ErrorBound)]
    [InlineData("reciprocal", ParticlesReciprocal.ErrorBound)]
    public void ErrorBound_HoldsAfter10000StepsForManyParticles(string rung, double bound)
    {
        // The documented bound, on particles of every radius in (0, √2) including very small ones; not zero, or the
        // rung would be the reference under another name.
        ParticleProblem problem = ParticleProblem.Random(4_096, steps: 10_000, seed: 2024);
        double error = s_ladder.Find(rung).Run(problem, s_context).RelativeErrorAgainst(Reference(problem));
        Assert.InRange(error, double.Epsilon, bound);
    }

    [Fact]
    public void Verify_DetectsAWrongAnswer()
    {
        ParticleProblem problem = ParticleProblem.Random(64, steps: 10, seed: 9);
        ParticleState good = Reference(problem);
        ParticleState bad = problem.CopyPositions(); // not evolved at all
        Assert.True(s_ladder.Verify(good, good, 0).Passed);
        Assert.False(s_ladder.Verify(good, bad, 1e-12).Passed);
        bad.X[3] = double.NaN;
        Assert.False(s_ladder.Verify(good, bad, double.MaxValue).Passed);
    }

    private static ParticleState Reference(ParticleProblem problem) => s_ladder.Reference.Run(problem, s_context);

    private static void AssertAgrees(Rung<ParticleProblem, ParticleState> rung, ParticleProblem problem, string what)
    {
        ParticleState got = rung.Run(problem, s_context);
        Assert.Equal(problem.Count, got.Count);
        Verification v = s_ladder.Verify(Reference(problem), got, rung.Tolerance);
        Assert.True(v.Passed, $"{rung.Name}, {what}: {v.Measure} = {v.Error:G3} > {v.Tolerance:G3}");
    }
}
