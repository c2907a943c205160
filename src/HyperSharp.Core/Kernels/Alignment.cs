using System.Runtime.CompilerServices;

namespace HyperSharp.Kernels;

/// <summary>
/// Where a register-aligned run of stores starts. A vector store that straddles two cache lines costs two; loops that
/// stream through memory peel a few scalar elements first so every vector store is aligned. If the GC moves the array
/// afterwards only speed suffers, never the answer.
/// </summary>
public static class Alignment
{
    /// <summary>Doubles from <paramref name="at"/> to the next <paramref name="bytes"/>-byte boundary (a power of two).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe int DoublesToBoundary(ref double at, int bytes)
    {
        nuint mask = (nuint)bytes - 1;
        return (int)(((nuint)bytes - ((nuint)Unsafe.AsPointer(ref at) & mask)) & mask) / sizeof(double);
    }
}
