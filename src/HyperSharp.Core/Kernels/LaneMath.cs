using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static System.Runtime.Intrinsics.X86.Fma;

namespace HyperSharp.Kernels;

// Four thin adapters from ILaneMath to the BCL's scalar and vector operators. Everything is AggressiveInlining so a
// generic formula compiles to the same instructions as if it were written against the vector type directly.

/// <summary><see cref="ILaneMath{T}"/> on one <see cref="double"/>: the reference width, and what ILGPU kernels use.</summary>
public readonly struct ScalarMath : ILaneMath<double>
{
    /// <inheritdoc/>
    public static int Lanes => 1;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Load(ref readonly double source) => source;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(double value, ref double destination) => destination = value;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Broadcast(double value) => value;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Add(double a, double b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Subtract(double a, double b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Multiply(double a, double b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Divide(double a, double b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Negate(double a) => -a;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sqrt(double a) => Math.Sqrt(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MultiplyAdd(double a, double b, double c) => IsSupported ? Math.FusedMultiplyAdd(a, b, c) : a * b + c;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double NegatedMultiplyAdd(double a, double b, double c) => IsSupported ? Math.FusedMultiplyAdd(-a, b, c) : c - a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double ReciprocalSqrtEstimate(double a) => 1.0 / Math.Sqrt(a);

    // A scalar mask is a double whose bits are all ones (a NaN) or all zeros, like one lane of a vector compare.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double LessThan(double a, double b) => a < b ? BitConverter.Int64BitsToDouble(-1L) : 0.0;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Select(double mask, double a, double b) => BitConverter.DoubleToInt64Bits(mask) != 0 ? a : b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Or(double a, double b) => BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(double mask) => BitConverter.DoubleToInt64Bits(mask) != 0;
}

/// <summary><see cref="ILaneMath{T}"/> on 128-bit vectors (2 doubles).</summary>
public readonly struct Vector128Math : ILaneMath<Vector128<double>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector128<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Load(ref readonly double source) => Vector128.LoadUnsafe(in source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Broadcast(double value) => Vector128.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Add(Vector128<double> a, Vector128<double> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Subtract(Vector128<double> a, Vector128<double> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Multiply(Vector128<double> a, Vector128<double> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Divide(Vector128<double> a, Vector128<double> b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Negate(Vector128<double> a) => -a;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Sqrt(Vector128<double> a) => Vector128.Sqrt(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> MultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> NegatedMultiplyAdd(Vector128<double> a, Vector128<double> b, Vector128<double> c) => IsSupported ? Vector128.FusedMultiplyAdd(-a, b, c) : c - a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<double> ReciprocalSqrtEstimate(Vector128<double> a) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ReciprocalSqrt14(a) : Vector128<double>.One / Vector128.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> LessThan(Vector128<double> a, Vector128<double> b) => Vector128.LessThan(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Select(Vector128<double> mask, Vector128<double> a, Vector128<double> b) => Vector128.ConditionalSelect(mask, a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<double> Or(Vector128<double> a, Vector128<double> b) => a | b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector128<double> mask) => mask.AsUInt64() != Vector128<ulong>.Zero;
}

/// <summary><see cref="ILaneMath{T}"/> on 256-bit vectors (4 doubles).</summary>
public readonly struct Vector256Math : ILaneMath<Vector256<double>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector256<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Load(ref readonly double source) => Vector256.LoadUnsafe(in source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Broadcast(double value) => Vector256.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Negate(Vector256<double> a) => -a;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Sqrt(Vector256<double> a) => Vector256.Sqrt(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> MultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => IsSupported ? Vector256.FusedMultiplyAdd(a, b, c) : a * b + c;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> NegatedMultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => IsSupported ? Vector256.FusedMultiplyAdd(-a, b, c) : c - a * b;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> ReciprocalSqrtEstimate(Vector256<double> a) =>
        Avx512F.VL.IsSupported ? Avx512F.VL.ReciprocalSqrt14(a) : Vector256<double>.One / Vector256.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> LessThan(Vector256<double> a, Vector256<double> b) => Vector256.LessThan(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Select(Vector256<double> mask, Vector256<double> a, Vector256<double> b) => Vector256.ConditionalSelect(mask, a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<double> Or(Vector256<double> a, Vector256<double> b) => a | b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector256<double> mask) => mask.AsUInt64() != Vector256<ulong>.Zero;
}

/// <summary><see cref="ILaneMath{T}"/> on 512-bit vectors (8 doubles).</summary>
public readonly struct Vector512Math : ILaneMath<Vector512<double>>
{
    /// <inheritdoc/>
    public static int Lanes => Vector512<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref readonly double source) => Vector512.LoadUnsafe(in source);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Divide(Vector512<double> a, Vector512<double> b) => a / b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Negate(Vector512<double> a) => -a;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Sqrt(Vector512<double> a) => Vector512.Sqrt(a);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> MultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => IsSupported ? Vector512.FusedMultiplyAdd(a, b, c) : a * b + c;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> NegatedMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => IsSupported ? Vector512.FusedMultiplyAdd(-a, b, c) : c - a * b;

    // Vector512 is only accelerated where AVX-512F exists, and then vrsqrt14pd does too.
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> ReciprocalSqrtEstimate(Vector512<double> a) =>
        Avx512F.IsSupported ? Avx512F.ReciprocalSqrt14(a) : Vector512<double>.One / Vector512.Sqrt(a);

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> LessThan(Vector512<double> a, Vector512<double> b) => Vector512.LessThan(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Select(Vector512<double> mask, Vector512<double> a, Vector512<double> b) => Vector512.ConditionalSelect(mask, a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Or(Vector512<double> a, Vector512<double> b) => a | b;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool Any(Vector512<double> mask) => mask.AsUInt64() != Vector512<ulong>.Zero;
}
