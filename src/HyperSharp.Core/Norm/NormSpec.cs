namespace HyperSharp.Norm;

/// <summary>What the user asks for: the squared norm of a vector of <paramref name="Count"/> elements uniform in [−1, 1), drawn from <paramref name="Seed"/>.</summary>
/// <param name="Count">Elements of the vector.</param>
/// <param name="Seed">Seed of the counter stream the elements are drawn from (<see cref="Kernels.UniformStream"/>).</param>
public sealed record NormSpec(long Count, long Seed = NormSpec.DefaultSeed)
{
    /// <summary>The seed when none is given.</summary>
    public const long DefaultSeed = 42;

    /// <summary>The book's size (Gorelick ch. 6): a vector of 10⁶ elements.</summary>
    public static NormSpec BookExample { get; } = new(1_000_000);
}
