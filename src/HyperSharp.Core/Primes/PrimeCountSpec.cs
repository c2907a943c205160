namespace HyperSharp.Primes;

/// <summary>Count the primes p &lt; <paramref name="Below"/>; <paramref name="Chunk"/> numbers per work item for the queued rungs.</summary>
public sealed record PrimeCountSpec(long Below, int Chunk = PrimeCountSpec.DefaultChunk)
{
    /// <summary>Numbers per work item, when not given.</summary>
    public const int DefaultChunk = 10_000;

    /// <summary>The book's count: π(10⁷) = 664,579.</summary>
    public static PrimeCountSpec Book { get; } = new(10_000_000);
}
