namespace HyperSharp.Harness;

/// <summary>How hard to measure. Repeats adapt to the run's length: short runs repeat more.</summary>
/// <param name="Warmups">Untimed runs first (JIT tiers, GPU kernel compilation, caches), at least.</param>
/// <param name="WarmupSeconds">Warm-up goes on until its runs have taken this much time, staging not counted (at most <paramref name="MaxRepeats"/> runs): tiered
/// compilation promotes methods called often to optimised, PGO-guided code only after ~30 calls and a short delay, so a
/// rung whose hot method runs per row or per chunk is slower in its first runs. Measured on the Julia set: one warm-up
/// gave medians of 11 ms between 6.7 ms and 18 ms runs; 0.5 s of warm-up gave steady 6.7 ms.</param>
/// <param name="MinRepeats">Timed runs, at least.</param>
/// <param name="MaxRepeats">Timed runs, at most.</param>
/// <param name="TargetSeconds">Timed runs stop once this much time is spent and <paramref name="MinRepeats"/> are done.</param>
/// <param name="MaxVerifyWork">The reference runs on the full spec only up to this much work; beyond, on a smaller spec.</param>
/// <param name="AnswerCache">A memo folder where the reference's answers are kept across runs (<see cref="ReferenceAnswers"/>); null: none.</param>
public sealed record MeasureOptions(
    int Warmups = 1,
    double WarmupSeconds = 0.5,
    int MinRepeats = 3,
    int MaxRepeats = 25,
    double TargetSeconds = 2,
    double MaxVerifyWork = 2e8,
    string? AnswerCache = null)
{
    public static MeasureOptions Default { get; } = new();

    /// <summary>For tests: one warm-up, one timed run.</summary>
    public static MeasureOptions Quick { get; } = new(Warmups: 1, WarmupSeconds: 0, MinRepeats: 1, MaxRepeats: 1, TargetSeconds: 0);
}
