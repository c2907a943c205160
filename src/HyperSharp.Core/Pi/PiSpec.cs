namespace HyperSharp.Pi;

/// <summary>What the user asks for: <paramref name="Samples"/> uniform points in the unit square, drawn from <paramref name="Seed"/>.</summary>
public sealed record PiSpec(long Samples, long Seed = PiSpec.DefaultSeed)
{
    /// <summary>The seed when none is given.</summary>
    public const long DefaultSeed = 42;

    /// <summary>The books' example size: 10⁶ samples.</summary>
    public static PiSpec BookExample { get; } = new(1_000_000);
}
