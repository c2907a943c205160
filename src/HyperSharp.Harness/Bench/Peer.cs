using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>Where a <see cref="PeerProgram"/> lives in <c>peers/</c>, and the bench items that run it.</summary>
public static class Peer
{
    /// <summary>The hidden command a <c>dotnet</c> peer runs as: <c>hyper __peer PROGRAM --variant V …</c>.</summary>
    public const string DotNetCommand = "__peer";

    /// <summary>The command that starts it, or why it cannot start here.</summary>
    public static (string[]? Prefix, string? Missing) Locate(PeerProgram peer, string peers)
    {
        if (peer.Implementation == "c")
        {
            string exe = Path.Combine(peers, "c", "build", peer.Program);
            return File.Exists(exe) ? ([exe, "--variant", peer.Variant], null) : (null, "C peer not built (run peers/install.sh)");
        }
        if (peer.Implementation == "installed")
        {
            string? bash = PeerLocator.OnPath("bash");
            string adapter = Path.Combine(peers, peer.Program, peer.Program + ".sh");
            return PeerLocator.OnPath(peer.Program) is null ? (null, $"{peer.Program} is not installed (not on PATH; run peers/install.sh)")
                : !File.Exists(adapter) ? (null, $"no {peer.Program}.sh in {Path.Combine(peers, peer.Program)}")
                : bash is null ? (null, "bash not found (the adapter of an installed peer is a bash script)")
                : ([bash, adapter, "--variant", peer.Variant], null);
        }
        if (peer.Implementation == "shell")
        {
            string? bash = PeerLocator.OnPath("bash");
            string pipeline = Path.Combine(peers, "shell", peer.Program + ".sh");
            return !File.Exists(pipeline) ? (null, $"no {peer.Program}.sh in {Path.Combine(peers, "shell")}")
                : bash is null ? (null, "bash not found (a shell peer is a bash script)")
                : ([bash, pipeline, "--variant", peer.Variant], null);
        }
        if (peer.Implementation == "dotnet")
            return ([.. ChildProcess.Self(), DotNetCommand, peer.Program, "--variant", peer.Variant], null);
        string script = Path.Combine(peers, "python", peer.Program + ".py");
        if (!File.Exists(script))
            return (null, $"no {peer.Program}.py in {Path.Combine(peers, "python")}");
        string? interpreter = peer.Implementation == "pypy" ? PeerLocator.PyPy() : PeerLocator.Python();
        return interpreter is null
            ? (null, $"{(peer.Implementation == "pypy" ? "pypy3" : "python3")} not installed (run peers/install.sh)")
            : ([interpreter, script, "--variant", peer.Variant], null);
    }

    /// <summary>
    /// The bench items for <paramref name="peers"/> on one spec: each parallel peer once per thread count, with
    /// <paramref name="args"/> and <c>--threads K --repeats 3</c> appended (and <c>--answer</c> a new file from
    /// <paramref name="answerPath"/>, where the ladder reads answers); or one item saying why peers cannot run. A peer
    /// is skipped when <paramref name="limit"/> (the ladder's peer work, <paramref name="work"/> by default) exceeds its
    /// <see cref="PeerProgram.MaxWork"/>.
    /// </summary>
    public static IEnumerable<BenchItem> Items(
        IEnumerable<PeerProgram> peers, string? peersDirectory, BenchSettings settings, IReadOnlyDictionary<string, SpecValue> spec,
        double work, string unit, Func<IReadOnlyList<string>> args, Func<string>? answerPath = null, (double Work, string Unit)? limit = null)
    {
        (double limitWork, string limitUnit) = limit ?? (work, unit);
        if (peersDirectory is null)
        {
            yield return new BenchItem("peers", IsPeer: true, spec, 1, [],
                "no peers/ folder found (run from a HyperSharp checkout or pass --peers-dir)");
            yield break;
        }
        IReadOnlyList<string>? arguments = null;
        foreach (PeerProgram peer in peers)
        {
            (string[]? prefix, string? missing) = Locate(peer, peersDirectory);
            string? skip = missing ?? (limitWork > peer.MaxWork
                ? $"skipped at this size: more than {peer.MaxWork:G2} {limitUnit} would take minutes"
                : null);
            foreach (int threads in peer.Parallel ? settings.ThreadCounts : [1])
            {
                foreach (int inFlight in peer.Concurrent ? settings.ConcurrencyCounts : [0])
                {
                    arguments ??= skip is null ? args() : null;
                    string? answer = prefix is null || skip is not null ? null : answerPath?.Invoke();
                    string[] command = prefix is null || skip is not null ? [] :
                        [.. prefix, .. arguments!, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--repeats", "3",
                         .. peer.Concurrent ? ["--concurrency", inFlight.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
                         .. answer is null ? Array.Empty<string>() : ["--answer", answer]];
                    yield return new BenchItem(peer.Name, IsPeer: true, spec, threads, command, skip) { Work = work, AnswerPath = answer, Program = peer };
                }
            }
        }
    }

    /// <summary>Two spec values are equal: as numbers when both are, else as text.</summary>
    public static bool Same(SpecValue a, SpecValue b) => a.IsNumber && b.IsNumber ? a.Number == b.Number : a.ToString() == b.ToString();

    /// <summary>
    /// A peer's result in the ladder's own terms: work, throughput and unit recomputed from the spec it was given
    /// (<paramref name="item"/>), never taken from its report; an error row, verified false, when the spec it echoes
    /// differs from the one it was given (it ran something else).
    /// </summary>
    public static RunResult Account(RunResult peer, BenchItem item, string unit)
    {
        string[] differences = (peer.Spec ?? []).Where(kv => !item.Spec.TryGetValue(kv.Key, out SpecValue given) || !Same(given, kv.Value))
            .Select(kv => $"{kv.Key} {kv.Value.Display()} (given {(item.Spec.TryGetValue(kv.Key, out SpecValue g) ? g.Display() : "none")})")
            .ToArray();
        if (peer.Spec is not { Count: > 0 } || differences.Length > 0)
        {
            return peer with
            {
                Spec = item.Spec.ToDictionary(),
                Verified = false,
                Error = peer.Spec is not { Count: > 0 } ? "peer echoed no spec"
                    : $"peer ran another spec: {string.Join(", ", differences)}",
            };
        }
        return peer with { Work = item.Work, Unit = unit, Throughput = peer.Seconds > 0 ? item.Work / peer.Seconds : 0 };
    }
}
