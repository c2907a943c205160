using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.EventPipe;

namespace HyperSharp.Diagnostics;

/// <summary>A method's share of the samples: exclusive (on top of the stack) and inclusive (anywhere on it).</summary>
public sealed record MethodShare(string Name, string Module, int Exclusive, int Inclusive, double ExclusivePct, double InclusivePct);

/// <summary>A source line's share of the samples (exclusive: the line the sampled thread was executing).</summary>
public sealed record LineShare(string Method, string File, int Line, int Samples, double Pct)
{
    /// <summary>The line's text, where the source file is on this machine.</summary>
    public string? Text { get; init; }
}

/// <summary>One frame of a sampled stack.</summary>
public sealed record Frame(string Name, string Module);

/// <summary>
/// The samples of a trace reduced to what a user reads: the stacks (root first) of every sample of a thread that was
/// running managed code, in the timed region when the trace marks one, and the shares of methods and lines.
/// </summary>
public sealed class Profile
{
    /// <summary>Distinct frames; <see cref="Stacks"/> index into it.</summary>
    public required IReadOnlyList<Frame> Frames { get; init; }

    /// <summary>Each sample's stack, outermost frame first.</summary>
    public required IReadOnlyList<int[]> Stacks { get; init; }

    /// <summary>Seconds covered by the samples kept (the timed region, or the whole trace).</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Whether the trace marked the timed repeats, and only their samples are kept.</summary>
    public required bool TimedRegion { get; init; }

    public required IReadOnlyList<MethodShare> Methods { get; init; }

    public required IReadOnlyList<LineShare> Lines { get; init; }

    public int Samples => Stacks.Count;

    /// <summary>Reads a <c>.nettrace</c>: stacks, names and, for the top <paramref name="lineMethods"/> methods, lines.</summary>
    public static Profile Load(string nettracePath, int lineMethods = 5)
    {
        string etlx = Path.ChangeExtension(nettracePath, ".etlx");
        TraceLog.CreateFromEventPipeDataFile(nettracePath, etlx, new TraceLogOptions { ContinueOnError = true });
        try
        {
            using var log = new TraceLog(etlx);
            return Build(log, lineMethods);
        }
        finally
        {
            File.Delete(etlx);
        }
    }

    private static Profile Build(TraceLog log, int lineMethods)
    {
        // The timed region: from the first start marker to the last stop (a run has one of each).
        double start = double.NegativeInfinity, stop = double.PositiveInfinity;
        bool marked = false;
        foreach (TraceEvent e in log.Events)
        {
            if (e.ProviderName != Harness.TimingEvents.ProviderName)
                continue;
            // By ID: a trace may carry the events without their names (no manifest).
            if ((int)e.ID == 1 && !marked)
            {
                start = e.TimeStampRelativeMSec;
                marked = true;
            }
            else if ((int)e.ID == 2)
            {
                stop = e.TimeStampRelativeMSec;
            }
        }

        var frames = new List<Frame>();
        var frameIndex = new Dictionary<(string, string), int>();
        var stacks = new List<int[]>();
        var leaves = new List<TraceCodeAddress?>();
        double first = double.PositiveInfinity, last = double.NegativeInfinity;
        var path = new List<int>();
        // Samples of a hot loop repeat the same few stacks and addresses: each stack is walked and each address named
        // once (naming every frame of every sample was most of the resolution time).
        TraceCallStacks callStacks = log.CallStacks;
        TraceCodeAddresses addresses = log.CodeAddresses;
        var frameOfAddress = new Dictionary<CodeAddressIndex, int>();
        var pathOfStack = new Dictionary<CallStackIndex, int[]>();
        foreach (TraceEvent e in log.Events)
        {
            if (e is not ClrThreadSampleTraceData sample || sample.Type != ClrThreadSampleType.Managed)
                continue; // External: the thread is in native code, nearly always waiting
            double t = e.TimeStampRelativeMSec;
            if (t < start || t > stop)
                continue;
            CallStackIndex stack = e.CallStackIndex();
            if (stack == CallStackIndex.Invalid)
                continue;
            if (!pathOfStack.TryGetValue(stack, out int[]? frameIds))
            {
                path.Clear();
                for (CallStackIndex s = stack; s != CallStackIndex.Invalid; s = callStacks.Caller(s))
                {
                    CodeAddressIndex address = callStacks.CodeAddressIndex(s);
                    if (!frameOfAddress.TryGetValue(address, out int i))
                    {
                        (string name, string module) = Name(addresses[address]);
                        if (!frameIndex.TryGetValue((name, module), out i))
                        {
                            i = frames.Count;
                            frames.Add(new Frame(name, module));
                            frameIndex[(name, module)] = i;
                        }
                        frameOfAddress[address] = i;
                    }
                    path.Add(i);
                }
                path.Reverse();
                pathOfStack[stack] = frameIds = [.. path];
            }
            stacks.Add(frameIds);
            leaves.Add(addresses[callStacks.CodeAddressIndex(stack)]);
            first = Math.Min(first, t);
            last = Math.Max(last, t);
        }
        if (stacks.Count == 0)
            return new Profile { Frames = frames, Stacks = stacks, DurationSeconds = 0, TimedRegion = marked, Methods = [], Lines = [] };

        int n = stacks.Count;
        var exclusive = new int[frames.Count];
        var inclusive = new int[frames.Count];
        var seen = new HashSet<int>();
        foreach (int[] s in stacks)
        {
            exclusive[s[^1]]++;
            seen.Clear();
            foreach (int f in s)
            {
                if (seen.Add(f))
                    inclusive[f]++;
            }
        }
        MethodShare[] methods = [.. Enumerable.Range(0, frames.Count)
            .Select(i => new MethodShare(frames[i].Name, frames[i].Module, exclusive[i], inclusive[i], 100.0 * exclusive[i] / n, 100.0 * inclusive[i] / n))
            .OrderByDescending(m => m.Exclusive).ThenByDescending(m => m.Inclusive)];

        double duration = marked && double.IsFinite(start) && double.IsFinite(stop) ? (stop - start) / 1000 : (last - first) / 1000;
        return new Profile
        {
            Frames = frames, Stacks = stacks, DurationSeconds = duration, TimedRegion = marked, Methods = methods,
            Lines = HotLines(stacks, leaves, frames, methods.Where(m => m.Exclusive > 0).Take(lineMethods).Select(m => m.Name).ToHashSet(), n),
        };
    }

    /// <summary>Source lines of the leaf samples of <paramref name="hot"/> methods, through the modules' portable PDBs.</summary>
    private static LineShare[] HotLines(List<int[]> stacks, List<TraceCodeAddress?> leaves, List<Frame> frames, HashSet<string> hot, int n)
    {
        using var reader = new SymbolReader(TextWriter.Null) { SecurityCheck = _ => true };
        var byAddress = new Dictionary<ulong, (string File, int Line)?>();
        var local = new Dictionary<string, string>();
        var counts = new Dictionary<(string Method, string File, int Line), int>();
        for (int i = 0; i < stacks.Count; i++)
        {
            string method = frames[stacks[i][^1]].Name;
            if (!hot.Contains(method) || leaves[i] is not { } leaf)
                continue;
            if (!byAddress.TryGetValue(leaf.Address, out (string, int)? where))
            {
                where = null;
                try
                {
                    if (leaf.GetSourceLine(reader) is { SourceFile: { } file } line && line.LineNumber > 0)
                    {
                        string recorded = file.BuildTimeFilePath;
                        if (!local.TryGetValue(recorded, out string? path))
                            local[recorded] = path = LocalSource(recorded);
                        where = (path, line.LineNumber);
                    }
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or BadImageFormatException or UnauthorizedAccessException)
                {
                    // No PDB, or one that does not match: the method's samples simply have no line.
                }
                byAddress[leaf.Address] = where;
            }
            if (where is { } w)
                counts[(method, w.Item1, w.Item2)] = counts.GetValueOrDefault((method, w.Item1, w.Item2)) + 1;
        }
        var texts = new Dictionary<string, string[]?>();
        return [.. counts.OrderByDescending(kv => kv.Value).Select(kv => new LineShare(kv.Key.Method, kv.Key.File, kv.Key.Line, kv.Value, 100.0 * kv.Value / n)
        {
            Text = Source(texts, kv.Key.File, kv.Key.Line),
        })];
    }

    /// <summary>
    /// The file on this machine for a path a PDB recorded. A deterministic build (ContinuousIntegrationBuild, as CI
    /// and package builds use) records paths under the mapped root <c>/_/</c> (or <c>/_1/</c>…) instead of the clone's
    /// folder: look for the rest of the path above the current folder and above the program, where a checkout is.
    /// A path found nowhere is returned as recorded.
    /// </summary>
    internal static string LocalSource(string recorded)
    {
        if (File.Exists(recorded))
            return recorded;
        System.Text.RegularExpressions.Match root = System.Text.RegularExpressions.Regex.Match(recorded, @"^/_\d*/");
        if (!root.Success)
            return recorded;
        string rest = recorded[root.Length..];
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, rest);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return recorded;
    }

    private static string? Source(Dictionary<string, string[]?> texts, string file, int line)
    {
        if (!texts.TryGetValue(file, out string[]? lines))
        {
            try
            {
                lines = File.Exists(file) ? File.ReadAllLines(file) : null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                lines = null;
            }
            texts[file] = lines;
        }
        return lines is not null && line <= lines.Length ? lines[line - 1].Trim() : null;
    }

    /// <summary>"Namespace.Type.Method(args)" without the argument list, or the module and address of unnamed native code.</summary>
    private static (string Name, string Module) Name(TraceCodeAddress address)
    {
        string module = address.ModuleName ?? "";
        string? full = address.FullMethodName;
        if (string.IsNullOrEmpty(full))
            return ($"[{(module.Length == 0 ? "native" : module)}]", module);
        int paren = full.IndexOf('(');
        return (paren > 0 ? full[..paren] : full, module);
    }
}
