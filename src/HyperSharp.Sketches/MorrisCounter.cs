namespace HyperSharp.Sketches;

/// <summary>
/// Morris's approximate counter (1978) in one byte: it keeps an exponent c and increments it with probability 2^−c,
/// so 2^c − 1 is an unbiased estimate of the number of increments n, with variance n(n − 1)/2. One byte counts up to
/// about 2^255; averaging s independent counters divides the variance by s.
/// </summary>
public struct MorrisCounter
{
    private byte _exponent;

    /// <summary>The exponent c: the whole state.</summary>
    public readonly byte Exponent => _exponent;

    /// <summary>2^c − 1: the unbiased estimate of the increments so far.</summary>
    public readonly double Estimate => Math.ScaleB(1, _exponent) - 1;

    /// <summary>Counts one event: increments the exponent with probability 2^−c, drawn from <paramref name="random"/>.</summary>
    /// <param name="random">The source of randomness.</param>
    public void Increment(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_exponent < byte.MaxValue && random.NextDouble() < Math.ScaleB(1, -_exponent))
            _exponent++;
    }

    /// <summary>√(n(n − 1)/2): the standard deviation of the estimate after <paramref name="increments"/> increments.</summary>
    /// <param name="increments">The true count n.</param>
    /// <returns>The standard deviation.</returns>
    public static double StandardDeviation(double increments) => Math.Sqrt(increments * (increments - 1) / 2);
}
