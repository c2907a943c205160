using System.Runtime.InteropServices;

namespace HyperSharp.Gpu;

/// <summary>
/// Whether this machine has a GPU runtime ILGPU can use, found without starting ILGPU: the CUDA driver library, or
/// the OpenCL library with a driver (ICD) registered, loaded under the very names ILGPU imports them by (<c>cuda</c>
/// and <c>OpenCL</c>; <c>nvcuda</c> and <c>opencl</c> on Windows), so the probe finds what ILGPU would find. Loading
/// a library calls nothing in it (no <c>cuInit</c>): only creating the accelerator enumerates devices, so a probe
/// that finds a driver is a strong hint, not a promise.
/// </summary>
/// <param name="Found">A CUDA or OpenCL runtime is installed.</param>
/// <param name="Description">What was found, for people: "NVIDIA H200 (CUDA)", "no GPU".</param>
public sealed record GpuProbe(bool Found, string Description)
{
    /// <summary>What the probe says where it finds nothing.</summary>
    public static GpuProbe None { get; } = new(false, "no GPU");

    /// <summary>Probes this machine: a few milliseconds, files and library loads only.</summary>
    public static GpuProbe Detect()
    {
        if (CanLoad(OperatingSystem.IsWindows() ? "nvcuda" : "cuda"))
            return new GpuProbe(true, CudaDescription());
        if (CanLoad(OperatingSystem.IsWindows() ? "opencl" : "OpenCL") && HasOpenClDriver())
            return new GpuProbe(true, "an OpenCL device (OpenCL driver found)");
        return None;
    }

    /// <summary>
    /// Loads and frees <paramref name="name"/> with the probing rules of a <c>[DllImport]</c> of that name (lib
    /// prefix, .so suffix, the application's directory first), which is how ILGPU binds it.
    /// </summary>
    private static bool CanLoad(string name)
    {
        if (!NativeLibrary.TryLoad(name, typeof(GpuProbe).Assembly, null, out IntPtr handle))
            return false;
        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>The NVIDIA kernel driver lists its GPUs in /proc (Linux), which names them without CUDA.</summary>
    private static string CudaDescription()
    {
        const string gpus = "/proc/driver/nvidia/gpus";
        try
        {
            if (Directory.Exists(gpus))
            {
                string[] models = Directory.EnumerateDirectories(gpus)
                    .Select(d => Path.Combine(d, "information"))
                    .Where(File.Exists)
                    .SelectMany(File.ReadLines)
                    .Where(l => l.StartsWith("Model:", StringComparison.Ordinal))
                    .Select(l => l["Model:".Length..].Trim())
                    .ToArray();
                if (models.Length > 0)
                {
                    return string.Join(", ", models.GroupBy(m => m).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()} × {g.Key}"))
                        + " (CUDA)";
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return "a CUDA GPU (CUDA driver found)";
    }

    /// <summary>
    /// The OpenCL library alone is only the ICD loader, often installed without any driver; on Linux drivers register
    /// in /etc/OpenCL/vendors (or the directory OCL_ICD_VENDORS names). Elsewhere the library comes with a driver.
    /// </summary>
    private static bool HasOpenClDriver()
    {
        if (!OperatingSystem.IsLinux())
            return true;
        string vendors = Environment.GetEnvironmentVariable("OCL_ICD_VENDORS") is { Length: > 0 } v && Directory.Exists(v)
            ? v
            : "/etc/OpenCL/vendors";
        try
        {
            return Directory.Exists(vendors) && Directory.EnumerateFiles(vendors, "*.icd").Any();
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
