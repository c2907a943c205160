using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace HyperSharp.Gpu.Ptx;

/// <summary>
/// Compiles a GPU kernel to PTX with ILGPU's PTX backend, as a CUDA accelerator would, but with no CUDA device or
/// driver: its own ILGPU context (no accelerators), the compilation settings of <see cref="GpuDevices"/>, the
/// capabilities of the architecture asked for, and the kernel entry an auto-grouped launch compiles (implicitly grouped,
/// no specialisation). What only a GPU does after that — the driver's JIT from PTX to machine code — is not done here.
/// </summary>
public static class PtxCompiler
{
    /// <summary>The architectures every kernel must compile for: A100 class (sm_80) and H100/H200 class (sm_90).</summary>
    public static IReadOnlyList<CudaArchitecture> Required { get; } = [CudaArchitecture.SM_80, CudaArchitecture.SM_90];

    /// <summary>The architecture <c>hyper asm</c> compiles for unless told otherwise (H100/H200 class).</summary>
    public static CudaArchitecture Default => CudaArchitecture.SM_90;

    /// <summary><see cref="Default"/>'s name and <see cref="Required"/>'s, as constants: a command's help can say them
    /// without loading ILGPU (a test keeps them equal).</summary>
    public const string DefaultName = "sm_90", RequiredNames = "sm_80 and sm_90";

    /// <summary>
    /// The newest PTX ISA ILGPU writes. A CUDA accelerator takes the newest its driver supports, so on an older
    /// driver only the <c>.version</c> line would differ for these kernels.
    /// </summary>
    public static CudaInstructionSet InstructionSet { get; } = PTXCodeGenerator.SupportedInstructionSets.Max();

    /// <summary>Every architecture ILGPU knows, oldest first.</summary>
    public static IReadOnlyList<CudaArchitecture> Known { get; } =
        typeof(CudaArchitecture).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(CudaArchitecture))
            .Select(f => (CudaArchitecture)f.GetValue(null)!)
            .Order()
            .ToArray();

    /// <summary>Its name as PTX writes it: <c>sm_90</c>.</summary>
    public static string Name(CudaArchitecture architecture) => architecture.ToString().ToLowerInvariant();

    /// <summary>An architecture from <c>sm_90</c> (or <c>SM_90</c>, <c>90</c>); false when ILGPU does not know it.</summary>
    public static bool TryParse(string text, out CudaArchitecture architecture)
    {
        string t = text.Trim().ToLowerInvariant();
        string name = t.StartsWith("sm_", StringComparison.Ordinal) ? t : "sm_" + t;
        foreach (CudaArchitecture known in Known)
        {
            if (Name(known) == name)
            {
                architecture = known;
                return true;
            }
        }
        architecture = default;
        return false;
    }

    /// <summary>The PTX of <paramref name="kernel"/> for <paramref name="architecture"/>.</summary>
    /// <exception cref="PtxCompileException">ILGPU cannot compile it: a construct it does not support, say.</exception>
    public static string Compile(GpuKernel kernel, CudaArchitecture architecture)
    {
        try
        {
            using Context context = Context.Create(builder => GpuDevices.Compilation(builder));
            // The capabilities a CudaAccelerator derives from its device's architecture.
            using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, InstructionSet, nvvmAPI: null);
            var compiled = (PTXCompiledKernel)backend.Compile(kernel.ExplicitlyGrouped
                ? EntryPointDescription.FromExplicitlyGroupedKernel(kernel.Method)
                : EntryPointDescription.FromImplicitlyGroupedKernel(kernel.Method), KernelSpecialization.Empty);
            return compiled.PTXAssembly;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new PtxCompileException(kernel, architecture, ex);
        }
    }
}

/// <summary>A kernel ILGPU's PTX backend cannot compile, with its name, the architecture and ILGPU's message.</summary>
public sealed class PtxCompileException(GpuKernel kernel, CudaArchitecture architecture, Exception inner)
    : Exception($"{kernel.FullName} does not compile to PTX for {PtxCompiler.Name(architecture)}: {inner.GetType().Name}: {Innermost(inner).Message}", inner)
{
    /// <summary>The kernel that failed.</summary>
    public GpuKernel Kernel { get; } = kernel;

    /// <summary>The architecture it failed for.</summary>
    public CudaArchitecture Architecture { get; } = architecture;

    // ILGPU wraps the construct it rejects in compiler exceptions: the innermost says what it was.
    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}
