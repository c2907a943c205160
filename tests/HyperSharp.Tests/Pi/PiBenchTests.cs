using HyperSharp.Harness;
using HyperSharp.Harness.Pi;
using HyperSharp.Pi;

namespace HyperSharp.Tests.Pi;

public sealed class PiBenchTests
{
    // As `hyper run` reports them: the reference carries its own tolerance (5σ), counter-stream rungs 0.
    private static RunResult Rung(string name, double hits) => new()
    {
        System = "pi", Rung = name, Implementation = "hypersharp", Checksum = hits, Verified = true,
        Spec = new() { ["samples"] = 1_000_003, ["seed"] = 42 },
        Verification = new VerificationInfo("reference", null, 0, name == "reference" ? PiLadder.SigmaTolerance : 0, "none"),
    };

    private static RunResult Peer(string name, string implementation, double hits) =>
        Rung(name, hits) with { Kind = "peer", Implementation = implementation, Verified = null, Verification = null };

    [Fact]
    public void VerifyPeer_C_ComparesHitsExactlyWithACounterRungNotTheReference()
    {
        RunResult[] rungs = [Rung("reference", 785_000), Rung("simd", 785_601)];
        var bench = new PiBench();

        RunResult same = bench.VerifyPeer(Peer("c-avx512", "c", 785_601), rungs);
        RunResult off = bench.VerifyPeer(Peer("c-avx512", "c", 785_742), rungs);

        Assert.True(same.Verified);
        Assert.Equal("simd", same.Verification!.Against);
        Assert.False(off.Verified);
    }

    [Fact]
    public void VerifyPeer_Python_ChecksTheEstimateWithin5Sigma()
    {
        var bench = new PiBench();
        Assert.True(bench.VerifyPeer(Peer("numpy", "python", 785_500), []).Verified);
        Assert.False(bench.VerifyPeer(Peer("numpy", "python", 790_000), []).Verified);
    }
}
