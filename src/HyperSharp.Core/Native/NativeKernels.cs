using System.Runtime.InteropServices;

namespace HyperSharp.Native;

/// <summary>
/// The C kernels of <c>peers/c/kernels.h</c>, called through <c>[LibraryImport]</c>: blittable arguments only, so the
/// generated stub is a direct call (no marshalling), and the arrays are the rungs' own, pinned with <c>fixed</c> for the
/// call — nothing is copied. Call only after <see cref="NativePeers.Availability"/> says the library is loaded.
/// </summary>
internal static unsafe partial class NativeKernels
{
    /// <summary>kernels.h's HP_PARTICLES_SQRTDIV: sqrt and two divisions, the exact rungs' formula.</summary>
    private const int ParticlesSqrtDiv = 0;

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_cpu_avx512")]
    private static partial int HpCpuAvx512();

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_particles_evolve")]
    private static partial void HpParticlesEvolve(int variant, double* x, double* y, double* w, long n, long steps, double dt, int threads);

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_julia_rows")]
    private static partial void HpJuliaRows(double* xs, long nx, double* ys, long ny, int maxIter, int* counts, int threads);

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_julia_point")]
    internal static partial int JuliaPoint(double x, double y, int maxIter);

    /// <summary>
    /// <see cref="JuliaPoint"/> without the GC transition: the runtime neither switches the thread to preemptive mode
    /// nor back, the few nanoseconds a call otherwise pays. Allowed because the kernel is short, never blocks and never
    /// calls back into .NET.
    /// </summary>
    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_julia_point")]
    [SuppressGCTransition]
    internal static partial int JuliaPointNoTransition(double x, double y, int maxIter);

    // hp_abi_version does no work: calling it in a loop prices the crossing alone (InteropCrossing).
    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_abi_version")]
    internal static partial int AbiVersion();

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_abi_version")]
    [SuppressGCTransition]
    internal static partial int AbiVersionNoTransition();

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_julia_scalar_rows")]
    private static partial void HpJuliaScalarRows(double* xs, long nx, double* ys, long ny, int maxIter, int* counts);

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_diffusion_evolve")]
    private static partial int HpDiffusionEvolve(double* a, double* b, long size, int dims, long steps, double k, int threads);

    [LibraryImport(NativePeers.ImportName, EntryPoint = "hp_pi_hits")]
    private static partial long HpPiHits(long samples, long seed, int avx512, int threads);

    internal static bool CpuAvx512() => HpCpuAvx512() != 0;

    /// <summary>The sqrtdiv particle kernel: x, y evolved in place (bit-identical to the exact rungs).</summary>
    internal static void ParticlesEvolve(Span<double> x, Span<double> y, ReadOnlySpan<double> w, int steps, double dt, int threads)
    {
        if (y.Length != x.Length || w.Length != x.Length)
            throw new ArgumentException("x, y and w must have the same length.");
        fixed (double* px = x, py = y, pw = w)
            HpParticlesEvolve(ParticlesSqrtDiv, px, py, pw, x.Length, steps, dt, threads);
    }

    /// <summary>Counts of <paramref name="ys"/>.Length rows of <paramref name="xs"/>.Length points, row-major, into <paramref name="counts"/>.</summary>
    internal static void JuliaRows(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int maxIter, Span<int> counts, int threads)
    {
        if (counts.Length != (long)xs.Length * ys.Length)
            throw new ArgumentException("counts must hold one count per point.", nameof(counts));
        fixed (double* px = xs, py = ys)
        fixed (int* pc = counts)
            HpJuliaRows(px, xs.Length, py, ys.Length, maxIter, pc, threads);
    }

    /// <summary>The same counts, <see cref="JuliaPoint"/> by point on one thread (the interop ladder's one call).</summary>
    internal static void JuliaScalarRows(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, int maxIter, Span<int> counts)
    {
        if (counts.Length != (long)xs.Length * ys.Length)
            throw new ArgumentException("counts must hold one count per point.", nameof(counts));
        fixed (double* px = xs, py = ys)
        fixed (int* pc = counts)
            HpJuliaScalarRows(px, xs.Length, py, ys.Length, maxIter, pc);
    }

    /// <summary>Steps from <paramref name="grid"/> using <paramref name="scratch"/>; true when the answer is in <paramref name="scratch"/>.</summary>
    internal static bool DiffusionEvolve(Span<double> grid, Span<double> scratch, int size, int dims, int steps, double k, int threads)
    {
        if (scratch.Length != grid.Length || grid.Length != (dims == 1 ? size : (long)size * size))
            throw new ArgumentException("the grids must hold size (1D) or size² (2D) cells.");
        fixed (double* a = grid, b = scratch)
            return HpDiffusionEvolve(a, b, size, dims, steps, k, threads) != 0;
    }

    /// <summary>Hits of the counter stream (the AVX-512 variant where the CPU has it).</summary>
    internal static long PiHits(long samples, long seed, bool avx512, int threads) => HpPiHits(samples, seed, avx512 ? 1 : 0, threads);
}
