using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Ladder;
using HyperSharp.Pi;

namespace HyperSharp.Tests.Pi;

public sealed class PiBenchTests
{
    // As `hyper run` reports them: the reference carries its own tolerance (5σ), counter-stream rungs 0.
    private static readonly ISystemBench s_bench = Catalog.BenchOf(Catalog.Pi);

    private static PeerProgram Program(string name) => Catalog.Pi.Peers.First(p => p.Name == name);

    private static RunResult Rung(string name, double hits) => new()
    {
        System = "pi", Rung = name, Implementation = "hypersharp", Checksum = hits, Verified = true,
        Fingerprint = Fingerprint.Of((long)hits).Hex,
        Spec = new() { ["samples"] = 1_000_003, ["seed"] = 42 },
        Verification = new VerificationInfo("reference", null, 0, name == "reference" ? PiLadder.SigmaTolerance : 0, "none"),
    };

    private static RunResult Peer(string name, string implementation, double hits) =>
        Rung(name, hits) with { Kind = "peer", Implementation = implementation, Verified = null, Verification = null };

    [Fact]
    public void VerifyPeer_C_ComparesHitsExactlyWithACounterRungNotTheReference()
    {
        RunResult[] rungs = [Rung("reference", 785_000), Rung("simd", 785_601)];
        RunResult same = s_bench.VerifyPeer(Peer("c-avx512", "c", 785_601), Program("c-avx512"), rungs);
        RunResult off = s_bench.VerifyPeer(Peer("c-avx512", "c", 785_742), Program("c-avx512"), rungs);

        Assert.True(same.Verified);
        Assert.Equal("simd", same.Verification!.Against);
        Assert.Equal("fingerprint", same.Verification.Method);
        Assert.False(off.Verified);
    }

    [Fact]
    public void VerifyPeer_WithoutFingerprint_FallsBackToTheChecksum()
    {
        RunResult[] rungs = [Rung("reference", 785_000), Rung("simd", 785_601)];
        RunResult same = s_bench.VerifyPeer(Peer("c-avx512", "c", 785_601) with { Fingerprint = null }, Program("c-avx512"), rungs);
        RunResult off = s_bench.VerifyPeer(Peer("c-avx512", "c", 785_742) with { Fingerprint = null }, Program("c-avx512"), rungs);

        Assert.True(same.Verified);
        Assert.Equal("checksum", same.Verification!.Method);
        Assert.False(off.Verified);
    }

    [Fact]
    public void VerifyPeer_Python_ChecksTheEstimateWithin5Sigma()
    {
        Assert.True(s_bench.VerifyPeer(Peer("numpy", "python", 785_500), Program("numpy"), []).Verified);
        Assert.False(s_bench.VerifyPeer(Peer("numpy", "python", 790_000), Program("numpy"), []).Verified);
    }
}
