using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using HyperSharp.Gpu;

namespace HyperSharp.Harness;

/// <summary>What the figures were measured on: they mean nothing without it.</summary>
public sealed record MachineInfo(
    string Cpu,
    int LogicalCores,
    long MemoryBytes,
    string Os,
    string Runtime,
    string Simd,
    string Gpu,
    string HyperSharp)
{
    /// <summary>
    /// This machine. The GPU is the accelerator a GPU rung ran on in this process, else what the cheap probe of
    /// <see cref="GpuDevices"/> finds: describing the machine never starts ILGPU. <paramref name="probeGpu"/> false
    /// leaves it out ("not probed").
    /// </summary>
    public static MachineInfo Current(bool probeGpu = true) => new(
        CpuModel(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
        SimdDescription(),
        probeGpu ? GpuDevices.Describe() : "not probed",
        typeof(MachineInfo).Assembly.GetName().Version?.ToString(3) ?? "?");

    public static string SimdDescription()
    {
        var parts = new List<string>();
        if (Vector512.IsHardwareAccelerated) parts.Add("Vector512");
        if (Vector256.IsHardwareAccelerated) parts.Add("Vector256");
        if (Vector128.IsHardwareAccelerated) parts.Add("Vector128");
        if (Avx512F.IsSupported) parts.Add("AVX-512F");
        if (Avx2.IsSupported) parts.Add("AVX2");
        if (Fma.IsSupported) parts.Add("FMA");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
                return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
