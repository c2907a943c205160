using HyperSharp.Kernels;
using HyperSharp.Ladder;

namespace HyperSharp.Pi;

/// <summary>
/// Tasks over batches: one task per block of <see cref="PiStream.BlockSize"/> samples, each a plain one-lane loop
/// over the counter stream. Same hits as every other counter-stream rung.
/// </summary>
public sealed class PiBatched : SyncRung<PiProblem, PiResult>
{
    /// <inheritdoc/>
    public override string Name => "batched";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Async;
    /// <inheritdoc/>
    public override string Technique => $"one Task per block of {PiStream.BlockSize} samples (counter stream, one lane): scheduling amortised";

    /// <inheritdoc/>
    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, context.MaxThreads).ConcurrentScheduler;
        var tasks = new Task<long>[problem.Blocks];
        for (long b = 0; b < tasks.Length; b++)
        {
            long block = b;
            tasks[b] = Task.Factory.StartNew(
                () => PiKernel.CountBlocks(problem.Seed, problem.Samples, block, block + 1, SimdWidth.Scalar),
                CancellationToken.None, TaskCreationOptions.None, scheduler);
        }
        Task.WaitAll(tasks);
        return new PiResult(tasks.Sum(t => t.Result), problem.Samples, problem.Seed, PiGenerator.CounterStream);
    }
}
