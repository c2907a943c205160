using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HyperSharp.Kernels;

// Four thin adapters from IWordMath to ulong and the BCL's vector operators, all inlined (see LaneMath.cs).

/// <summary><see cref="IWordMath{TWord,TReal}"/> on one <see cref="ulong"/> paired with one <see cref="double"/>: the reference width, and what ILGPU kernels use.</summary>
public readonly struct ScalarWordMath : IWordMath<ulong, double>
{
    private const double TwoToMinus52 = 1.0 / (1L << 52);

    /// <inheritdoc/>
    public static int Lanes => 1;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Broadcast(ulong value) => value;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Sequence() => 0;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Add(ulong a, ulong b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Multiply(ulong a, ulong b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong Xor(ulong a, ulong b) => a ^ b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong And(ulong a, ulong b) => a & b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong ShiftRight(ulong a, int count) => a >> count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static ulong ShiftLeft(ulong a, int count) => a << count;
    // m < 2^52 converts exactly and the power-of-two scale is exact: the same double as the vectors' bit trick,
    // without reinterpreting bits (which ILGPU kernels need not support).
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Fraction(ulong fraction) => (long)fraction * TwoToMinus52;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int CountLessOrEqual(double a, double b) => a <= b ? 1 : 0;
}

/// <summary><see cref="IWordMath{TWord,TReal}"/> on 128-bit vectors (2 words).</summary>
public readonly struct Vector128WordMath : IWordMath<Vector128<ulong>, Vector128<double>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector128<ulong>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Broadcast(ulong value) => Vector128.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Sequence() => Vector128<ulong>.Indices;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Add(Vector128<ulong> a, Vector128<ulong> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> Xor(Vector128<ulong> a, Vector128<ulong> b) => a ^ b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> And(Vector128<ulong> a, Vector128<ulong> b) => a & b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> ShiftRight(Vector128<ulong> a, int count) => a >>> count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<ulong> ShiftLeft(Vector128<ulong> a, int count) => a << count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Fraction(Vector128<ulong> fraction) => (fraction | Vector128.Create(0x3FF0_0000_0000_0000UL)).AsDouble() - Vector128<double>.One;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int CountLessOrEqual(Vector128<double> a, Vector128<double> b) => BitOperations.PopCount(Vector128.LessThanOrEqual(a, b).ExtractMostSignificantBits());
}

/// <summary><see cref="IWordMath{TWord,TReal}"/> on 256-bit vectors (4 words).</summary>
public readonly struct Vector256WordMath : IWordMath<Vector256<ulong>, Vector256<double>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector256<ulong>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Broadcast(ulong value) => Vector256.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Sequence() => Vector256<ulong>.Indices;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Add(Vector256<ulong> a, Vector256<ulong> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> Xor(Vector256<ulong> a, Vector256<ulong> b) => a ^ b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> And(Vector256<ulong> a, Vector256<ulong> b) => a & b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> ShiftRight(Vector256<ulong> a, int count) => a >>> count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<ulong> ShiftLeft(Vector256<ulong> a, int count) => a << count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Fraction(Vector256<ulong> fraction) => (fraction | Vector256.Create(0x3FF0_0000_0000_0000UL)).AsDouble() - Vector256<double>.One;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int CountLessOrEqual(Vector256<double> a, Vector256<double> b) => BitOperations.PopCount(Vector256.LessThanOrEqual(a, b).ExtractMostSignificantBits());
}

/// <summary><see cref="IWordMath{TWord,TReal}"/> on 512-bit vectors (8 words).</summary>
public readonly struct Vector512WordMath : IWordMath<Vector512<ulong>, Vector512<double>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector512<ulong>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Broadcast(ulong value) => Vector512.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Sequence() => Vector512<ulong>.Indices;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Add(Vector512<ulong> a, Vector512<ulong> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Multiply(Vector512<ulong> a, Vector512<ulong> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> Xor(Vector512<ulong> a, Vector512<ulong> b) => a ^ b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> And(Vector512<ulong> a, Vector512<ulong> b) => a & b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> ShiftRight(Vector512<ulong> a, int count) => a >>> count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<ulong> ShiftLeft(Vector512<ulong> a, int count) => a << count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Fraction(Vector512<ulong> fraction) => (fraction | Vector512.Create(0x3FF0_0000_0000_0000UL)).AsDouble() - Vector512<double>.One;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static int CountLessOrEqual(Vector512<double> a, Vector512<double> b) => BitOperations.PopCount(Vector512.LessThanOrEqual(a, b).ExtractMostSignificantBits());
}
