using System.CommandLine;
using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Processes;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper info</c>: what a bug report needs, in one table to paste: hyper's version and commit, the OS, the CPU and
/// its SIMD, the .NET runtime and GC mode, the GPU the cheap probe sees (ILGPU is never started) and the peer
/// toolchains found (gcc, Python with numpy and numba, PyPy). Each toolchain is asked for its version only, with a
/// short deadline; Python's packages are read from their metadata, not imported.
/// </summary>
internal static class InfoCommand
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(5);

    public static Command Create()
    {
        var command = new Command("info", "Print what a bug report needs: version, OS, CPU and SIMD, .NET, GC, GPU, peer toolchains.");
        command.SetAction(_ => Guard.Run(() =>
        {
            Output.Table("hyper info", ["", "value"], Rows().Select(r => new[] { r.Key, r.Value }));
            return 0;
        }));
        return command;
    }

    internal static IEnumerable<KeyValuePair<string, string>> Rows()
    {
        MachineInfo m = MachineInfo.Current();
        yield return new("hyper", Version());
        yield return new("os", $"{m.Os} ({RuntimeInformation.RuntimeIdentifier})");
        yield return new("cpu", $"{m.Cpu}, {m.LogicalCores} logical cores, {m.MemoryBytes / (1L << 30)} GiB");
        yield return new("simd", m.Simd);
        yield return new(".net", m.Runtime);
        yield return new("gc", GcMode());
        yield return new("gpu", m.Gpu);
        yield return new("gcc", Ask(PeerLocator.OnPath("gcc"), "-dumpfullversion") ?? "not found");
        string? python = PeerLocator.Python();
        yield return new("python3", python is null ? "not found" : $"{python}: {Ask(python, "--version") ?? "?"}");
        if (python is not null)
        {
            yield return new("numpy", PythonPackage(python, "numpy"));
            yield return new("numba", PythonPackage(python, "numba"));
        }
        string? pypy = PeerLocator.PyPy();
        yield return new("pypy3", pypy is null ? "not found" : $"{pypy}: {Ask(pypy, "--version")?.ReplaceLineEndings(" ") ?? "?"}");
    }

    /// <summary>The informational version: the package version and the commit it was built from.</summary>
    internal static string Version() =>
        typeof(InfoCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(InfoCommand).Assembly.GetName().Version?.ToString() ?? "?";

    private static string GcMode()
    {
        string kind = GCSettings.IsServerGC ? "server" : "workstation";
        bool concurrent = AppContext.TryGetSwitch("System.GC.Concurrent", out bool c) ? c : true;
        return $"{kind}, {(concurrent ? "concurrent" : "non-concurrent")}, latency {GCSettings.LatencyMode}";
    }

    private static string PythonPackage(string python, string package) =>
        Ask(python, "-c", $"import importlib.metadata as m; print(m.version('{package}'))") ?? "not installed";

    /// <summary>The first line(s) a program prints for these arguments, or null if it is missing, fails or hangs.</summary>
    private static string? Ask(string? program, params string[] args)
    {
        if (program is null)
            return null;
        try
        {
            using Subprocess p = Subprocess.Start([program, .. args]);
            if (!p.WaitForExit(s_deadline))
                return null; // killed and reaped by WaitForExit
            string text = string.Join('\n', p.ReadAllLines()).Trim();
            if (text.Length == 0)
                text = p.LastErrorLine.Trim();   // Python 2 and some PyPy builds print their version on stderr
            return p.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
