using System.Runtime.CompilerServices;

namespace HyperSharp.Primes;

/// <summary>
/// The book's <c>check_prime</c>: odd divisors from 3 to √n. Written once; the count and check ladders' trial-division
/// rungs (serial and parallel) all call it.
/// </summary>
public static class TrialDivision
{
    /// <summary>Whether <paramref name="n"/> is prime (0 and 1 are not; 2 is).</summary>
    public static bool IsPrime(ulong n)
    {
        if (n < 4)
            return n >= 2;
        if (n % 2 == 0)
            return false;
        return SmallestFactor(n, 3, IntegerSqrt(n)) == 0;
    }

    /// <summary>The smallest odd divisor of <paramref name="n"/> in [from, to] (from odd), or 0 when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong SmallestFactor(ulong n, ulong from, ulong to)
    {
        // 32-bit division is several times cheaper than 64-bit: use it whenever n fits.
        if (n <= uint.MaxValue)
        {
            uint n32 = (uint)n;
            for (ulong d = from; d <= to; d += 2)
            {
                if (n32 % (uint)d == 0)
                    return d;
            }
            return 0;
        }
        for (ulong d = from; d <= to; d += 2)
        {
            if (n % d == 0)
                return d;
        }
        return 0;
    }

    /// <summary>⌊√n⌋, exact for every 64-bit n (the double estimate is corrected by at most a step or two).</summary>
    public static ulong IntegerSqrt(ulong n)
    {
        ulong r = (ulong)Math.Sqrt(n);
        while (r > 0 && (r > uint.MaxValue || r * r > n))
            r--;
        while (r + 1 <= uint.MaxValue && (r + 1) * (r + 1) <= n)
            r++;
        return r;
    }
}
