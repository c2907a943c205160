using System.Runtime.Intrinsics.X86;

namespace HyperSharp.Kernels;

/// <summary>
/// The level-2 cache of the core the process runs on: from CPUID on x86 (extended leaf 0x80000006, which AMD and
/// Intel both fill, and which a VM passes through even where it hides Linux's sysfs cache folders), else from sysfs;
/// where neither says, a size every x64 and Arm core of the last decade has at least.
/// </summary>
public static class CacheSizes
{
    /// <summary>Assumed when the L2 size cannot be read: 512 KiB.</summary>
    public const long FallbackL2Bytes = 512 * 1024;

    private static readonly Lazy<long> s_l2 = new(() => FromCpuid() ?? FromSysfs(2) ?? FallbackL2Bytes);

    /// <summary>Bytes of one core's level-2 cache.</summary>
    public static long L2Bytes => s_l2.Value;

    private static long? FromCpuid()
    {
        if (!X86Base.IsSupported || (uint)X86Base.CpuId(unchecked((int)0x80000000), 0).Eax < 0x80000006)
            return null;
        long kib = (uint)X86Base.CpuId(unchecked((int)0x80000006), 0).Ecx >> 16;   // ECX[31:16]: L2 size in KiB
        return kib > 0 ? kib * 1024 : null;
    }

    private static long? FromSysfs(int level)
    {
        try
        {
            foreach (string dir in Directory.EnumerateDirectories("/sys/devices/system/cpu/cpu0/cache", "index*"))
            {
                if (File.ReadAllText(Path.Combine(dir, "level")).Trim() != level.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    || File.ReadAllText(Path.Combine(dir, "type")).Trim() == "Instruction")
                    continue;
                string size = File.ReadAllText(Path.Combine(dir, "size")).Trim();   // "1024K"
                long scale = size.EndsWith('K') ? 1024 : size.EndsWith('M') ? 1024 * 1024 : 1;
                return long.TryParse(size.TrimEnd('K', 'M'), out long value) && value > 0 ? value * scale : null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
