using System.Reflection;
using System.Runtime.InteropServices;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Native;

/// <summary>
/// <c>libhyperpeers.so</c>, the C peers' kernels as a shared library (<c>make -C peers/c</c>), loaded once: from
/// <see cref="Variable"/> when it is set, else beside the program, else from <c>peers/c/build</c> of the checkout.
/// Whether it loaded, and why not, is an <see cref="Availability"/>: a missing or stale library makes the native rungs
/// unavailable with the reason, never a <see cref="DllNotFoundException"/>.
/// </summary>
public static class NativePeers
{
    /// <summary>Environment variable naming the library file to load (nothing else is then tried).</summary>
    public const string Variable = "HYPERSHARP_NATIVE_LIB";

    /// <summary>The library's file name.</summary>
    public const string FileName = "libhyperpeers.so";

    /// <summary>The <c>[LibraryImport]</c> name the resolver answers with the loaded handle.</summary>
    internal const string ImportName = "hyperpeers";

    /// <summary>kernels.h's HP_ABI_VERSION: a library of another version has other signatures and is refused.</summary>
    internal const int AbiVersion = 1;

    private static readonly Lazy<Loaded> s_loaded = new(Load);

    /// <summary>The loaded library, answered to every <c>[LibraryImport]</c> of <see cref="ImportName"/>; 0 until loaded.</summary>
    private static nint s_handle;

    private sealed record Loaded(string? Path, Availability Availability, bool Avx512);

    /// <summary>Whether the library is loaded here (and why not).</summary>
    public static Availability Availability => s_loaded.Value.Availability;

    /// <summary>Whether it is loaded and the CPU has AVX-512F/DQ, which the particle and Julia kernels need.</summary>
    public static Availability Avx512Availability => s_loaded.Value switch
    {
        { Availability.IsAvailable: false } l => l.Availability,
        { Avx512: false } => Availability.No("the CPU lacks AVX-512F/DQ, which this C kernel needs"),
        _ => Availability.Yes,
    };

    /// <summary>The file loaded, or null.</summary>
    public static string? LoadedPath => s_loaded.Value.Path;

    /// <summary>Whether the CPU has AVX-512F/DQ (as the library sees it); false when it is not loaded.</summary>
    public static bool HasAvx512 => s_loaded.Value.Avx512;

    /// <summary>Throws, with the reason, when a native rung is run where <paramref name="availability"/> says it cannot be.</summary>
    internal static void Require(Availability availability)
    {
        if (!availability.IsAvailable)
            throw new InvalidOperationException($"the native kernels do not run here: {availability.Reason}");
    }

    /// <summary>
    /// The files to try, in order: <paramref name="variable"/> alone when set; else beside the program, then
    /// <c>c/build</c> of <paramref name="peers"/>.
    /// </summary>
    public static IReadOnlyList<string> Candidates(string? variable, string baseDirectory, string? peers) =>
        !string.IsNullOrWhiteSpace(variable)
            ? [variable]
            : [Path.Combine(baseDirectory, FileName), .. peers is null ? Array.Empty<string>() : [Path.Combine(peers, "c", "build", FileName)]];

    private static Loaded Load()
    {
        string? variable = Environment.GetEnvironmentVariable(Variable);
        IReadOnlyList<string> candidates = Candidates(variable, AppContext.BaseDirectory, PeersFolder.Find());
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            return new Loaded(null, Availability.No($"the C kernels are built for Linux x64 only (this is {RuntimeInformation.RuntimeIdentifier})"), false);
        string? path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return new Loaded(null, Availability.No(variable is { Length: > 0 }
                ? $"{Variable}={variable}: no such file"
                : $"{FileName} not found (beside the program or in peers/c/build): build it with `make -C peers/c` (needs gcc), or set {Variable}"), false);
        }
        if (!NativeLibrary.TryLoad(Path.GetFullPath(path), out nint handle))
            return new Loaded(null, Availability.No($"{path} could not be loaded as a shared library (rebuild it with `make -C peers/c`)"), false);
        if (!NativeLibrary.TryGetExport(handle, "hp_abi_version", out nint abiExport))
            return new Loaded(null, Availability.No($"{path} is not HyperSharp's kernel library (no hp_abi_version)"), false);
        int abi;
        unsafe
        {
            abi = ((delegate* unmanaged<int>)abiExport)();
        }
        if (abi != AbiVersion)
            return new Loaded(null, Availability.No($"{path} has kernel ABI {abi}, this build needs {AbiVersion}: rebuild it with `make -C peers/c`"), false);
        s_handle = handle;
        NativeLibrary.SetDllImportResolver(typeof(NativePeers).Assembly, Resolve);
        return new Loaded(path, Availability.Yes, NativeKernels.CpuAvx512());
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == ImportName ? s_handle : 0;
}
