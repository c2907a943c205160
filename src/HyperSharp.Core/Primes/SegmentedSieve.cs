using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperSharp.Primes;

/// <summary>
/// Sieve of Eratosthenes over odd numbers only, one cache-sized segment at a time: the base primes up to √N come from
/// a small plain sieve, then each segment of <see cref="SegmentBytes"/> odd numbers is cleared, crossed off by every
/// base prime and counted. Segments are independent, so threads take whole segments.
/// </summary>
public static class SegmentedSieve
{
    /// <summary>Odd numbers per segment, one byte each: 64 KiB stays in L2 while every base prime crosses it off.</summary>
    public const int SegmentBytes = 64 * 1024;

    /// <summary>Primes below <paramref name="below"/>.</summary>
    public static long Count(long below, int maxThreads)
    {
        if (below <= 2)
            return 0;
        uint[] basePrimes = OddPrimesUpTo((uint)Math.Sqrt(below) + 1);
        // Index i stands for the odd number 2i + 1; the odd numbers below N are i in [0, oddCount).
        long oddCount = below / 2;
        long segments = (oddCount + SegmentBytes - 1) / SegmentBytes;
        long total = 0;
        Parallel.For(0, segments, new ParallelOptions { MaxDegreeOfParallelism = maxThreads },
            () => (Buffer: new byte[SegmentBytes], Count: 0L),
            (s, _, local) =>
            {
                long lo = s * SegmentBytes;
                int length = (int)Math.Min(SegmentBytes, oddCount - lo);
                local.Count += CountSegment(local.Buffer.AsSpan(0, length), lo, basePrimes);
                return local;
            },
            local => Interlocked.Add(ref total, local.Count));
        // Index 0 is the number 1: never crossed off, not prime. It stands in for 2, which is prime but even.
        return total;
    }

    /// <summary>Unmarked odd numbers in the segment starting at index <paramref name="lo"/> (number 2·lo + 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long CountSegment(Span<byte> composite, long lo, uint[] basePrimes)
    {
        composite.Clear();
        long hi = lo + composite.Length; // exclusive, in index space
        ref byte c = ref MemoryMarshal.GetReference(composite);
        foreach (uint p in basePrimes)
        {
            // First odd multiple of p that is ≥ p² and in the segment, as an index.
            long start = (long)p * p / 2;
            if (start >= hi)
                break;
            if (start < lo)
            {
                long first = (lo * 2 + 1 + p - 1) / p * p; // smallest multiple of p ≥ 2·lo + 1
                if (first % 2 == 0)
                    first += p;
                start = first / 2;
            }
            for (long i = start - lo; i < composite.Length; i += p)
                Unsafe.Add(ref c, (nint)i) = 1;
        }
        return composite.Length - Ones(composite);
    }

    // Bytes are 0 or 1, so their sum is the number of ones; summed eight at a time as ulongs.
    private static long Ones(ReadOnlySpan<byte> bytes)
    {
        long ones = 0;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bytes);
        foreach (ulong w in words)
            ones += BitOperations.PopCount(w);
        for (int i = words.Length * 8; i < bytes.Length; i++)
            ones += bytes[i];
        return ones;
    }

    /// <summary>The odd primes ≤ <paramref name="limit"/>, by a plain sieve (limit is at most √N, small).</summary>
    internal static uint[] OddPrimesUpTo(uint limit)
    {
        var composite = new bool[limit + 1];
        var primes = new List<uint>();
        for (uint n = 3; n <= limit; n += 2)
        {
            if (composite[n])
                continue;
            primes.Add(n);
            for (ulong m = (ulong)n * n; m <= limit; m += 2 * n)
                composite[m] = true;
        }
        return primes.ToArray();
    }
}
