using HyperSharp.Ladder;
using HyperSharp.Native;

namespace HyperSharp.Pi;

/// <summary>
/// "Push to C": the C peer's counter-stream kernel (peers/c/pi_kernel.c) called through <c>[LibraryImport]</c>, its
/// hand-written AVX-512 variant where the CPU has it (else gcc's vectorised loop), OpenMP over the blocks. The hits
/// equal the counter-stream rungs' exactly.
/// </summary>
public sealed class PiNative : SyncRung<PiProblem, PiResult>
{
    /// <inheritdoc/>
    public override string Name => "native";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Compiled;
    /// <inheritdoc/>
    public override RungResources Uses => RungResources.Threads;
    /// <inheritdoc/>
    public override Availability Availability => NativePeers.Availability;
    /// <inheritdoc/>
    public override string Technique => "the C peer's counter-stream kernel in libhyperpeers.so (AVX-512 where the CPU has it), one LibraryImport call, OpenMP blocks";

    /// <inheritdoc/>
    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        NativePeers.Require(Availability);
        long hits = NativeKernels.PiHits(problem.Samples, problem.Seed, NativePeers.HasAvx512, context.MaxThreads);
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.CounterStream);
    }
}
