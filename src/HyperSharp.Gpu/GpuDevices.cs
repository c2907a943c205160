using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;

namespace HyperSharp.Gpu;

/// <summary>
/// One ILGPU context and accelerator per process: the preferred GPU (largest memory first) when CUDA or OpenCL
/// finds one, else ILGPU's CPU accelerator, so GPU rungs and their tests run on any machine.
/// </summary>
public static class GpuDevices
{
    /// <summary>Set to <c>cpu</c> to use ILGPU's CPU accelerator even where a GPU exists.</summary>
    public const string DeviceVariable = "HYPERSHARP_GPU";

    private static readonly Lazy<Accelerator> s_accelerator = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);
    private static Context? s_context;

    public static Accelerator Accelerator => s_accelerator.Value;

    /// <summary>A one-line description of the device the GPU rungs run on.</summary>
    public static string Describe()
    {
        Accelerator a = Accelerator;
        return a.AcceleratorType == AcceleratorType.CPU
            ? $"ILGPU CPU accelerator ({a.Name.Trim()}, no GPU found)"
            : $"{a.Name.Trim()} ({a.AcceleratorType}, {a.MemorySize / (1L << 30)} GiB)";
    }

    public static bool IsRealGpu => Accelerator.AcceleratorType != AcceleratorType.CPU;

    private static Accelerator Create()
    {
        bool forceCpu = string.Equals(Environment.GetEnvironmentVariable(DeviceVariable), "cpu", StringComparison.OrdinalIgnoreCase);
        s_context = Context.Create(builder => builder.Default().Math(MathMode.Default).Optimize(OptimizationLevel.O2));
        Device device = forceCpu
            ? s_context.GetCPUDevice(0)
            : s_context.GetPreferredDevice(preferCPU: false);
        Accelerator accelerator = device.CreateAccelerator(s_context);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            accelerator.Dispose();
            s_context.Dispose();
        };
        return accelerator;
    }
}
