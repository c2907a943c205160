using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;

namespace HyperSharp.Expressions;

/// <summary>
/// An element-wise expression over named arrays and scalars, parsed and type-checked once:
/// <c>sqrt(x*x + y*y) * w + 1</c>. Operators <c>+ − * /</c>, unary <c>−</c>, comparisons <c>&lt; &lt;= &gt; &gt;= == !=</c>
/// (only as the first argument of <c>where(c, a, b)</c>), and the functions <c>sqrt exp log abs min max pow</c>; numbers
/// like <c>2</c>, <c>0.5</c>, <c>1e-3</c>. Every name not declared a scalar is an array. NaN and infinities propagate as
/// in IEEE 754 (<c>min</c> and <c>max</c> return NaN when either operand is NaN, as <see cref="Math.Min(double, double)"/>).
/// <para>
/// Three evaluators give the same bits: <see cref="Interpret{T}"/> (the reference, walking the tree per element),
/// <see cref="EvaluateUnfused{T}"/> (one array per operation, NumPy's way) and <see cref="Compile{T}"/> (one fused pass).
/// </para>
/// </summary>
public sealed class ArrayExpression
{
    /// <summary>The most arrays one expression may read.</summary>
    public const int MaxArrays = 8;

    private readonly Bound _tree;
    private readonly double[] _literals;
    private readonly ConcurrentDictionary<(Type, ExpressionWidth), object> _unfused = new();

    private ArrayExpression(string text, Bound tree, double[] literals, int operations, string[] arrays, string[] scalars)
    {
        (Text, _tree, _literals, Operations, Arrays, Scalars) = (text, tree, literals, operations, arrays, scalars);
    }

    /// <summary>The text it was parsed from.</summary>
    public string Text { get; }

    /// <summary>The arrays it reads, in ordinal order of their names: the order evaluators take them in.</summary>
    public IReadOnlyList<string> Arrays { get; }

    /// <summary>The scalars declared to <see cref="Parse(string, IEnumerable{string})"/>, in the order their values are given.</summary>
    public IReadOnlyList<string> Scalars { get; }

    /// <summary>Operators and function calls in the text (<c>sqrt(x*x + y*y) * w + 1</c>: 6): the flops of an element.</summary>
    public int Operations { get; }

    internal Bound Tree => _tree;

    /// <summary>Parses and type-checks <paramref name="text"/>, every name an array.</summary>
    /// <exception cref="ExpressionException">The text does not parse or type-check; the message names the column.</exception>
    public static ArrayExpression Parse(string text) => Parse(text, []);

    /// <summary>Parses and type-checks <paramref name="text"/>; the names in <paramref name="scalars"/> are scalars, the rest arrays.</summary>
    /// <exception cref="ExpressionException">The text does not parse or type-check; the message names the column.</exception>
    /// <exception cref="ArgumentException">A scalar's name is not a name or is a function's.</exception>
    public static ArrayExpression Parse(string text, IEnumerable<string> scalars)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(scalars);
        string[] declared = scalars.ToArray();
        foreach (string s in declared)
            if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_') || !s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') || Parser.Functions.Contains(s))
                throw new ArgumentException($"'{s}' cannot be a scalar's name.", nameof(scalars));
        if (declared.Distinct(StringComparer.Ordinal).Count() != declared.Length)
            throw new ArgumentException("A scalar is declared twice.", nameof(scalars));
        Syntax syntax = Parser.Parse(text);
        var names = Binder.Names(syntax).Where(n => !declared.Contains(n.Name, StringComparer.Ordinal)).ToList();
        string[] arrays = names.Select(n => n.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (arrays.Length > MaxArrays)
        {
            string extra = arrays[MaxArrays];
            throw new ExpressionException(names.First(n => n.Name == extra).Column, $"more than {MaxArrays} arrays ({string.Join(", ", arrays)})");
        }
        (Bound tree, double[] literals, int operations) = Binder.Bind(syntax, arrays, declared);
        return new ArrayExpression(text, tree, literals, operations, arrays, declared);
    }

    /// <summary>Compiles the fused kernel once, for <typeparamref name="T"/> (<see cref="float"/> or <see cref="double"/>) at <paramref name="width"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public CompiledExpression<T> Compile<T>(ExpressionWidth width = ExpressionWidth.Best) where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSupported<T>();
        ExpressionWidth resolved = ExpressionWidths.Resolve(width);
        return new CompiledExpression<T>(this, KernelBuilder.Build<T>(_tree, resolved), resolved);
    }

    /// <summary>
    /// The reference: for each element, a walk of the tree, each node evaluated by <typeparamref name="T"/>'s own
    /// operators and functions (<see cref="Math.Sqrt"/>, <see cref="Math.Exp"/>, …). Slow, and the definition of the answer.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays or scalars do not match <see cref="Arrays"/> and <see cref="Scalars"/>.</exception>
    public unsafe void Interpret<T>(Span<T> destination, IReadOnlyList<ReadOnlyMemory<T>> arrays, ReadOnlySpan<T> scalars = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSupported<T>();
        using var pins = new Pins<T>(this, destination.Length, arrays, scalars);
        fixed (T* d = destination)
        fixed (T* c = pins.Constants)
        {
            Frame<T> frame = pins.Frame(d, c);
            for (nint i = 0; i < destination.Length; i++)
                d[i] = Eval(_tree, frame, i);
        }
    }

    /// <summary>A tree of constants alone, evaluated once into the destination's first element.</summary>
    internal static unsafe void EvalScalar<T>(Bound tree, in Frame<T> frame) where T : unmanaged, IFloatingPointIeee754<T> =>
        frame.Destination[0] = Eval(tree, frame, 0);

    private static unsafe T Eval<T>(Bound node, in Frame<T> frame, nint i) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (node)
        {
            case BoundArray a:
                return frame.Array(a.Index)[i];
            case BoundConstant c:
                return frame.Constants[c.Index];
            case BoundOperation { Operator: Operator.Where } w:
                return Eval(w.Operands[0], frame, i) != T.Zero ? Eval(w.Operands[1], frame, i) : Eval(w.Operands[2], frame, i);
            case BoundOperation { Operands.Length: 1 } u:
                T x = Eval(u.Operands[0], frame, i);
                return u.Operator switch
                {
                    Operator.Negate => -x,
                    Operator.Sqrt => T.Sqrt(x),
                    Operator.Abs => T.Abs(x),
                    Operator.Exp => T.Exp(x),
                    _ => T.Log(x),
                };
            case BoundOperation b:
                T l = Eval(b.Operands[0], frame, i), r = Eval(b.Operands[1], frame, i);
                return b.Operator switch
                {
                    Operator.Add => l + r,
                    Operator.Subtract => l - r,
                    Operator.Multiply => l * r,
                    Operator.Divide => l / r,
                    Operator.Min => T.Min(l, r),
                    Operator.Max => T.Max(l, r),
                    Operator.Pow => T.Pow(l, r),
                    Operator.Less => l < r ? T.One : T.Zero,
                    Operator.LessOrEqual => l <= r ? T.One : T.Zero,
                    Operator.Greater => l > r ? T.One : T.Zero,
                    Operator.GreaterOrEqual => l >= r ? T.One : T.Zero,
                    Operator.Equal => l == r ? T.One : T.Zero,
                    _ => l != r ? T.One : T.Zero,
                };
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    /// <summary>
    /// NumPy's way: each operation is one vectorised pass that writes a new array (allocated for it, as NumPy
    /// allocates each temporary), read by the next; a comparison writes a mask array of 1 and 0 that where reads. An
    /// operation on scalars alone stays a scalar. The same operations as the reference: the same bits.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays or scalars do not match <see cref="Arrays"/> and <see cref="Scalars"/>.</exception>
    public void EvaluateUnfused<T>(Span<T> destination, IReadOnlyList<ReadOnlyMemory<T>> arrays, ReadOnlySpan<T> scalars = default, ExpressionWidth width = ExpressionWidth.Best)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        RequireSupported<T>();
        ExpressionWidth resolved = ExpressionWidths.Resolve(width);
        var plan = (UnfusedPlan<T>)_unfused.GetOrAdd((typeof(T), resolved), static (key, tree) => new UnfusedPlan<T>(tree, key.Item2), _tree);
        Pins<T>.Check(this, destination.Length, arrays, scalars);
        plan.Run(destination, arrays, Constants(scalars));
    }

    /// <summary>The constant slots: the scalars' values, then the literals in <typeparamref name="T"/>.</summary>
    internal T[] Constants<T>(ReadOnlySpan<T> scalars) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var constants = new T[Scalars.Count + _literals.Length];
        scalars.CopyTo(constants);
        for (int k = 0; k < _literals.Length; k++)
            constants[Scalars.Count + k] = T.CreateTruncating(_literals[k]);
        return constants;
    }

    private static void RequireSupported<T>()
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
            throw new NotSupportedException($"Expressions are evaluated in float or double, not {typeof(T).Name}.");
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>The arrays of one evaluation pinned, checked against the expression, and the constant slots made.</summary>
internal sealed unsafe class Pins<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MemoryHandle[] _handles;

    public Pins(ArrayExpression expression, int length, IReadOnlyList<ReadOnlyMemory<T>> arrays, ReadOnlySpan<T> scalars)
    {
        Check(expression, length, arrays, scalars);
        _handles = arrays.Select(a => a.Pin()).ToArray();
        Constants = expression.Constants(scalars);
    }

    public T[] Constants { get; }

    public static void Check(ArrayExpression expression, int length, IReadOnlyList<ReadOnlyMemory<T>> arrays, ReadOnlySpan<T> scalars)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        if (arrays.Count != expression.Arrays.Count)
            throw new ArgumentException($"The expression reads {expression.Arrays.Count} arrays ({string.Join(", ", expression.Arrays)}), not {arrays.Count}.", nameof(arrays));
        for (int k = 0; k < arrays.Count; k++)
            if (arrays[k].Length != length)
                throw new ArgumentException($"Array '{expression.Arrays[k]}' has {arrays[k].Length} elements, the destination {length}.", nameof(arrays));
        if (scalars.Length != expression.Scalars.Count)
            throw new ArgumentException($"The expression takes {expression.Scalars.Count} scalars, not {scalars.Length}.", nameof(scalars));
    }

    public Frame<T> Frame(T* destination, T* constants)
    {
        var frame = new Frame<T> { Destination = destination, Constants = constants };
        for (int k = 0; k < _handles.Length; k++)
            frame.Set(k, (T*)_handles[k].Pointer);
        return frame;
    }

    public void Dispose()
    {
        foreach (MemoryHandle h in _handles)
            h.Dispose();
    }
}
