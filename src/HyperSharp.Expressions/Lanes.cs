using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace HyperSharp.Expressions;

/// <summary>
/// The element operations at one register width: <typeparamref name="TV"/> holds <see cref="Count"/> elements of
/// <typeparamref name="T"/> (<typeparamref name="T"/> itself for the scalar width). A comparison returns a mask of the
/// same type, which only <see cref="Select"/> reads. Every operation is correctly rounded, or the same scalar
/// function lane by lane, so every width gives the reference's bits.
/// </summary>
internal unsafe interface ILanes<TV, T> where TV : struct where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract int Count { get; }
    static abstract TV Load(T* source);
    static abstract void Store(TV value, T* destination);
    static abstract TV Broadcast(T value);
    static abstract TV Negate(TV a);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    static abstract TV Sqrt(TV a);
    static abstract TV Abs(TV a);
    static abstract TV Min(TV a, TV b);
    static abstract TV Max(TV a, TV b);
    static abstract TV Exp(TV a);
    static abstract TV Log(TV a);
    static abstract TV Pow(TV a, TV b);
    static abstract TV Less(TV a, TV b);
    static abstract TV LessOrEqual(TV a, TV b);
    static abstract TV Greater(TV a, TV b);
    static abstract TV GreaterOrEqual(TV a, TV b);
    static abstract TV Equal(TV a, TV b);
    static abstract TV NotEqual(TV a, TV b);
    static abstract TV Select(TV mask, TV a, TV b);
}

/// <summary>
/// exp, log and pow lane by lane with <typeparamref name="T"/>'s own functions (<see cref="Math.Exp"/>, …): the vector
/// approximations of the BCL differ from them in the last bit, and a difference of one ulp before a cancellation
/// (<c>exp(x) − 1</c> near 0) is any number of ulps after it, so no ulp bound would hold for every expression.
/// </summary>
internal static class LaneWise<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV>(TV v, int count) where TV : struct
    {
        ref T e = ref Unsafe.As<TV, T>(ref v);
        for (int k = 0; k < count; k++)
            Unsafe.Add(ref e, k) = T.Exp(Unsafe.Add(ref e, k));
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log<TV>(TV v, int count) where TV : struct
    {
        ref T e = ref Unsafe.As<TV, T>(ref v);
        for (int k = 0; k < count; k++)
            Unsafe.Add(ref e, k) = T.Log(Unsafe.Add(ref e, k));
        return v;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Pow<TV>(TV a, TV b, int count) where TV : struct
    {
        ref T x = ref Unsafe.As<TV, T>(ref a);
        ref T y = ref Unsafe.As<TV, T>(ref b);
        for (int k = 0; k < count; k++)
            Unsafe.Add(ref x, k) = T.Pow(Unsafe.Add(ref x, k), Unsafe.Add(ref y, k));
        return a;
    }
}

/// <summary>One element: the reference's own operations (a mask is 1 or 0).</summary>
internal readonly unsafe struct ScalarLanes<T> : ILanes<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Load(T* source) => *source;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(T value, T* destination) => *destination = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Broadcast(T value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Negate(T a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Add(T a, T b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Subtract(T a, T b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Multiply(T a, T b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Divide(T a, T b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sqrt(T a) => T.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Abs(T a) => T.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Min(T a, T b) => T.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Max(T a, T b) => T.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Exp(T a) => T.Exp(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Log(T a) => T.Log(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Pow(T a, T b) => T.Pow(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Less(T a, T b) => a < b ? T.One : T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T LessOrEqual(T a, T b) => a <= b ? T.One : T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Greater(T a, T b) => a > b ? T.One : T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T GreaterOrEqual(T a, T b) => a >= b ? T.One : T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Equal(T a, T b) => a == b ? T.One : T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T NotEqual(T a, T b) => a != b ? T.One : T.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Select(T mask, T a, T b) => mask != T.Zero ? a : b;
}

// The three vector widths are the same adapter over Vector128/256/512 (the BCL's types share no interface).
// Min and Max are IEEE 754-2019 minimum/maximum, as Math.Min/Max: NaN propagates, −0 < +0.

/// <summary>512-bit vectors (8 doubles, 16 floats).</summary>
internal readonly unsafe struct Vector512Lanes<T> : ILanes<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Load(T* source) => Vector512.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<T> value, T* destination) => value.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Negate(Vector512<T> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Abs(Vector512<T> a) => Vector512.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Vector512.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Exp(Vector512<T> a) => LaneWise<T>.Exp(a, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Log(Vector512<T> a) => LaneWise<T>.Log(a, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Pow(Vector512<T> a, Vector512<T> b) => LaneWise<T>.Pow(a, b, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Less(Vector512<T> a, Vector512<T> b) => Vector512.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> LessOrEqual(Vector512<T> a, Vector512<T> b) => Vector512.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Greater(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> GreaterOrEqual(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Equal(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> NotEqual(Vector512<T> a, Vector512<T> b) => ~Vector512.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Select(Vector512<T> mask, Vector512<T> a, Vector512<T> b) => Vector512.ConditionalSelect(mask, a, b);
}

/// <summary>256-bit vectors (4 doubles, 8 floats).</summary>
internal readonly unsafe struct Vector256Lanes<T> : ILanes<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(T* source) => Vector256.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<T> value, T* destination) => value.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Negate(Vector256<T> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Sqrt(Vector256<T> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Abs(Vector256<T> a) => Vector256.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Min(Vector256<T> a, Vector256<T> b) => Vector256.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Exp(Vector256<T> a) => LaneWise<T>.Exp(a, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Log(Vector256<T> a) => LaneWise<T>.Log(a, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Pow(Vector256<T> a, Vector256<T> b) => LaneWise<T>.Pow(a, b, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Less(Vector256<T> a, Vector256<T> b) => Vector256.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> LessOrEqual(Vector256<T> a, Vector256<T> b) => Vector256.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Greater(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> GreaterOrEqual(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Equal(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> NotEqual(Vector256<T> a, Vector256<T> b) => ~Vector256.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Select(Vector256<T> mask, Vector256<T> a, Vector256<T> b) => Vector256.ConditionalSelect(mask, a, b);
}

/// <summary>128-bit vectors (2 doubles, 4 floats).</summary>
internal readonly unsafe struct Vector128Lanes<T> : ILanes<Vector128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Load(T* source) => Vector128.Load(source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<T> value, T* destination) => value.Store(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Negate(Vector128<T> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Divide(Vector128<T> a, Vector128<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Sqrt(Vector128<T> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Abs(Vector128<T> a) => Vector128.Abs(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Min(Vector128<T> a, Vector128<T> b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Exp(Vector128<T> a) => LaneWise<T>.Exp(a, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Log(Vector128<T> a) => LaneWise<T>.Log(a, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Pow(Vector128<T> a, Vector128<T> b) => LaneWise<T>.Pow(a, b, Count);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Less(Vector128<T> a, Vector128<T> b) => Vector128.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> LessOrEqual(Vector128<T> a, Vector128<T> b) => Vector128.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Greater(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> GreaterOrEqual(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Equal(Vector128<T> a, Vector128<T> b) => Vector128.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> NotEqual(Vector128<T> a, Vector128<T> b) => ~Vector128.Equals(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Select(Vector128<T> mask, Vector128<T> a, Vector128<T> b) => Vector128.ConditionalSelect(mask, a, b);
}
