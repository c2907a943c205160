using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Ladder;

/// <summary>The latency histogram against exact percentiles of the same values, sorted.</summary>
public sealed class LatencyRecorderTests
{
    private static readonly double[] s_percentiles = [0, 0.1, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100];

    /// <summary>Log-uniform from 1 ns to 10 s, so every power of two in between gets values.</summary>
    private static long[] Latencies(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (long)Math.Exp(random.NextDouble() * Math.Log(1e10))).ToArray();
    }

    /// <summary>The nearest-rank percentile (the value at rank ⌈p/100 · n⌉), in nanoseconds.</summary>
    private static long Exact(long[] sorted, double percentile) =>
        sorted[Math.Max(1, (long)Math.Ceiling(percentile / 100 * sorted.Length)) - 1];

    /// <summary>Seconds back to whole nanoseconds: the recorder's values are whole, the product with 1e-9 is off by far less than 0.5.</summary>
    private static long Nanoseconds(double seconds) => (long)Math.Round(seconds * 1e9);

    [Fact]
    public void Percentiles_OfRandomLatencies_NeverUnderstateAndAreWithinOnePart128()
    {
        long[] values = Latencies(200_000, seed: 2024);
        var recorder = new LatencyRecorder();
        foreach (long v in values)
            recorder.RecordNanoseconds(v);
        long[] sorted = values.Order().ToArray();

        Assert.Equal(values.Length, recorder.Count);
        foreach (double p in s_percentiles)
        {
            long exact = Exact(sorted, p), got = Nanoseconds(recorder.Percentile(p));
            Assert.True(got >= exact, $"p{p}: {got} ns < exact {exact} ns");
            Assert.True(got - exact <= exact / 128.0, $"p{p}: {got} ns is more than 1/128 above exact {exact} ns");
        }
        LatencySummary summary = recorder.Summary();
        Assert.Equal(sorted[^1], Nanoseconds(summary.Max));
        Assert.Equal(sorted[^1], Nanoseconds(recorder.Percentile(100)));
        Assert.Equal(values.Length, summary.Count);
        Assert.Equal(values.Average(v => (double)v) * 1e-9, summary.Mean, 1e-12);
        Assert.Equal(Nanoseconds(recorder.Percentile(50)), Nanoseconds(summary.P50));
        Assert.Equal(Nanoseconds(recorder.Percentile(99.9)), Nanoseconds(summary.P999));
    }

    /// <summary>Below 256 ns every value has a bucket of its own; at the power-of-two edges buckets start and end.</summary>
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(255L)]
    [InlineData(256L)]
    [InlineData(257L)]
    [InlineData(511L)]
    [InlineData(512L)]
    [InlineData(1_000_000_007L)]
    [InlineData(10_000_000_000_000L)]
    public void OneValue_EveryPercentileIsThatValue(long value)
    {
        var recorder = new LatencyRecorder();
        recorder.RecordNanoseconds(value);
        // The top of its bucket is capped by the maximum, which is the value itself.
        Assert.All(s_percentiles, p => Assert.Equal(value, Nanoseconds(recorder.Percentile(p))));
    }

    [Fact]
    public void ValuesBelow256Ns_AreExact()
    {
        var recorder = new LatencyRecorder();
        for (long v = 0; v < 256; v++)
            recorder.RecordNanoseconds(v);
        recorder.RecordNanoseconds(10_000);
        for (long rank = 1; rank <= 256; rank++)
            Assert.Equal(rank - 1, Nanoseconds(recorder.Percentile(100.0 * (rank - 0.5) / 257))); // rank ⌈rank − 0.5⌉
    }

    [Fact]
    public void NegativeLatency_CountsAsZero()
    {
        var recorder = new LatencyRecorder();
        recorder.RecordNanoseconds(-5);
        Assert.Equal(1, recorder.Count);
        Assert.Equal(0, recorder.Summary().Max);
    }

    [Fact]
    public void Empty_AndAfterReset_HasNothing()
    {
        var recorder = new LatencyRecorder();
        Assert.Equal(0, recorder.Count);
        Assert.True(double.IsNaN(recorder.Percentile(50)));
        Assert.Equal(0, recorder.Summary().Count);

        foreach (long v in Latencies(1_000, seed: 3))
            recorder.RecordNanoseconds(v);
        recorder.Reset();
        Assert.Equal(0, recorder.Count);
        Assert.True(double.IsNaN(recorder.Percentile(99)));
        Assert.True(double.IsNaN(recorder.Summary().Max));

        // Nothing of before the reset survives: not the maximum, not the sum.
        recorder.RecordNanoseconds(100);
        recorder.RecordNanoseconds(300);
        LatencySummary after = recorder.Summary();
        Assert.Equal(2, after.Count);
        Assert.Equal(300, Nanoseconds(after.Max));
        Assert.Equal(200e-9, after.Mean, 1e-15);
        Assert.Equal(100, Nanoseconds(recorder.Percentile(50)));
    }

    [Fact]
    public void ConcurrentRecording_LosesNothing()
    {
        const int threads = 4, each = 250_000;
        long[][] values = Enumerable.Range(0, threads).Select(t => Latencies(each, seed: 100 + t)).ToArray();
        var concurrent = new LatencyRecorder();
        using (var start = new Barrier(threads))
        {
            Thread[] workers = values.Select(part => new Thread(() =>
            {
                start.SignalAndWait();
                foreach (long v in part)
                    concurrent.RecordNanoseconds(v);
            })).ToArray();
            foreach (Thread w in workers)
                w.Start();
            foreach (Thread w in workers)
                w.Join();
        }

        // The same values recorded from one thread: every bucket, the maximum and the sum must be the same.
        var serial = new LatencyRecorder();
        foreach (long v in values.SelectMany(v => v))
            serial.RecordNanoseconds(v);
        Assert.Equal(threads * each, concurrent.Count);
        Assert.Equal(serial.Summary(), concurrent.Summary());
        foreach (double p in s_percentiles)
            Assert.Equal(serial.Percentile(p), concurrent.Percentile(p));
    }

    [Fact]
    public void Recording_AllocatesNothing()
    {
        var recorder = new LatencyRecorder();
        long[] values = Latencies(10_000, seed: 9);
        recorder.RecordNanoseconds(1); // JIT the method before counting
        recorder.RecordSince(Stopwatch.GetTimestamp());
        long before = GC.GetAllocatedBytesForCurrentThread();
        foreach (long v in values)
            recorder.RecordNanoseconds(v);
        for (int i = 0; i < 1_000; i++)
            recorder.RecordSince(Stopwatch.GetTimestamp());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(values.Length + 1_002, recorder.Count);
    }

    [Fact]
    public void RecordSince_MeasuresFromTheTimestamp()
    {
        var recorder = new LatencyRecorder();
        long start = Stopwatch.GetTimestamp() - Stopwatch.Frequency / 10; // 100 ms ago
        long outer = Stopwatch.GetTimestamp();
        recorder.RecordSince(start);
        double upper = Stopwatch.GetElapsedTime(start).TotalSeconds, lower = Stopwatch.GetElapsedTime(start, outer).TotalSeconds;
        Assert.InRange(recorder.Summary().Max, lower - 1e-6, upper + 1e-6);
    }
}
