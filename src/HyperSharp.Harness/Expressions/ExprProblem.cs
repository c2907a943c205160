using System.Collections.Concurrent;
using HyperSharp.Expressions;
using HyperSharp.Kernels;

namespace HyperSharp.Harness.Expressions;

/// <summary>
/// The parsed expression and its arrays, in <see cref="ArrayExpression.Arrays"/> (ordinal) order: array j holds
/// elements [j·N, (j + 1)·N) of the stream of the seed, rounded to float32 for that dtype — what the peers draw too.
/// Rungs never write to them; the compiled kernels are made once per width and kept (compiled once, untimed).
/// </summary>
public sealed class ExprProblem
{
    private readonly ConcurrentDictionary<ExpressionWidth, object> _compiled = new();

    private ExprProblem(ArrayExpression expression, Array[] arrays, int n, string dtype)
    {
        (Expression, Arrays, N, Dtype) = (expression, arrays, n, dtype);
    }

    /// <summary>The expression.</summary>
    public ArrayExpression Expression { get; }

    /// <summary>One <c>double[]</c> or <c>float[]</c> per name of <see cref="ArrayExpression.Arrays"/>.</summary>
    public IReadOnlyList<Array> Arrays { get; }

    /// <summary>Elements of each array.</summary>
    public int N { get; }

    /// <summary><see cref="ExprSpec.Float32"/> or <see cref="ExprSpec.Float64"/>.</summary>
    public string Dtype { get; }

    /// <summary>The arrays as <typeparamref name="T"/>.</summary>
    public IReadOnlyList<ReadOnlyMemory<T>> ArraysOf<T>() => Arrays.Select(a => new ReadOnlyMemory<T>((T[])a)).ToArray();

    /// <summary>The kernel at <paramref name="width"/>, compiled on first use.</summary>
    public CompiledExpression<T> Compiled<T>(ExpressionWidth width) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        (CompiledExpression<T>)_compiled.GetOrAdd(width, w => Expression.Compile<T>(w));

    /// <summary>The problem of <paramref name="spec"/> (already validated: the expression parses).</summary>
    public static ExprProblem Of(ExprSpec spec) => Random(ArrayExpression.Parse(spec.Expression), checked((int)spec.N), spec.Dtype, spec.Seed);

    /// <summary>The arrays of <paramref name="expression"/> at <paramref name="n"/> elements from <paramref name="seed"/>.</summary>
    public static ExprProblem Random(ArrayExpression expression, int n, string dtype, long seed)
    {
        var arrays = new Array[expression.Arrays.Count];
        for (int j = 0; j < arrays.Length; j++)
            arrays[j] = dtype == ExprSpec.Float32 ? Floats(n, seed, (long)j * n) : Doubles(n, seed, (long)j * n);
        return new ExprProblem(expression, arrays, n, dtype);
    }

    /// <summary>A problem of the given arrays (tests: NaN, infinities, golden values).</summary>
    public static ExprProblem Of(ArrayExpression expression, params double[][] arrays) =>
        new(expression, arrays, arrays.Length > 0 ? arrays[0].Length : 0, ExprSpec.Float64);

    /// <summary>A float32 problem of the given arrays (tests).</summary>
    public static ExprProblem OfFloats(ArrayExpression expression, params float[][] arrays) =>
        new(expression, arrays, arrays.Length > 0 ? arrays[0].Length : 0, ExprSpec.Float32);

    private const int Chunk = 1 << 16;

    private static double[] Doubles(int n, long seed, long start)
    {
        var values = GC.AllocateUninitializedArray<double>(n);
        Parallel.For(0, (n + Chunk - 1) / Chunk, c =>
        {
            int at = c * Chunk;
            UniformStream.Fill(values.AsSpan(at, Math.Min(Chunk, n - at)), seed, start + at);
        });
        return values;
    }

    private static float[] Floats(int n, long seed, long start)
    {
        var values = GC.AllocateUninitializedArray<float>(n);
        Parallel.For(0, (n + Chunk - 1) / Chunk, c =>
        {
            int at = c * Chunk, count = Math.Min(Chunk, n - at);
            var buffer = new double[count];
            UniformStream.Fill(buffer, seed, start + at);
            for (int i = 0; i < count; i++)
                values[at + i] = (float)buffer[i];
        });
        return values;
    }
}
