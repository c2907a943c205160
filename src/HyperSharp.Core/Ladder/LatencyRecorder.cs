using System.Diagnostics;
using System.Numerics;

namespace HyperSharp.Ladder;

/// <summary>
/// Per-operation latencies in a fixed array of log-linear buckets (HdrHistogram's layout: 128 linear sub-buckets per
/// power of two, so every recorded value is known to within 1/128 ≈ 0.8 %), from 1 ns to over a year. Recording is
/// one interlocked increment: no allocation, safe from many threads. Percentiles report the top of the bucket, so
/// they never understate.
/// </summary>
public sealed class LatencyRecorder
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits;          // 128 linear steps per power of two
    private const int Linear = 2 * SubBuckets;                   // values below 256 ns are exact
    private const int Buckets = Linear + (63 - SubBucketBits - 1) * SubBuckets;

    private static readonly double s_nanosecondsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[Buckets];
    private long _count;
    private long _max;
    private long _sum;

    /// <summary>Operations recorded.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Records one operation that started at <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) and ends now.</summary>
    public void RecordSince(long startTimestamp) =>
        RecordNanoseconds((long)((Stopwatch.GetTimestamp() - startTimestamp) * s_nanosecondsPerTick));

    /// <summary>Records one operation of <paramref name="nanoseconds"/> (negative values count as 0).</summary>
    public void RecordNanoseconds(long nanoseconds)
    {
        long v = Math.Max(0, nanoseconds);
        Interlocked.Increment(ref _counts[Index(v)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, v);
        long max;
        while (v > (max = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, v, max) != max)
        {
        }
    }

    /// <summary>Forgets everything recorded (after warm-up runs).</summary>
    public void Reset()
    {
        Array.Clear(_counts);
        _count = _max = _sum = 0;
    }

    /// <summary>The latency, in seconds, below which <paramref name="percentile"/> % of operations fall (top of its bucket).</summary>
    public double Percentile(double percentile)
    {
        long count = Count;
        if (count == 0)
            return double.NaN;
        long rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * count));
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
                return Math.Min(HighestIn(i), Volatile.Read(ref _max)) * 1e-9;
        }
        return Volatile.Read(ref _max) * 1e-9;
    }

    /// <summary>p50, p90, p99, p99.9, max and mean of what was recorded, in seconds.</summary>
    public LatencySummary Summary() => Count == 0
        ? new LatencySummary(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
        : new LatencySummary(Count, Percentile(50), Percentile(90), Percentile(99), Percentile(99.9),
            Volatile.Read(ref _max) * 1e-9, (double)Volatile.Read(ref _sum) / Count * 1e-9);

    internal static int Index(long value)
    {
        if (value < Linear)
            return (int)value;
        int shift = (63 - BitOperations.LeadingZeroCount((ulong)value)) - SubBucketBits; // value >> shift in [128, 256)
        return Linear + (shift - 1) * SubBuckets + (int)((value >> shift) - SubBuckets);
    }

    internal static long HighestIn(int index)
    {
        if (index < Linear)
            return index;
        int shift = (index - Linear) / SubBuckets + 1;
        long sub = (index - Linear) % SubBuckets + SubBuckets;
        return ((sub + 1) << shift) - 1;
    }
}

/// <summary>Latency percentiles of many operations, in seconds.</summary>
public sealed record LatencySummary(long Count, double P50, double P90, double P99, double P999, double Max, double Mean);
