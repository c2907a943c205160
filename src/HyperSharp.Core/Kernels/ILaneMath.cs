using System.Runtime.Intrinsics;

namespace HyperSharp.Kernels;

/// <summary>
/// Double-precision arithmetic over one register of lanes: a scalar, or a 128/256/512-bit vector.
/// Step formulas are written once, generic over this interface; the JIT specialises each width and inlines it all.
/// ILGPU kernels call the same formulas with <see cref="ScalarMath"/>.
/// </summary>
public interface ILaneMath<T> where T : struct
{
    /// <summary>Doubles per register.</summary>
    static abstract int Lanes { get; }

    /// <summary>Reads <see cref="Lanes"/> consecutive doubles starting at <paramref name="source"/> (unaligned).</summary>
    static abstract T Load(ref readonly double source);
    /// <summary>Writes the lanes of <paramref name="value"/> to <see cref="Lanes"/> consecutive doubles at <paramref name="destination"/>.</summary>
    static abstract void Store(T value, ref double destination);
    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract T Broadcast(double value);

    /// <summary>a + b per lane.</summary>
    static abstract T Add(T a, T b);
    /// <summary>a − b per lane.</summary>
    static abstract T Subtract(T a, T b);
    /// <summary>a · b per lane.</summary>
    static abstract T Multiply(T a, T b);
    /// <summary>a / b per lane (IEEE division).</summary>
    static abstract T Divide(T a, T b);
    /// <summary>−a per lane.</summary>
    static abstract T Negate(T a);
    /// <summary>√a per lane, correctly rounded.</summary>
    static abstract T Sqrt(T a);

    /// <summary>a·b + c, fused (one rounding) where the CPU has FMA, else multiply then add.</summary>
    static abstract T MultiplyAdd(T a, T b, T c);

    /// <summary>c − a·b, fused where the CPU has FMA, else multiply then subtract.</summary>
    static abstract T NegatedMultiplyAdd(T a, T b, T c);

    /// <summary>
    /// An approximation of 1/√a good to at least 14 bits (AVX-512 <c>vrsqrt14pd</c>), or the exact value where the
    /// hardware has no estimate instruction. Callers refine it with Newton steps.
    /// </summary>
    static abstract T ReciprocalSqrtEstimate(T a);

    /// <summary>A lane mask: all bits set where a &lt; b, else zero (what vector compares return).</summary>
    static abstract T LessThan(T a, T b);

    /// <summary>Per lane, <paramref name="a"/> where <paramref name="mask"/> is set, else <paramref name="b"/>.</summary>
    static abstract T Select(T mask, T a, T b);

    /// <summary>Bitwise or per lane (combines masks).</summary>
    static abstract T Or(T a, T b);

    /// <summary>Whether any lane of a mask is set.</summary>
    static abstract bool Any(T mask);
}

/// <summary>Which register width a kernel runs at. <see cref="SimdWidths.Best"/> is chosen once per process.</summary>
public enum SimdWidth
{
    /// <summary>One double at a time.</summary>
    Scalar = 1,
    /// <summary>SSE2 / NEON: 2 doubles.</summary>
    W128 = 128,
    /// <summary>AVX2: 4 doubles.</summary>
    W256 = 256,
    /// <summary>AVX-512: 8 doubles.</summary>
    W512 = 512,
}

/// <summary>The widths this machine runs, and how many doubles each holds.</summary>
public static class SimdWidths
{
    /// <summary>Doubles per register at <paramref name="width"/> (1 for scalar).</summary>
    public static int Lanes(SimdWidth width) => width == SimdWidth.Scalar ? 1 : (int)width / 64;

    /// <summary>The widest width this machine accelerates.</summary>
    public static SimdWidth Best { get; } =
        Vector512.IsHardwareAccelerated ? SimdWidth.W512
        : Vector256.IsHardwareAccelerated ? SimdWidth.W256
        : Vector128.IsHardwareAccelerated ? SimdWidth.W128
        : SimdWidth.Scalar;

    /// <summary>Every width this machine accelerates, widest first (scalar always).</summary>
    public static IReadOnlyList<SimdWidth> Supported { get; } =
        Enum.GetValues<SimdWidth>().Where(w => w <= Best).OrderDescending().ToArray();
}
