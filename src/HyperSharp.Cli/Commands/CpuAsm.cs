using System.Diagnostics;
using System.Globalization;
using HyperSharp.Diagnostics;
using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// <c>hyper asm SYSTEM --rung CPU_RUNG [--method PATTERN]</c>: the machine code the JIT made for a rung, taken from a
/// child <c>hyper run</c> (warm-up, timed runs, so the final tier-1/PGO code) through <c>DOTNET_JitDisasm</c> and
/// <c>DOTNET_JitStdOutFile</c>; a summary per method (bytes, tier, zmm/ymm/xmm instructions, calls, loops) first.
/// </summary>
internal static class CpuAsm
{
    public static int Print(string system, string rung, string? rungNamespace, string? method, IReadOnlyList<string> specArgs)
    {
        string pattern = method ?? $"{rungNamespace ?? "HyperSharp"}.*:*";
        string folder = Directory.CreateTempSubdirectory("hyper-asm-").FullName;
        try
        {
            string listing = Path.Combine(folder, "jit.txt");
            IReadOnlyList<string> hyper = ChildProcess.Self();
            var info = new ProcessStartInfo(hyper[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in hyper.Skip(1).Concat(["run", system, "--rung", rung, .. specArgs, "--json"]))
                info.ArgumentList.Add(a);
            info.Environment["DOTNET_JitDisasm"] = pattern;
            info.Environment["DOTNET_JitStdOutFile"] = listing;
            using Process child = Process.Start(info) ?? throw new InvalidOperationException("cannot start hyper run");
            Task<string> stderr = child.StandardError.ReadToEndAsync();
            child.StandardOutput.ReadToEnd();
            child.WaitForExit();
            if (child.ExitCode != 0)
                throw new InvalidOperationException($"the child `hyper run {system} --rung {rung}` failed (exit code {child.ExitCode}): {stderr.Result.Trim().Split('\n')[^1]}");
            IReadOnlyList<MethodListing> methods = File.Exists(listing) ? JitListing.Parse(File.ReadAllText(listing)) : [];
            if (methods.Count == 0)
                throw new SpecException($"the JIT compiled no method matching '{pattern}' in {system}/{rung} (see --method)");

            // The optimized methods first: a method still at tier 0 after the warm-up and the timed runs is cold.
            MethodListing[] ordered = [.. methods.OrderBy(m => Cold(m) ? 1 : 0).ThenByDescending(m => m.CodeBytes)];
            bool all = method is not null;
            Output.Table($"{system}/{rung}: the final code of {methods.Count} method{(methods.Count == 1 ? "" : "s")} matching '{pattern}' (instructions counted once each; loops = backward jumps){(all ? "" : "; listings below of the optimized ones (name methods with --method to see any)")}",
                ["method", "tier", "bytes", "instructions", "zmm", "ymm", "xmm", "calls", "loops"],
                ordered.Select(m => new[]
                {
                    m.Method, m.Tier, N(m.CodeBytes), N(m.Instructions), N(m.Zmm), N(m.Ymm), N(m.Xmm), N(m.Calls), N(m.Loops),
                }));
            foreach (MethodListing m in ordered.Where(m => all || !Cold(m)))
            {
                Console.WriteLine();
                Console.WriteLine(m.Text);
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Tier 0 (instrumented or not): the JIT's quick first code, never replaced by optimized code.</summary>
    private static bool Cold(MethodListing m) => m.Tier.Contains("Tier0", StringComparison.Ordinal);

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
