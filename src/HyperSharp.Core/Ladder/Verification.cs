namespace HyperSharp.Ladder;

/// <summary>How an oracle judged an answer.</summary>
public enum OracleMethod
{
    /// <summary>Compared with the reference rung's answer on the same (or a smaller) spec.</summary>
    Reference,
    /// <summary>Compared with an exact answer the oracle computes itself (a count, a fingerprint); no reference run.</summary>
    Exact,
    /// <summary>Judged statistically (so many σ from the true value); no reference run.</summary>
    Statistical,
}

/// <summary>The outcome of an oracle's check of a rung's answer.</summary>
/// <param name="Passed">Whether the answer is within <paramref name="Tolerance"/>.</param>
/// <param name="Error">The oracle's error measure (e.g. largest relative difference).</param>
/// <param name="Tolerance">The largest error the rung may have.</param>
/// <param name="Measure">What <paramref name="Error"/> means, in words.</param>
public sealed record Verification(bool Passed, double Error, double Tolerance, string Measure)
{
    /// <summary>How the answer was judged.</summary>
    public OracleMethod Method { get; init; } = OracleMethod.Reference;

    /// <summary>Passed when <paramref name="error"/> ≤ <paramref name="tolerance"/>.</summary>
    public static Verification Within(double error, double tolerance, string measure) =>
        new(error <= tolerance, error, tolerance, measure);
}
