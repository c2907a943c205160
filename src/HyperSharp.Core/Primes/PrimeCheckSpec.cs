using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// Numbers to test for primality; the parallel rungs look at their shared early-exit flag every
/// <paramref name="CheckEvery"/> divisors (the book measures how often to check it).
/// </summary>
public sealed record PrimeCheckSpec(IReadOnlyList<ulong> Numbers, int CheckEvery = PrimeCheckSpec.DefaultCheckEvery)
{
    /// <summary>Divisors tried between looks at the early-exit flag, when not given.</summary>
    public const int DefaultCheckEvery = 4096;

    /// <summary>The book's numbers: three large primes and a composite.</summary>
    public static PrimeCheckSpec Book { get; } = new([112272535095293, 115280095190773, 1099726899285419, 112272535095295]);

    /// <summary>Parses whole numbers from 0 to 2⁶⁴ − 1; anything else is a one-line <see cref="SpecException"/>.</summary>
    public static ulong Parse(string text) => SpecParameter.ParseWhole(text);
}

/// <summary>The answer for one number: prime, composite with a factor, or neither (0 and 1).</summary>
public readonly record struct PrimeVerdict(ulong Number, bool IsPrime, ulong Factor)
{
    /// <summary><paramref name="n"/> is prime.</summary>
    public static PrimeVerdict Prime(ulong n) => new(n, true, 0);
    /// <summary><paramref name="n"/> is composite, divisible by <paramref name="factor"/> (neither 1 nor n).</summary>
    public static PrimeVerdict Composite(ulong n, ulong factor) => new(n, false, factor);
    /// <summary><paramref name="n"/> (0 or 1) is neither prime nor composite.</summary>
    public static PrimeVerdict Neither(ulong n) => new(n, false, 0);

    /// <summary>Whether the number is composite (not prime, and at least 2).</summary>
    public bool IsComposite => !IsPrime && Number >= 2;

    /// <inheritdoc/>
    public override string ToString() =>
        IsPrime ? $"{Number} prime" : IsComposite ? $"{Number} composite (factor {Factor})" : $"{Number} neither prime nor composite";
}
