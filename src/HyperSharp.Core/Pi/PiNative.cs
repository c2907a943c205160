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
    public override string Name => "native";
    public override RungKind Kind => RungKind.Compiled;
    public override RungResources Uses => RungResources.Threads;
    public override Availability Availability => NativePeers.Availability;
    public override string Technique => "the C peer's counter-stream kernel in libhyperpeers.so (AVX-512 where the CPU has it), one LibraryImport call, OpenMP blocks";

    protected override PiResult Compute(PiProblem problem, RunContext context)
    {
        NativePeers.Require(Availability);
        long hits = NativeKernels.PiHits(problem.Samples, problem.Seed, NativePeers.HasAvx512, context.MaxThreads);
        return new PiResult(hits, problem.Samples, problem.Seed, PiGenerator.CounterStream);
    }
}
