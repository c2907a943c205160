namespace HyperSharp.Ladder;

/// <summary>The outcome of comparing a rung's answer with the reference's.</summary>
/// <param name="Error">The ladder's error measure (e.g. largest relative difference).</param>
/// <param name="Tolerance">The largest error the rung may have.</param>
/// <param name="Measure">What <paramref name="Error"/> means, in words.</param>
public sealed record Verification(bool Passed, double Error, double Tolerance, string Measure)
{
    public static Verification Within(double error, double tolerance, string measure) =>
        new(error <= tolerance, error, tolerance, measure);
}
