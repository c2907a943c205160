using HyperSharp.Ladder;

namespace HyperSharp.Pi;

/// <summary>Rung 0: the books' loop, one random pair per sample from <c>System.Random(seed)</c>.</summary>
public sealed class PiReference : SyncRung<PiProblem, PiResult>, IDrawsSystemRandom
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <summary>System.Random draws other points than the counter stream: judged by |π̂ − π| / σ ≤ 5 (see <see cref="PiLadder"/>).</summary>
    public override double Tolerance => PiLadder.SigmaTolerance;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "System.Random(seed), one (x, y) pair per loop, count x² + y² ≤ 1 (the books' loop)";

    /// <inheritdoc/>
    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        var random = new Random((int)problem.Seed);
        long hits = 0;
        for (long i = 0; i < problem.Samples; i++)
        {
            double x = random.NextDouble();
            double y = random.NextDouble();
            if (x * x + y * y <= 1.0)
                hits++;
        }
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.SystemRandom);
    }
}
