using System.Numerics;
using HyperSharp.Expressions;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Expressions;

/// <summary>
/// An expression rung: <see cref="Evaluate{T}"/> written once for float and double. Staging (untimed) compiles the
/// kernel the rung needs, once per problem, and allocates and touches the destination, so that the timed run measures
/// the evaluation, not the kernel mapping fresh pages (numexpr's peer gets its <c>out=</c> array the same way).
/// </summary>
public abstract class ExprRung : StagedRung<ExprProblem, Array, ExprResult>
{
    /// <summary>Fills <paramref name="destination"/> with the expression at every element.</summary>
    protected abstract void Evaluate<T>(ExprProblem problem, T[] destination, RunContext context) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>What staging makes ready (a compiled kernel); nothing by default.</summary>
    protected virtual void Prepare<T>(ExprProblem problem) where T : unmanaged, IFloatingPointIeee754<T>
    {
    }

    /// <summary>
    /// Untimed: the kernel ready and the destination written once. A fresh large array is zero pages the OS has not
    /// mapped yet (the GC need not clear them); without the write, the timed run would pay a page fault every 4 KiB.
    /// </summary>
    protected sealed override Array Stage(ExprProblem problem, RunContext context)
    {
        if (problem.Dtype == ExprSpec.Float32)
        {
            Prepare<float>(problem);
            var f = GC.AllocateUninitializedArray<float>(problem.N);
            f.AsSpan().Fill(float.NaN);
            return f;
        }
        Prepare<double>(problem);
        var d = GC.AllocateUninitializedArray<double>(problem.N);
        d.AsSpan().Fill(double.NaN);
        return d;
    }

    /// <summary>Timed: the evaluation into the staged destination.</summary>
    protected sealed override ExprResult Compute(Array destination, ExprProblem problem, RunContext context)
    {
        if (destination is float[] f)
            Evaluate(problem, f, context);
        else
            Evaluate(problem, (double[])destination, context);
        return new ExprResult(destination);
    }
}

/// <summary>Rung 0: a walk of the syntax tree for every element (<see cref="ArrayExpression.Interpret{T}"/>) — the definition of the answer.</summary>
public sealed class ExprReference : ExprRung
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "tree-walking interpreter: a type switch per node per element";
    /// <summary>Tens of millions of elements a second at best: a skipped row above 3·10⁷.</summary>
    public override double MaxBenchWork => 3e7;
    /// <inheritdoc/>
    protected override void Evaluate<T>(ExprProblem problem, T[] destination, RunContext context) =>
        problem.Expression.Interpret<T>(destination, problem.ArraysOf<T>());
}

/// <summary>NumPy's way: one vectorised pass and one new array per operation (<see cref="ArrayExpression.EvaluateUnfused{T}"/>).</summary>
public sealed class ExprTemporaries : ExprRung
{
    /// <inheritdoc/>
    public override string Name => "temporaries";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "one SIMD pass and one new array per operation (NumPy's temporaries), 1 thread";
    /// <inheritdoc/>
    protected override void Prepare<T>(ExprProblem problem) =>
        problem.Expression.EvaluateUnfused<T>(Span<T>.Empty, problem.Arrays.Select(_ => ReadOnlyMemory<T>.Empty).ToArray());
    /// <inheritdoc/>
    protected override void Evaluate<T>(ExprProblem problem, T[] destination, RunContext context) =>
        problem.Expression.EvaluateUnfused<T>(destination, problem.ArraysOf<T>());
}

/// <summary>A compiled kernel at one width on some threads: what fused, fused-simd and threads share.</summary>
public abstract class ExprCompiledRung : ExprRung
{
    /// <summary>The register width the kernel is compiled for.</summary>
    protected abstract ExpressionWidth Width { get; }

    /// <summary>Threads it runs on: 1 unless it declares <see cref="RungResources.Threads"/>.</summary>
    private int Threads(RunContext context) => IsParallel ? context.MaxThreads : 1;

    /// <inheritdoc/>
    protected override void Prepare<T>(ExprProblem problem) => problem.Compiled<T>(Width);

    /// <inheritdoc/>
    protected override void Evaluate<T>(ExprProblem problem, T[] destination, RunContext context) =>
        problem.Compiled<T>(Width).Evaluate(destination, problem.ArraysOf<T>(), [], Threads(context));
}

/// <summary>Compiled once into one pass, one element at a time: no temporaries, no interpretation.</summary>
public sealed class ExprFused : ExprCompiledRung
{
    /// <inheritdoc/>
    public override string Name => "fused";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "compiled once (generic operator structs), one scalar pass, no temporaries, 1 thread";
    /// <inheritdoc/>
    protected override ExpressionWidth Width => ExpressionWidth.Scalar;
}

/// <summary>The same fused pass with the widest registers.</summary>
public sealed class ExprFusedSimd : ExprCompiledRung
{
    /// <inheritdoc/>
    public override string Name => "fused-simd";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique => $"the fused pass on {(int)ExpressionWidths.Best}-bit vectors, 1 thread";
    /// <inheritdoc/>
    protected override ExpressionWidth Width => ExpressionWidth.Best;
}

/// <summary>fused-simd over every allowed core, in blocks of <see cref="CompiledExpression{T}.BlockSize"/> elements.</summary>
public sealed class ExprThreads : ExprCompiledRung
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override string Technique => $"fused-simd on every core, blocks of {CompiledExpression<double>.BlockSize} elements handed out in turn";
    /// <inheritdoc/>
    protected override ExpressionWidth Width => ExpressionWidth.Best;
}
