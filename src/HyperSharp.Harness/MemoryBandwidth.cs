using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using HyperSharp.Kernels;

namespace HyperSharp.Harness;

/// <summary>A STREAM-like measurement: GB/s of copy (2 × 8 bytes an element) and triad (3 × 8), best of the repeats.</summary>
public sealed record BandwidthResult(int Threads, long ArrayBytes, double CopyBytesPerSecond, double TriadBytesPerSecond)
{
    /// <summary>The figure a memory-bound loop is compared with: the better of copy and triad.</summary>
    public double BestBytesPerSecond => Math.Max(CopyBytesPerSecond, TriadBytesPerSecond);
}

/// <summary>
/// The machine's main-memory bandwidth, measured the way STREAM does: copy (c = a) and triad (a = b + s·c) over
/// arrays far larger than the last-level cache, ordinary (not non-temporal) aligned vector stores like the loops it is compared
/// with, bytes counted as STREAM counts them (reads + writes, no write-allocate). Any system can compare against it.
/// </summary>
public static class MemoryBandwidth
{
    /// <summary>256 MiB an array: far beyond any L3 (with 64 MiB, 2 threads on a shared VM sometimes read ~2× the
    /// true figure), small enough for a shared machine.</summary>
    public const long DefaultArrayBytes = 256L << 20;

    public static BandwidthResult Measure(int threads, long arrayBytes = DefaultArrayBytes, int repeats = 5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(arrayBytes, 1024);
        int n = (int)Math.Min(arrayBytes / sizeof(double), Array.MaxLength);
        double[] a = new double[n], b = new double[n], c = new double[n];
        Array.Fill(a, 1.0);
        Array.Fill(b, 2.0);
        Array.Fill(c, 0.5);

        double bestCopy = double.MaxValue, bestTriad = double.MaxValue;
        for (int r = 0; r < repeats + 1; r++) // the first round pages everything in and is not counted
        {
            double copy = Time(threads, n, (lo, hi) => Copy(a.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo)));
            double triad = Time(threads, n, (lo, hi) => Triad(a.AsSpan(lo, hi - lo), b.AsSpan(lo, hi - lo), c.AsSpan(lo, hi - lo), 3.0));
            if (r == 0)
                continue;
            bestCopy = Math.Min(bestCopy, copy);
            bestTriad = Math.Min(bestTriad, triad);
        }
        double bytes = (double)n * sizeof(double);
        return new BandwidthResult(threads, n * (long)sizeof(double), 2 * bytes / bestCopy, 3 * bytes / bestTriad);
    }

    private static double Time(int threads, int n, Action<int, int> body)
    {
        long start = Stopwatch.GetTimestamp();
        if (threads == 1)
            body(0, n);
        else
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                t => body((int)((long)n * t / threads), (int)((long)n * (t + 1) / threads)));
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static void Copy(ReadOnlySpan<double> source, Span<double> destination)
    {
        var kernel = new CopyKernel(source, destination);
        SimdDispatch.Run<CopyKernel, int>(SimdWidths.Best, ref kernel);
    }

    private static void Triad(Span<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double s)
    {
        var kernel = new TriadKernel(a, b, c, s);
        SimdDispatch.Run<TriadKernel, int>(SimdWidths.Best, ref kernel);
    }

    /// <summary><see cref="Copy{T, TMath}"/> with its arguments, for <see cref="SimdDispatch"/>; returns the elements copied.</summary>
    private readonly ref struct CopyKernel(ReadOnlySpan<double> source, Span<double> destination) : ISimdKernel<int>
    {
        private readonly ReadOnlySpan<double> _source = source;
        private readonly Span<double> _destination = destination;

        public int Run<T, TMath>() where T : struct where TMath : struct, ILaneMath<T>
        {
            Copy<T, TMath>(_source, _destination);
            return Math.Min(_source.Length, _destination.Length);
        }
    }

    /// <summary><see cref="Triad{T, TMath}"/> with its arguments, for <see cref="SimdDispatch"/>; returns the elements written.</summary>
    private readonly ref struct TriadKernel(Span<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double s) : ISimdKernel<int>
    {
        private readonly Span<double> _a = a;
        private readonly ReadOnlySpan<double> _b = b, _c = c;
        private readonly double _s = s;

        public int Run<T, TMath>() where T : struct where TMath : struct, ILaneMath<T>
        {
            Triad<T, TMath>(_a, _b, _c, _s);
            return Math.Min(_a.Length, Math.Min(_b.Length, _c.Length));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Copy<T, TMath>(ReadOnlySpan<double> source, Span<double> destination)
        where T : struct
        where TMath : struct, ILaneMath<T>
    {
        ref double src = ref MemoryMarshal.GetReference(source);
        ref double dst = ref MemoryMarshal.GetReference(destination);
        int n = Math.Min(source.Length, destination.Length), lanes = TMath.Lanes;
        int i = Math.Min(n, Alignment.DoublesToBoundary(ref dst, lanes * sizeof(double)));
        for (int p = 0; p < i; p++)
            Unsafe.Add(ref dst, p) = Unsafe.Add(ref src, p);
        for (; i <= n - lanes; i += lanes)
            TMath.Store(TMath.Load(ref Unsafe.Add(ref src, i)), ref Unsafe.Add(ref dst, i));
        for (; i < n; i++)
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Triad<T, TMath>(Span<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, double s)
        where T : struct
        where TMath : struct, ILaneMath<T>
    {
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double rb = ref MemoryMarshal.GetReference(b);
        ref double rc = ref MemoryMarshal.GetReference(c);
        int n = Math.Min(a.Length, Math.Min(b.Length, c.Length)), lanes = TMath.Lanes;
        int i = Math.Min(n, Alignment.DoublesToBoundary(ref ra, lanes * sizeof(double)));
        for (int p = 0; p < i; p++)
            Unsafe.Add(ref ra, p) = Unsafe.Add(ref rb, p) + s * Unsafe.Add(ref rc, p);
        T sv = TMath.Broadcast(s);
        for (; i <= n - lanes; i += lanes)
            TMath.Store(TMath.Add(TMath.Load(ref Unsafe.Add(ref rb, i)), TMath.Multiply(sv, TMath.Load(ref Unsafe.Add(ref rc, i)))), ref Unsafe.Add(ref ra, i));
        for (; i < n; i++)
            Unsafe.Add(ref ra, i) = Unsafe.Add(ref rb, i) + s * Unsafe.Add(ref rc, i);
    }
}
