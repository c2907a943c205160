using System.Globalization;
using HyperSharp.Kernels;
using HyperSharp.Ladder;
using HyperSharp.Processes;

namespace HyperSharp.Pi;

/// <summary>
/// One child process per allowed core (<c>hyper __worker pi</c>), each counting a contiguous range of blocks with
/// <see cref="PiSimd"/>'s kernel: independent streams, no shared memory, partial hits gathered from stdout.
/// Process start-up is part of the timed run — the lesson of this rung.
/// </summary>
public sealed class PiProcesses : SyncRung<PiProblem, PiResult>
{
    /// <inheritdoc/>
    public override string Name => "processes";
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Processes;
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Processes;
    /// <inheritdoc/>
    public override string Technique => "one `hyper __worker pi` child process per core over a contiguous block range, child start-up included";

    /// <inheritdoc/>
    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        long blocks = problem.Blocks;
        if (blocks == 0)
            return new PiResult(0, problem.Samples, problem.Seed, PiGenerator.CounterStream); // nothing to share out
        int workers = (int)Math.Clamp(blocks, 1, context.Processes);
        var arguments = new List<IReadOnlyList<string>>();
        for (int w = 0; w < workers; w++)
        {
            long first = blocks * w / workers, end = blocks * (w + 1) / workers;
            arguments.Add(WorkerArguments(problem, first, end));
        }
        IReadOnlyList<string> lines = WorkerProcesses.Run("pi", arguments);
        long hits = lines.Sum(line => long.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out long h)
            ? h
            : throw new InvalidOperationException($"a pi worker printed '{line}' instead of a hit count"));
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.CounterStream);
    }

    /// <summary>The arguments of <c>hyper __worker pi</c> for blocks [first, end): the spec's own options, then the share.</summary>
    public static IReadOnlyList<string> WorkerArguments(PiProblem problem, long firstBlock, long endBlock) =>
    [
        .. PiLadder.Declaration.Arguments(new PiSpec(problem.Samples, problem.Seed)),
        "--first-block", Invariant(firstBlock), "--end-block", Invariant(endBlock),
    ];

    /// <summary>What a worker does: the hits of blocks [first, end) of the run, on one core.</summary>
    public static long Work(long samples, long seed, long firstBlock, long endBlock)
    {
        long blocks = PiStream.BlockCount(samples);
        if (samples < 0 || firstBlock < 0 || endBlock < firstBlock || endBlock > blocks)
            throw new SpecException($"blocks [{firstBlock}, {endBlock}) are not within the {blocks} blocks of {samples} samples");
        return PiKernel.CountBlocks(seed, samples, firstBlock, endBlock, SimdWidths.Best);
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
