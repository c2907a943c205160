using HyperSharp.Gpu;
using HyperSharp.Gpu.Ptx;
using HyperSharp.Harness;
using HyperSharp.Ladder;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace HyperSharp.Tests.Gpu;

/// <summary>
/// Every kernel of every GPU rung in the registry compiles to PTX with ILGPU's CUDA backend for A100- and H100/H200-class
/// architectures, on this machine, with no GPU: the CPU accelerator the conformance tests use accepts constructs that
/// backend may reject. A new GPU rung is covered by being registered.
/// </summary>
public sealed class PtxCompileTests
{
    /// <summary>(system, rung, kernel, architecture) for every GPU kernel and every required architecture.</summary>
    public static TheoryData<string, string, string, string> Kernels()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach ((ILadder ladder, IGpuRung rung, GpuKernel kernel) in GpuKernels())
            foreach (CudaArchitecture arch in PtxCompiler.Required)
                data.Add(ladder.Name, rung.Name, kernel.Name, PtxCompiler.Name(arch));
        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_CompilesToPtx(string system, string rung, string kernel, string architecture)
    {
        GpuKernel k = Find(system, rung, kernel);
        Assert.True(PtxCompiler.TryParse(architecture, out CudaArchitecture arch));
        string ptx;
        try
        {
            ptx = PtxCompiler.Compile(k, arch);
        }
        catch (PtxCompileException ex)
        {
            // The kernel's name and ILGPU's message, not a stack of compiler frames.
            Assert.Fail($"{system} {rung}: {ex.Message}");
            return;
        }
        Assert.Contains($".entry {k.EntryName}(", ptx);
        Assert.Contains($".version {PtxCompiler.InstructionSet}", ptx);
        Assert.Matches(@"\.target sm_\d+", ptx);
    }

    [Fact]
    public void EveryGpuRung_DeclaresItsKernels()
    {
        IRung[] gpu = Catalog.Ladders.SelectMany(l => l.Rungs).Where(r => r.Kind == RungKind.Gpu).ToArray();
        Assert.NotEmpty(gpu);
        Assert.All(gpu, r =>
        {
            IGpuRung g = Assert.IsAssignableFrom<IGpuRung>(r);
            Assert.NotEmpty(g.Kernels);
            Assert.All(g.Kernels, k => Assert.True(k.Method.IsStatic, k.FullName));
        });
        // The theory's data reaches every one of them.
        Assert.Equal(gpu.Length, GpuKernels().Select(k => k.Rung).Distinct().Count());
        Assert.Equal(GpuKernels().Count() * PtxCompiler.Required.Count, Kernels().Count);
    }

    /// <summary>What the theory reports for a kernel the CUDA backend rejects: its name and ILGPU's reason.</summary>
    [Fact]
    public void Compile_UnsupportedConstruct_NamesTheKernelAndSaysWhy()
    {
        var kernel = new GpuKernel<int, Action<Index1D, ArrayView<int>>>(Allocates, _ => new GpuLaunch(1, 1, []));
        PtxCompileException ex = Assert.Throws<PtxCompileException>(() => PtxCompiler.Compile(kernel, CudaArchitecture.SM_90));
        Assert.StartsWith("PtxCompileTests.Allocates does not compile to PTX for sm_90: ", ex.Message);
        Assert.Same(kernel, ex.Kernel);
        Assert.True(ex.Message.Length > "PtxCompileTests.Allocates does not compile to PTX for sm_90: ".Length + 10, ex.Message);
    }

    // A managed allocation: fine on the CPU, no such thing on a GPU.
    private static void Allocates(Index1D i, ArrayView<int> output) => output[i] = new int[i + 1].Length;

    [Theory]
    [InlineData("sm_90", "sm_90")]
    [InlineData("SM_80", "sm_80")]
    [InlineData(" 90 ", "sm_90")]
    public void TryParse_KnownArchitectures(string text, string name)
    {
        Assert.True(PtxCompiler.TryParse(text, out CudaArchitecture arch));
        Assert.Equal(name, PtxCompiler.Name(arch));
    }

    [Theory]
    [InlineData("sm_99")]
    [InlineData("")]
    [InlineData("hopper")]
    public void TryParse_UnknownArchitectures(string text) => Assert.False(PtxCompiler.TryParse(text, out _));

    /// <summary>Every kernel of every GPU rung, found through the registry.</summary>
    internal static IEnumerable<(ILadder Ladder, IGpuRung Rung, GpuKernel Kernel)> GpuKernels() =>
        from ladder in Catalog.Ladders
        from rung in ladder.Rungs.OfType<IGpuRung>()
        from kernel in rung.Kernels
        select (ladder, rung, kernel);

    internal static GpuKernel Find(string system, string rung, string kernel) =>
        GpuKernels().Single(k => k.Ladder.Name == system && k.Rung.Name == rung && k.Kernel.Name == kernel).Kernel;
}
