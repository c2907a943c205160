using System.Text;
using HyperSharp.Ladder;
using HyperSharp.Primes;

namespace HyperSharp.Tests.Primes;

/// <summary>The list and the n-th prime against trial division, and the known values.</summary>
public sealed class PrimeListTests
{
    private static string[] Listed(ulong from, ulong to)
    {
        using var stream = new MemoryStream();
        long n = PrimeList.Write(from, to, stream);
        string[] lines = Encoding.ASCII.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(n, lines.Length);
        return lines;
    }

    private static string[] OneByOne(ulong from, ulong to)
    {
        var primes = new List<string>();
        for (ulong x = from; x <= to; x++)
        {
            if (MillerRabin.IsPrime(x))
                primes.Add(x.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        return [.. primes];
    }

    [Theory]
    [InlineData(0UL, 0UL)]
    [InlineData(0UL, 1UL)]
    [InlineData(2UL, 2UL)]
    [InlineData(0UL, 7UL)]
    [InlineData(5UL, 7UL)]
    [InlineData(6UL, 6UL)]
    [InlineData(3UL, 100UL)]
    [InlineData(89UL, 97UL)]
    [InlineData(29UL, 31UL)]
    [InlineData(0UL, 1_000_000UL)]
    [InlineData(999_999_000_000UL, 1_000_000_000_000UL)]
    [InlineData(PrimeList.MaxTo - 3_000, PrimeList.MaxTo)]
    public void Write_EqualsOneByOne_BothEndsInclusive(ulong from, ulong to) => Assert.Equal(OneByOne(from, to), Listed(from, to));

    [Fact]
    public void Write_RandomRanges_EqualOneByOne()
    {
        var random = new Random(1802);
        for (int i = 0; i < 30; i++)
        {
            ulong from = (ulong)random.NextInt64(0, 10_000_000);
            ulong to = from + (ulong)random.NextInt64(0, 50_000);
            Assert.Equal(OneByOne(from, to), Listed(from, to));
        }
    }

    [Fact]
    public void Write_AboveTheLimit_IsASpecException() =>
        Assert.Throws<SpecException>(() => PrimeList.Write(0, PrimeList.MaxTo + 1, Stream.Null));

    [Fact]
    public void Nth_First3000_AreTheListInOrder()
    {
        string[] primes = Listed(0, 30_000);
        for (int n = 1; n <= 3000; n++)
            Assert.Equal(primes[n - 1], PrimeList.Nth(n, 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(1_000_000L, 15_485_863UL)]
    [InlineData(50_847_534L, 999_999_937UL)] // π(10⁹): the largest prime below 10⁹
    [InlineData(50_847_535L, 1_000_000_007UL)]
    public void Nth_KnownValues(long n, ulong prime) => Assert.Equal(prime, PrimeList.Nth(n, Environment.ProcessorCount));

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(PrimeList.MaxNth + 1)]
    public void Nth_OutOfRange_IsASpecException(long n) => Assert.Throws<SpecException>(() => PrimeList.Nth(n, 1));

    /// <summary>π(10¹⁰) = 455,052,511: a second or two on two cores.</summary>
    [Fact]
    public void Count_Below10To10_Is455052511() =>
        Assert.Equal(455_052_511, WheelSieve.Count(0, 10_000_000_000, Environment.ProcessorCount));
}
