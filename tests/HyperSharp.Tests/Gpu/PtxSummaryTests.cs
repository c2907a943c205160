using HyperSharp.Gpu.Ptx;

namespace HyperSharp.Tests.Gpu;

/// <summary>The PTX summary's counts on small hand-written kernels whose every count is known.</summary>
public sealed class PtxSummaryTests
{
    /// <summary>
    /// Two nested loops; a vector load; shared memory; every special-function kind; one multiply-add pair the JIT may
    /// fuse and two it may not (a rounding modifier on either side).
    /// </summary>
    private const string Nested = """
        //
        // written by hand
        //
        .version 8.8
        .target sm_80
        .address_size 64

        .visible .entry Kernel_Sample(
        	.param .b32 _n,
        	.param .b64 _p
        )
        {
        	.reg .pred	%p<4>;
        	.reg .b32	%r<6>;
        	.reg .b64	%rd<5>;
        	.reg .f64	%fd<12>;
        	.reg .f64	%fdx;
        	.shared .align 8 .b8 _tile[64];

        	ld.param.b32	%r1, [_n];
        	ld.param.b64	%rd1, [_p];
        	cvta.to.global.u64	%rd2, %rd1;
        	ld.global.v2.f64	{%fd1, %fd2}, [%rd2];
        	ld.shared.f64	%fd3, [_tile];
        	mov.b32	%r2, 0;

        L_outer:
        	setp.ge.s32	%p1, %r2, %r1;
        	@%p1 bra.uni	L_done;
        	mov.b32	%r3, 0;

        L_inner:
        	setp.ge.s32	%p2, %r3, 4;   // comments are ignored
        	@%p2 bra.uni	L_next;
        	mul.f64	%fd4, %fd1, %fd2;
        	add.f64	%fd5, %fd4, %fd3;
        	mul.rn.f64	%fd6, %fd1, %fd1;
        	add.f64	%fd7, %fd6, %fd5;
        	mul.f64	%fd8, %fd2, %fd2;
        	add.rn.f64	%fd9, %fd8, %fd7;
        	fma.rn.f64	%fd1, %fd9, %fd2, %fd1;
        	add.s32	%r3, %r3, 1;
        	bra.uni	L_inner;

        L_next:
        	sqrt.rn.f64	%fd10, %fd1;
        	rcp.rn.f64	%fd11, %fd10;
        	div.rn.f64	%fd2, %fd11, %fd10;
        	div.s32	%r4, %r2, 3;
        	add.s32	%r2, %r2, 1;
        	bra.uni	L_outer;

        L_done:
        	st.global.f64	[%rd2], %fd1;
        	st.shared.f64	[_tile], %fd2;
        	ret;
        }
        """;

    /// <summary>ILGPU's layout of a while loop: the exit block sits between the loop's header and its body.</summary>
    private const string ExitInside = """
        .version 8.8
        .target sm_90
        .visible .entry Kernel_While()
        {
        	.reg .pred %p<3>;
        	.reg .b32 %r<4>;
        	.reg .b64 %rd<2>;
        	mov.b32 %r1, 0;
        L_head:
        	setp.lt.s32 %p1, %r1, 8;
        	@%p1 bra.uni L_body;
        L_exit:
        	st.global.b32 [%rd1], %r1;
        	ret;
        L_body:
        	add.s32 %r1, %r1, 1;
        	bra.uni L_head;
        }
        """;

    [Fact]
    public void Parse_ReadsTheHeaderAndRegistersByType()
    {
        PtxSummary s = PtxSummary.Parse(Nested);
        Assert.Equal("8.8", s.Version);
        Assert.Equal("sm_80", s.Target);
        Assert.Equal(["Kernel_Sample"], s.Entries);
        Assert.Equal(
            [new PtxRegisters("pred", 4), new PtxRegisters("b32", 6), new PtxRegisters("b64", 5), new PtxRegisters("f64", 13)],
            s.Registers);
    }

    [Fact]
    public void Static_CountsEachInstructionOnce()
    {
        PtxTally t = PtxSummary.Parse(Nested).Static;
        Assert.Equal(29, t.Instructions);
        Assert.Equal((1, 16, 1, 8), (t.GlobalLoads, t.GlobalLoadBytes, t.GlobalStores, t.GlobalStoreBytes));
        Assert.Equal((1, 1, 0, 0), (t.SharedLoads, t.SharedStores, t.LocalLoads, t.LocalStores));
        Assert.Equal(0, t.GlobalAtomics);
        Assert.Equal((3, 3, 1, 1, 1, 1), (t.F64.Add, t.F64.Mul, t.F64.Fma, t.F64.Sqrt, t.F64.Rcp, t.F64.Div));
        Assert.Equal(11, t.F64.Flops);
        Assert.Equal(3, t.F64.Special);
        Assert.False(t.F32.Any);
        Assert.Equal((3, 0, 1), (t.IntegerOps, t.IntegerMultiplies, t.IntegerDivisions));
        Assert.Equal((4, 2), (t.Branches, t.ConditionalBranches));
        Assert.Equal(24, t.GlobalBytes);
    }

    [Fact]
    public void FusableMulAdds_OnlyWhereNeitherSideRounds() => Assert.Equal(1, PtxSummary.Parse(Nested).FusableMulAdds);

    [Fact]
    public void Loops_AreNestedInTheOrderTheyBegin()
    {
        PtxSummary s = PtxSummary.Parse(Nested);
        Assert.Equal([new PtxLoop(1, "L_outer", 1, 20), new PtxLoop(2, "L_inner", 2, 11)], s.Loops);
        Assert.Equal(8, s.Body(1).F64.Flops);
        Assert.Equal(11, s.Body(0).F64.Flops);
    }

    [Fact]
    public void PerThread_WeightsEachInstructionByTheTripsAroundIt()
    {
        PtxTally t = PtxSummary.Parse(Nested).PerThread([10, 4]);
        Assert.Equal(350, t.F64.Flops);           // 40 inner trips × 8, 10 outer × 3
        Assert.Equal(24, t.GlobalBytes);          // outside both loops
        Assert.Equal((100, 50), (t.Branches, t.ConditionalBranches));
        Assert.Equal(10, t.IntegerDivisions);
        Assert.Equal(539, t.Instructions);
    }

    [Fact]
    public void PerThread_NotOneTripCountPerLoop_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => PtxSummary.Parse(Nested).PerThread([10]));
        Assert.StartsWith("the PTX has 2 loop(s) but 1 trip count(s) were given", e.Message);
    }

    [Fact]
    public void Loop_LeavesOutTheExitBlockPlacedInsideIt()
    {
        PtxSummary s = PtxSummary.Parse(ExitInside);
        Assert.Equal([new PtxLoop(1, "L_head", 1, 4)], s.Loops);
        PtxTally t = s.PerThread([8]);
        Assert.Equal((1, 4), (t.GlobalStores, t.GlobalStoreBytes));
        Assert.Equal(8 * 4 + 3, t.Instructions);
        Assert.Equal("sm_90", s.Target);
    }

    [Fact]
    public void Parse_NoLoops_PerThreadIsStatic()
    {
        const string straight = ".version 8.8\n.target sm_80\n.entry K()\n{\n.reg .f32 %f<3>;\nmul.f32 %f1, %f1, %f2;\nsub.f32 %f2, %f1, %f2;\nret;\n}\n";
        PtxSummary s = PtxSummary.Parse(straight);
        Assert.Empty(s.Loops);
        Assert.Equal(2, s.PerThread([]).F32.Flops);
        Assert.Equal(1, s.FusableMulAdds);
        Assert.Equal([new PtxRegisters("f32", 3)], s.Registers);
    }
}
