using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using HyperSharp.Gpu;

namespace HyperSharp.Tests.Gpu;

/// <summary>
/// The tests are the only check GPU kernels get on a machine without a GPU, where GPU rungs are not available: so
/// there the test process (and every <c>hyper</c> it starts) runs them on ILGPU's CPU accelerator. Where a GPU is
/// found, or the variable is already set, it is left alone and the kernels are tested where they will run.
/// </summary>
internal static class CpuAcceleratorForTests
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "The test assembly is the application: the variable must be set before any test reads a rung.")]
    internal static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(GpuDevices.DeviceVariable) is null && !GpuDevices.Probe.Found)
            Environment.SetEnvironmentVariable(GpuDevices.DeviceVariable, "cpu");
    }
}
