using System.Numerics;

namespace HyperSharp.Expressions;

/// <summary>
/// An <see cref="ArrayExpression"/> compiled for <typeparamref name="T"/> at one register width: a single loop that
/// reads each array once and writes the destination once, with the whole expression in registers — no temporary
/// arrays. On several threads the elements go out in blocks of <see cref="BlockSize"/>. Thread-safe; compile once,
/// evaluate many times.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class CompiledExpression<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Elements a thread takes at a time: 8192 (64 KiB of each float64 array — inputs and destination of a block stay
    /// in the core's L2 while it runs), a few hundred blocks to share at 10⁶ elements, one interlocked increment each.
    /// </summary>
    public const int BlockSize = 8192;

    private readonly IKernel<T> _kernel;

    internal CompiledExpression(ArrayExpression expression, IKernel<T> kernel, ExpressionWidth width)
    {
        (Expression, _kernel, Width) = (expression, kernel, width);
    }

    /// <summary>What was compiled.</summary>
    public ArrayExpression Expression { get; }

    /// <summary>The register width it runs at (never <see cref="ExpressionWidth.Best"/>).</summary>
    public ExpressionWidth Width { get; }

    /// <summary>Elements per register at <see cref="Width"/>.</summary>
    public int Lanes => Width == ExpressionWidth.Scalar ? 1 : (int)Width / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>On this thread: <paramref name="destination"/>[i] = the expression at element i of <paramref name="a"/>, its one array.</summary>
    /// <exception cref="ArgumentException">The expression reads another number of arrays or takes scalars, or a length differs from the destination's.</exception>
    public void Evaluate(Span<T> destination, ReadOnlySpan<T> a) => EvaluateSpans(destination, 1, a, default, default, default);

    /// <summary>On this thread, for an expression of two arrays: <paramref name="a"/> and <paramref name="b"/> in <see cref="ArrayExpression.Arrays"/> order.</summary>
    /// <exception cref="ArgumentException">The expression reads another number of arrays or takes scalars, or a length differs from the destination's.</exception>
    public void Evaluate(Span<T> destination, ReadOnlySpan<T> a, ReadOnlySpan<T> b) => EvaluateSpans(destination, 2, a, b, default, default);

    /// <summary>On this thread, for an expression of three arrays, in <see cref="ArrayExpression.Arrays"/> order.</summary>
    /// <exception cref="ArgumentException">The expression reads another number of arrays or takes scalars, or a length differs from the destination's.</exception>
    public void Evaluate(Span<T> destination, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c) => EvaluateSpans(destination, 3, a, b, c, default);

    /// <summary>On this thread, for an expression of four arrays, in <see cref="ArrayExpression.Arrays"/> order.</summary>
    /// <exception cref="ArgumentException">The expression reads another number of arrays or takes scalars, or a length differs from the destination's.</exception>
    public void Evaluate(Span<T> destination, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> d) => EvaluateSpans(destination, 4, a, b, c, d);

    private unsafe void EvaluateSpans(Span<T> destination, int given, ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> d)
    {
        if (given != Expression.Arrays.Count || Expression.Scalars.Count > 0)
            throw new ArgumentException($"The expression reads {Expression.Arrays.Count} arrays ({string.Join(", ", Expression.Arrays)}) and " +
                $"{Expression.Scalars.Count} scalars; {given} arrays were given (scalars: use the overload with a list of arrays).");
        int[] lengths = [a.Length, b.Length, c.Length, d.Length];
        for (int k = 0; k < given; k++)
            if (lengths[k] != destination.Length)
                throw new ArgumentException($"Array '{Expression.Arrays[k]}' has {lengths[k]} elements, the destination {destination.Length}.");
        T[] constants = Expression.Constants<T>([]);
        fixed (T* pd = destination)
        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        fixed (T* pdd = d)
        fixed (T* pk = constants)
        {
            var frame = new Frame<T> { A0 = pa, A1 = pb, A2 = pc, A3 = pdd, Constants = pk, Destination = pd };
            _kernel.Run(frame, 0, destination.Length);
        }
    }

    /// <summary>
    /// <paramref name="destination"/>[i] = the expression at element i of <paramref name="arrays"/> (in
    /// <see cref="ArrayExpression.Arrays"/> order) with <paramref name="scalars"/> (in <see cref="ArrayExpression.Scalars"/>
    /// order), on up to <paramref name="threads"/> threads, in blocks of <see cref="BlockSize"/>. The answer does not
    /// depend on the thread count: each element is computed alone.
    /// </summary>
    /// <exception cref="ArgumentException">The arrays or scalars do not match the expression's.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1.</exception>
    public unsafe void Evaluate(Span<T> destination, IReadOnlyList<ReadOnlyMemory<T>> arrays, ReadOnlySpan<T> scalars = default, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        using var pins = new Pins<T>(Expression, destination.Length, arrays, scalars);
        fixed (T* pd = destination)
        fixed (T* pk = pins.Constants)
            Run(pins.Frame(pd, pk), destination.Length, threads);
    }

    internal void Run(Frame<T> frame, int length, int threads)
    {
        int blocks = (length + BlockSize - 1) / BlockSize;
        threads = Math.Min(threads, blocks);
        if (threads <= 1)
        {
            _kernel.Run(frame, 0, length);
            return;
        }
        long next = -1;
        IKernel<T> kernel = _kernel;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (long block = Interlocked.Increment(ref next); block < blocks; block = Interlocked.Increment(ref next))
            {
                nint start = (nint)(block * BlockSize);
                kernel.Run(frame, start, Math.Min(start + BlockSize, length));
            }
        });
    }
}
