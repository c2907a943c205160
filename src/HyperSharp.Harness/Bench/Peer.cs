using System.Globalization;

namespace HyperSharp.Harness.Bench;

/// <summary>
/// A C or Python version of a system in <c>peers/</c>: <c>c/build/PROGRAM --variant V …</c>, or
/// <c>python3|pypy3 python/PROGRAM.py --variant V …</c>. Every peer prints one <see cref="RunResult"/> line.
/// </summary>
/// <param name="MaxWork">Beyond this much work the peer is skipped (pure Python would take minutes).</param>
public sealed record Peer(string Name, string Implementation, string Program, string Variant, bool Parallel, double MaxWork)
{
    public static Peer C(string program, string variant, bool parallel = true) =>
        new($"c-{variant}", "c", program, variant, parallel, double.PositiveInfinity);

    public static Peer Python(string program, string name, string variant, bool parallel = false, double maxWork = double.PositiveInfinity) =>
        new(name, "python", program, variant, parallel, maxWork);

    public static Peer PyPy(string program, string name, string variant, double maxWork) =>
        new(name, "pypy", program, variant, false, maxWork);

    /// <summary>The command that starts it, or why it cannot start here.</summary>
    public (string[]? Prefix, string? Missing) Locate(string peers)
    {
        if (Implementation == "c")
        {
            string exe = Path.Combine(peers, "c", "build", Program);
            return File.Exists(exe) ? ([exe, "--variant", Variant], null) : (null, "C peer not built (run peers/install.sh)");
        }
        string? interpreter = Implementation == "pypy" ? PeerLocator.PyPy() : PeerLocator.Python();
        return interpreter is null
            ? (null, $"{(Implementation == "pypy" ? "pypy3" : "python3")} not installed (run peers/install.sh)")
            : ([interpreter, Path.Combine(peers, "python", Program + ".py"), "--variant", Variant], null);
    }

    /// <summary>
    /// The bench items for <paramref name="peers"/> at one size: each parallel peer once per thread count, with the
    /// system's arguments and <c>--threads K --repeats 3</c> appended; or one item saying why peers cannot run.
    /// </summary>
    public static IEnumerable<BenchItem> Items(
        IEnumerable<Peer> peers, string? peersDirectory, BenchSettings settings, long size, double work, string unit,
        IReadOnlyList<string> args)
    {
        if (peersDirectory is null)
        {
            yield return new BenchItem("peers", IsPeer: true, size, 1, [],
                "no peers/ folder found (run from a HyperSharp checkout or pass --peers-dir)");
            yield break;
        }
        foreach (Peer peer in peers)
        {
            (string[]? prefix, string? missing) = peer.Locate(peersDirectory);
            string? skip = missing ?? (work > peer.MaxWork
                ? $"skipped at this size: more than {peer.MaxWork:G2} {unit} would take minutes"
                : null);
            foreach (int threads in peer.Parallel ? settings.ThreadCounts : [1])
            {
                string[] command = prefix is null ? [] :
                    [.. prefix, .. args, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--repeats", "3"];
                yield return new BenchItem(peer.Name, IsPeer: true, size, threads, command, skip);
            }
        }
    }
}
