using System.Runtime.Intrinsics;
using HyperSharp.Diagnostics;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Diagnostics;

/// <summary>A test that needs AVX-512 (512-bit vectors accelerated); skipped, saying why, elsewhere.</summary>
public sealed class Avx512FactAttribute : FactAttribute
{
    public Avx512FactAttribute()
    {
        if (!Vector512.IsHardwareAccelerated)
            Skip = "no AVX-512 here: the simd rung's widest vectors are ymm, not zmm";
    }
}

/// <summary><c>hyper asm</c> on CPU rungs: the JIT's final code and its summary.</summary>
public sealed class AsmTests
{
    private const string Listing = """
        ; Assembly listing for method Demo:Sum(int[]):int (Tier0)
        ; Tier0 code
        G_M1_IG01:
               push     rbp
        ; Total bytes of code 40
          12: JIT compiled Demo:Sum(int[]):int [Tier0, IL size=20, code size=40]
        ; Assembly listing for method Demo:Sum(int[]):int (Tier1)
        ; Tier1 code
        G_M2_IG01:
               xor      eax, eax
        G_M2_IG02:
               vpaddd   zmm0, zmm0, zmmword ptr [rdi]
               vaddsd   xmm1, xmm1, xmm2
               vmovups  ymm3, ymmword ptr [rsi]
               call     [Demo:Helper()]
               dec      ecx
               jne      SHORT G_M2_IG02
               jmp      G_M2_IG03
        G_M2_IG03:
               ret
        ; Total bytes of code 31
        """;

    [Fact]
    public void Parse_KeepsTheLastTierAndCountsRegistersCallsAndBackwardJumps()
    {
        MethodListing m = Assert.Single(JitListing.Parse(Listing));
        Assert.Equal(("Demo:Sum(int[]):int", "Tier1", 31), (m.Method, m.Tier, m.CodeBytes));
        Assert.Equal((1, 1, 1), (m.Zmm, m.Ymm, m.Xmm));
        Assert.Equal(1, m.Calls);
        Assert.Equal(1, m.Loops); // jne back to IG02; the jmp forward to IG03 is no loop
        Assert.Equal(9, m.Instructions);
        Assert.DoesNotContain("JIT compiled", m.Text);
    }

    [Avx512Fact]
    public void ParticlesSimd_UsesZmm_AndTheReferenceDoesNot()
    {
        Hyper.Outcome simd = Hyper.Run("asm", "particles", "--rung", "simd", "--count", "1000", "--time", "0.01", "--method", "*ParticleKernel:Blocks");
        Assert.True(simd.ExitCode == 0, simd.Stderr);
        string row = simd.Stdout.Split('\n').First(l => l.StartsWith("HyperSharp.Particles.ParticleKernel:Blocks[System.Runtime.Intrinsics.Vector512", StringComparison.Ordinal));
        Assert.True(ZmmColumn(row) > 0, row);

        Hyper.Outcome reference = Hyper.Run("asm", "particles", "--rung", "reference", "--count", "1000", "--time", "0.01", "--method", "*ParticleSimulator:Evolve");
        Assert.True(reference.ExitCode == 0, reference.Stderr);
        string evolve = reference.Stdout.Split('\n').First(l => l.StartsWith("HyperSharp.Particles.ParticleSimulator:Evolve", StringComparison.Ordinal));
        Assert.Equal(0, ZmmColumn(evolve));
    }

    [Fact]
    public void BadInput_OneLineExitTwo()
    {
        Hyper.AssertBadInput("asm", "particles", "--rung", "reference", "--count", "1000", "--time", "0.01", "--method", "NoSuchType:NoSuchMethod");
        Hyper.AssertBadInput("asm", "particles", "--rung", "nope");
        Hyper.AssertBadInput("asm", "particles", "--rung", "simd", "--count", "0");
    }

    /// <summary>The zmm column of a plain-text summary row (method, tier, bytes, instructions, zmm, …).</summary>
    private static int ZmmColumn(string row)
    {
        string[] cells = row.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return int.Parse(cells[4], System.Globalization.CultureInfo.InvariantCulture);
    }
}
