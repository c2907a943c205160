using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Norm;

/// <summary>
/// <see cref="NormSimd"/> over every allowed core: fixed chunks of <see cref="ChunkSize"/> elements, each summed by
/// <see cref="NormKernel"/>, the partial sums added in chunk order — the same answer whatever the thread count.
/// </summary>
public sealed class NormThreads : SyncRung<NormProblem, NormResult>
{
    /// <summary>Elements per chunk: 2¹⁶ (512 KiB), enough to amortise the hand-out, many chunks to share.</summary>
    public const int ChunkSize = 1 << 16;

    /// <inheritdoc/>
    public override string Name => "threads";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Threads;
    /// <inheritdoc/>
    public override string Technique => $"simd on every core, chunks of {ChunkSize} elements, partial sums in chunk order";
    /// <summary>Another summation order: within the bound of <see cref="NormResult.ErrorAgainst"/>.</summary>
    public override double Tolerance => NormLadder.OrderTolerance;

    /// <inheritdoc/>
    protected override NormResult Compute(NormProblem problem, RunContext context)
    {
        double[] values = problem.Values;
        int chunks = (int)((values.LongLength + ChunkSize - 1) / ChunkSize);
        var partial = new double[chunks];
        long next = -1;
        int threads = Math.Clamp(chunks, 1, context.MaxThreads);
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            for (long c = Interlocked.Increment(ref next); c < chunks; c = Interlocked.Increment(ref next))
            {
                int start = (int)(c * ChunkSize);
                partial[c] = NormKernel.SumOfSquares(values.AsSpan(start, Math.Min(ChunkSize, values.Length - start)), SimdWidths.Best);
            }
        });
        double sum = 0;
        foreach (double p in partial)
            sum += p;
        return new NormResult(sum, values.LongLength);
    }

}
