using System.Numerics;
using HyperSharp.Ladder;

namespace HyperSharp.Matmul;

/// <summary>A matrix-product rung: <see cref="Multiply{T}"/> written once for float and double; C is allocated (zeroed) in the timed region, as NumPy's result is.</summary>
public abstract class MatmulRung : SyncRung<MatmulProblem, MatmulResult>
{
    /// <summary>C = A·B (<paramref name="c"/> zeroed) for A m×k, B k×n, row-major.</summary>
    protected abstract void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, RunContext context)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    protected sealed override MatmulResult Compute(MatmulProblem problem, RunContext context)
    {
        (int m, int k, int n) = (problem.M, problem.K, problem.N);
        if (problem.A is float[] af)
        {
            var c = new float[(long)m * n];
            Multiply<float>(af, (float[])problem.B, c, m, k, n, context);
            return new MatmulResult(c, m, k, n);
        }
        var cd = new double[(long)m * n];
        Multiply<double>((double[])problem.A, (double[])problem.B, cd, m, k, n, context);
        return new MatmulResult(cd, m, k, n);
    }
}

/// <summary>Rung 0: the textbook i-j-k triple loop, one dot product per element, summed in k order.</summary>
public sealed class MatmulReference : MatmulRung
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "i-j-k triple loop: a dot product per element, B read down its columns";
    /// <summary>At about 1 GFLOP/s the book's N = 5000 would take minutes: a skipped row above N ≈ 2150.</summary>
    public override double MaxBenchWork => 2e10;
    /// <inheritdoc/>
    protected override void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, RunContext context) =>
        MatmulLoops.Ijk(a, b, c, m, k, n);
}

/// <summary>The loop order for the cache: i-k-j walks rows of B and C. The same sums in the same order: bit-identical.</summary>
public sealed class MatmulIkj : MatmulRung
{
    /// <inheritdoc/>
    public override string Name => "ikj";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => "i-k-j loop order: the inner loop runs along rows of B and C (bit-identical)";
    /// <summary>Scalar: a skipped row above N ≈ 3100.</summary>
    public override double MaxBenchWork => 6e10;
    /// <inheritdoc/>
    protected override void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, RunContext context) =>
        MatmulLoops.Ikj(a, b, c, m, k, n);
}

/// <summary>Cache blocking: i-k-j over 64×64 tiles, k tiles in order, so still bit-identical.</summary>
public sealed class MatmulBlocked : MatmulRung
{
    /// <inheritdoc/>
    public override string Name => "blocked";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Algorithm;
    /// <inheritdoc/>
    public override string Technique => $"i-k-j over {MatmulLoops.Tile}×{MatmulLoops.Tile} tiles reused from cache (bit-identical)";
    /// <summary>Scalar: a skipped row above N ≈ 3100.</summary>
    public override double MaxBenchWork => 6e10;
    /// <inheritdoc/>
    protected override void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, RunContext context) =>
        MatmulLoops.Blocked(a, b, c, m, k, n);
}

/// <summary>The BLIS-style packed, register-tiled kernel (<see cref="MatmulKernel"/>) on one core.</summary>
public sealed class MatmulSimd : MatmulRung
{
    /// <inheritdoc/>
    public override string Name => "simd";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Vectorized;
    /// <inheritdoc/>
    public override string Technique =>
        $"packed panels, {MatmulKernel.Mr}×2-register micro-kernel of {MatmulKernel.Width}-bit FMAs, blocks {MatmulKernel.Mc}×{MatmulKernel.Kc}×{MatmulKernel.Nc}, 1 thread";
    /// <summary>Fused, and summed in blocks of <see cref="MatmulKernel.Kc"/> terms: within the K²·ε bound.</summary>
    public override double Tolerance => MatmulLadder.OrderTolerance;
    /// <inheritdoc/>
    protected override void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, RunContext context) =>
        MatmulKernel.Multiply(a, b, c, m, k, n, 1);
}

/// <summary><see cref="MatmulSimd"/> on every core: each packed block of B shared, the row blocks of A dealt out to threads.</summary>
public sealed class MatmulThreads : MatmulRung
{
    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override string Technique => $"simd on every core: row blocks of {MatmulKernel.Mc} dealt round-robin, B packed once per block";
    /// <summary>The same sums as <see cref="MatmulSimd"/> whatever the thread count; within the K²·ε bound of the reference.</summary>
    public override double Tolerance => MatmulLadder.OrderTolerance;
    /// <inheritdoc/>
    protected override void Multiply<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int k, int n, RunContext context) =>
        MatmulKernel.Multiply(a, b, c, m, k, n, context.MaxThreads);
}
