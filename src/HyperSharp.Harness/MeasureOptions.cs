namespace HyperSharp.Harness;

/// <summary>How hard to measure. Repeats adapt to the run's length: short runs repeat more.</summary>
/// <param name="Warmups">Untimed runs first (JIT tiers, GPU kernel compilation, caches).</param>
/// <param name="MinRepeats">Timed runs, at least.</param>
/// <param name="MaxRepeats">Timed runs, at most.</param>
/// <param name="TargetSeconds">Timed runs stop once this much time is spent and <paramref name="MinRepeats"/> are done.</param>
/// <param name="MaxVerifyWork">The reference runs on the full spec only up to this much work; beyond, on a smaller spec.</param>
public sealed record MeasureOptions(
    int Warmups = 1,
    int MinRepeats = 3,
    int MaxRepeats = 25,
    double TargetSeconds = 2,
    double MaxVerifyWork = 2e8)
{
    public static MeasureOptions Default { get; } = new();

    /// <summary>For tests: one warm-up, one timed run.</summary>
    public static MeasureOptions Quick { get; } = new(Warmups: 1, MinRepeats: 1, MaxRepeats: 1, TargetSeconds: 0);
}
