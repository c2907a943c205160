using System.Numerics;
using System.Runtime.CompilerServices;

namespace HyperSharp.Expressions;

// The compiled form of an expression is a type: each node of the bound tree becomes a generic struct whose type
// arguments are its operands (sqrt(x*x + 1) is Unary<Sqrt, Binary<Add, Binary<Multiply, Arg<I0>, Arg<I0>>,
// Constant<I0>>>), made once with MakeGenericType. The JIT compiles Kernel<…>.Run once for that type with every Eval
// inlined: one loop body holding the whole expression in registers, as if it had been written by hand.

/// <summary>A number known to the JIT: which array or constant a leaf reads.</summary>
internal interface IIndex
{
    static abstract int Value { get; }
}

#pragma warning disable CA1815 // the index structs are types, never values
internal readonly struct I0 : IIndex { public static int Value => 0; }
internal readonly struct I1 : IIndex { public static int Value => 1; }
internal readonly struct I2 : IIndex { public static int Value => 2; }
internal readonly struct I3 : IIndex { public static int Value => 3; }
internal readonly struct I4 : IIndex { public static int Value => 4; }
internal readonly struct I5 : IIndex { public static int Value => 5; }
internal readonly struct I6 : IIndex { public static int Value => 6; }
internal readonly struct I7 : IIndex { public static int Value => 7; }

/// <summary>8·<typeparamref name="THigh"/> + <typeparamref name="TLow"/>: indices past 7 (constants) by composition.</summary>
internal readonly struct Octal<THigh, TLow> : IIndex where THigh : IIndex where TLow : IIndex
{
    public static int Value => 8 * THigh.Value + TLow.Value;
}
#pragma warning restore CA1815

/// <summary>What a kernel reads and writes: the arrays (at most <see cref="ArrayExpression.MaxArrays"/>), the constants, the destination.</summary>
internal unsafe struct Frame<T> where T : unmanaged
{
    public T* A0, A1, A2, A3, A4, A5, A6, A7;
    public T* Constants;
    public T* Destination;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly T* Array(int index) => index switch
    {
        0 => A0, 1 => A1, 2 => A2, 3 => A3, 4 => A4, 5 => A5, 6 => A6, _ => A7,
    };

    public void Set(int index, T* array)
    {
        switch (index)
        {
            case 0: A0 = array; break;
            case 1: A1 = array; break;
            case 2: A2 = array; break;
            case 3: A3 = array; break;
            case 4: A4 = array; break;
            case 5: A5 = array; break;
            case 6: A6 = array; break;
            default: A7 = array; break;
        }
    }
}

/// <summary>A node of the compiled expression: its value at elements i… for one register width.</summary>
internal interface INode<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract TV Eval<TV, TL>(in Frame<T> frame, nint i) where TV : struct where TL : struct, ILanes<TV, T>;
}

internal interface IUnaryOp
{
    static abstract TV Apply<TV, T, TL>(TV a) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T>;
}

internal interface IBinaryOp
{
    static abstract TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T>;
}

#pragma warning disable CA1815
internal readonly unsafe struct Arg<T, TIndex> : INode<T> where T : unmanaged, IFloatingPointIeee754<T> where TIndex : IIndex
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Eval<TV, TL>(in Frame<T> frame, nint i) where TV : struct where TL : struct, ILanes<TV, T> =>
        TL.Load(frame.Array(TIndex.Value) + i);
}

internal readonly unsafe struct Constant<T, TIndex> : INode<T> where T : unmanaged, IFloatingPointIeee754<T> where TIndex : IIndex
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Eval<TV, TL>(in Frame<T> frame, nint i) where TV : struct where TL : struct, ILanes<TV, T> =>
        TL.Broadcast(frame.Constants[TIndex.Value]);
}

internal readonly struct Unary<T, TOp, TA> : INode<T> where T : unmanaged, IFloatingPointIeee754<T> where TOp : IUnaryOp where TA : INode<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Eval<TV, TL>(in Frame<T> frame, nint i) where TV : struct where TL : struct, ILanes<TV, T> =>
        TOp.Apply<TV, T, TL>(TA.Eval<TV, TL>(frame, i));
}

internal readonly struct Binary<T, TOp, TA, TB> : INode<T> where T : unmanaged, IFloatingPointIeee754<T> where TOp : IBinaryOp where TA : INode<T> where TB : INode<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Eval<TV, TL>(in Frame<T> frame, nint i) where TV : struct where TL : struct, ILanes<TV, T> =>
        TOp.Apply<TV, T, TL>(TA.Eval<TV, TL>(frame, i), TB.Eval<TV, TL>(frame, i));
}

/// <summary>Both branches are evaluated and the mask picks (as NumPy's and numexpr's where): no branch in the loop.</summary>
internal readonly struct Where<T, TC, TA, TB> : INode<T> where T : unmanaged, IFloatingPointIeee754<T> where TC : INode<T> where TA : INode<T> where TB : INode<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Eval<TV, TL>(in Frame<T> frame, nint i) where TV : struct where TL : struct, ILanes<TV, T> =>
        TL.Select(TC.Eval<TV, TL>(frame, i), TA.Eval<TV, TL>(frame, i), TB.Eval<TV, TL>(frame, i));
}

internal readonly struct NegateOp : IUnaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Negate(a); }
internal readonly struct SqrtOp : IUnaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Sqrt(a); }
internal readonly struct AbsOp : IUnaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Abs(a); }
internal readonly struct ExpOp : IUnaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Exp(a); }
internal readonly struct LogOp : IUnaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Log(a); }
internal readonly struct AddOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Add(a, b); }
internal readonly struct SubtractOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Subtract(a, b); }
internal readonly struct MultiplyOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Multiply(a, b); }
internal readonly struct DivideOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Divide(a, b); }
internal readonly struct MinOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Min(a, b); }
internal readonly struct MaxOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Max(a, b); }
internal readonly struct PowOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Pow(a, b); }
internal readonly struct LessOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Less(a, b); }
internal readonly struct LessOrEqualOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.LessOrEqual(a, b); }
internal readonly struct GreaterOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Greater(a, b); }
internal readonly struct GreaterOrEqualOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.GreaterOrEqual(a, b); }
internal readonly struct EqualOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.Equal(a, b); }
internal readonly struct NotEqualOp : IBinaryOp { [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TV Apply<TV, T, TL>(TV a, TV b) where TV : struct where T : unmanaged, IFloatingPointIeee754<T> where TL : struct, ILanes<TV, T> => TL.NotEqual(a, b); }
#pragma warning restore CA1815

/// <summary>A compiled expression at one width: elements [start, end) of the destination.</summary>
internal unsafe interface IKernel<T> where T : unmanaged
{
    void Run(in Frame<T> frame, nint start, nint end);
}

/// <summary>
/// The one loop: whole registers of <typeparamref name="TL"/>'s width, then the tail one element at a time at the
/// scalar width (the same operations, so the same bits).
/// </summary>
internal sealed unsafe class Kernel<T, TNode, TV, TL> : IKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TNode : INode<T> where TV : struct where TL : struct, ILanes<TV, T>
{
    // Fully optimised at once: a kernel made at run time is called once per block, too few calls for tiering to
    // promote it from its unoptimised first tier (which inlines nothing) before the work is done.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(in Frame<T> frame, nint start, nint end)
    {
        T* destination = frame.Destination;
        nint i = start;
        if (TL.Count > 1)
            for (; i <= end - TL.Count; i += TL.Count)
                TL.Store(TNode.Eval<TV, TL>(frame, i), destination + i);
        for (; i < end; i++)
            destination[i] = TNode.Eval<T, ScalarLanes<T>>(frame, i);
    }
}

/// <summary>Turns a bound tree into its node type and the node type into a kernel.</summary>
internal static class KernelBuilder
{
    private static readonly Type[] s_digits = [typeof(I0), typeof(I1), typeof(I2), typeof(I3), typeof(I4), typeof(I5), typeof(I6), typeof(I7)];

    private static Type Index(int value) =>
        value < 8 ? s_digits[value] : typeof(Octal<,>).MakeGenericType(Index(value / 8), s_digits[value % 8]);

    public static Type NodeType<T>(Bound node) => node switch
    {
        BoundArray a => typeof(Arg<,>).MakeGenericType(typeof(T), Index(a.Index)),
        BoundConstant c => typeof(Constant<,>).MakeGenericType(typeof(T), Index(c.Index)),
        BoundOperation { Operator: Operator.Where } w =>
            typeof(Where<,,,>).MakeGenericType(typeof(T), NodeType<T>(w.Operands[0]), NodeType<T>(w.Operands[1]), NodeType<T>(w.Operands[2])),
        BoundOperation { Operands.Length: 1 } u => typeof(Unary<,,>).MakeGenericType(typeof(T), OpType(u.Operator), NodeType<T>(u.Operands[0])),
        BoundOperation b => typeof(Binary<,,,>).MakeGenericType(typeof(T), OpType(b.Operator), NodeType<T>(b.Operands[0]), NodeType<T>(b.Operands[1])),
        _ => throw new InvalidOperationException(node.GetType().Name),
    };

    private static Type OpType(Operator op) => op switch
    {
        Operator.Negate => typeof(NegateOp), Operator.Sqrt => typeof(SqrtOp), Operator.Abs => typeof(AbsOp),
        Operator.Exp => typeof(ExpOp), Operator.Log => typeof(LogOp), Operator.Add => typeof(AddOp),
        Operator.Subtract => typeof(SubtractOp), Operator.Multiply => typeof(MultiplyOp), Operator.Divide => typeof(DivideOp),
        Operator.Min => typeof(MinOp), Operator.Max => typeof(MaxOp), Operator.Pow => typeof(PowOp),
        Operator.Less => typeof(LessOp), Operator.LessOrEqual => typeof(LessOrEqualOp), Operator.Greater => typeof(GreaterOp),
        Operator.GreaterOrEqual => typeof(GreaterOrEqualOp), Operator.Equal => typeof(EqualOp), Operator.NotEqual => typeof(NotEqualOp),
        _ => throw new InvalidOperationException(op.ToString()),
    };

    /// <summary>The kernel of <paramref name="node"/> at <paramref name="width"/> (a supported one).</summary>
    public static IKernel<T> Build<T>(Bound node, ExpressionWidth width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Type t = typeof(T);
        (Type vector, Type lanes) = width switch
        {
            ExpressionWidth.Vector512 => (typeof(System.Runtime.Intrinsics.Vector512<>).MakeGenericType(t), typeof(Vector512Lanes<>).MakeGenericType(t)),
            ExpressionWidth.Vector256 => (typeof(System.Runtime.Intrinsics.Vector256<>).MakeGenericType(t), typeof(Vector256Lanes<>).MakeGenericType(t)),
            ExpressionWidth.Vector128 => (typeof(System.Runtime.Intrinsics.Vector128<>).MakeGenericType(t), typeof(Vector128Lanes<>).MakeGenericType(t)),
            _ => (t, typeof(ScalarLanes<>).MakeGenericType(t)),
        };
        Type kernel = typeof(Kernel<,,,>).MakeGenericType(t, NodeType<T>(node), vector, lanes);
        return (IKernel<T>)Activator.CreateInstance(kernel)!;
    }
}
