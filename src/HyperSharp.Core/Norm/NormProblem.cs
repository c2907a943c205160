using HyperSharp.Kernels;

namespace HyperSharp.Norm;

/// <summary>The vector every rung receives; rungs never write to it.</summary>
/// <param name="Values">The elements.</param>
public sealed record NormProblem(double[] Values)
{
    /// <summary>Elements of the vector.</summary>
    public long Count => Values.LongLength;

    /// <summary>The vector of <paramref name="spec"/>: the first elements are the same whatever the count.</summary>
    public static NormProblem Of(NormSpec spec) => new(UniformStream.Doubles(spec.Count, spec.Seed));
}
