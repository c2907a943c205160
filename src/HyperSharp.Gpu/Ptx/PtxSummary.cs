using System.Globalization;
using System.Text.RegularExpressions;

namespace HyperSharp.Gpu.Ptx;

/// <summary>
/// What a kernel's PTX text says it does: registers declared by type, instruction counts (<see cref="PtxTally"/>),
/// its loops (natural loops of the control-flow graph, so a loop's exit block is not counted as its body), and the
/// multiply-then-add pairs the driver's JIT may fuse. Counts are of PTX instructions, not of the machine code ptxas
/// makes from them.
/// </summary>
public sealed partial class PtxSummary
{
    private readonly List<(PtxInstruction Instruction, int[] Loops)> _instructions = [];
    private readonly List<PtxLoop> _loops = [];
    private readonly List<PtxRegisters> _registers = [];

    private PtxSummary()
    {
    }

    /// <summary>The PTX ISA version (<c>.version</c>), or null.</summary>
    public string? Version { get; private set; }

    /// <summary>The target architecture (<c>.target</c>), or null.</summary>
    public string? Target { get; private set; }

    /// <summary>The kernels' entry points (<c>.entry</c>), in order.</summary>
    public IReadOnlyList<string> Entries { get; private set; } = [];

    /// <summary>Registers declared (<c>.reg .f64 %fd&lt;19&gt;</c>), summed by type, in order of first declaration.</summary>
    public IReadOnlyList<PtxRegisters> Registers => _registers;

    /// <summary>The loops, in the order they begin.</summary>
    public IReadOnlyList<PtxLoop> Loops => _loops;

    /// <summary>
    /// Adds and subtracts with no rounding modifier that read the result of a multiply with none: the JIT may fuse each
    /// pair into one fma, rounding once instead of twice.
    /// </summary>
    public int FusableMulAdds { get; private set; }

    /// <summary>Every instruction once, loop bodies once.</summary>
    public PtxTally Static => Tally(_ => 1);

    /// <summary>
    /// What one thread runs: every instruction weighted by the trips of the loops around it. <paramref name="loopTrips"/>
    /// has one mean trip count per loop of <see cref="Loops"/>, in that order (a nested loop's per trip of its outer loop).
    /// </summary>
    /// <exception cref="ArgumentException">Not one trip count per loop.</exception>
    public PtxTally PerThread(IReadOnlyList<double> loopTrips)
    {
        if (loopTrips.Count != _loops.Count)
            throw new ArgumentException($"the PTX has {_loops.Count} loop(s) but {loopTrips.Count} trip count(s) were given", nameof(loopTrips));
        return Tally(loops => loops.Aggregate(1.0, (w, l) => w * loopTrips[l]));
    }

    /// <summary>The instructions of loop <paramref name="loop"/>'s body (nested loops included), each once.</summary>
    public PtxTally Body(int loop) => Tally(loops => loops.Contains(loop) ? 1 : 0);

    private PtxTally Tally(Func<int[], double> weight)
    {
        var tally = new PtxTally();
        foreach ((PtxInstruction instruction, int[] loops) in _instructions)
        {
            double w = weight(loops);
            if (w != 0)
                tally.Add(instruction, w);
        }
        return tally;
    }

    /// <summary>Reads PTX as ILGPU (or nvcc) writes it: directives, function bodies, labels, one statement per ';'.</summary>
    public static PtxSummary Parse(string ptx)
    {
        var summary = new PtxSummary();
        var entries = new List<string>();
        var function = new List<Item>();
        int depth = 0;
        foreach (string raw in ptx.Split('\n'))
        {
            string line = StripComment(raw).Trim();
            if (line.Length == 0)
                continue;
            if (depth == 0)
            {
                if (Header().Match(line) is { Success: true } h)
                    (summary.Version, summary.Target) = h.Groups[1].Value == "version"
                        ? (h.Groups[2].Value, summary.Target)
                        : (summary.Version, h.Groups[2].Value.Split(',')[0].Trim());
                else if (Entry().Match(line) is { Success: true } e)
                    entries.Add(e.Groups[1].Value);
            }
            foreach (string piece in Pieces(line))
            {
                if (piece == "{")
                {
                    depth++;
                    continue;
                }
                if (piece == "}")
                {
                    if (--depth == 0)
                    {
                        summary.AddFunction(function);
                        function.Clear();
                    }
                    continue;
                }
                if (depth == 0)
                    continue;
                if (Label().Match(piece) is { Success: true } label)
                    function.Add(new Item(label.Groups[1].Value, null));
                else if (piece.StartsWith(".reg", StringComparison.Ordinal))
                    summary.AddRegisters(piece);
                else if (!piece.StartsWith('.'))
                    function.Add(new Item(null, PtxInstruction.Parse(piece)));
            }
        }
        summary.Entries = entries;
        return summary;
    }

    /// <summary>A label or an instruction of a function body.</summary>
    private readonly record struct Item(string? Label, PtxInstruction? Instruction);

    private void AddRegisters(string declaration)
    {
        // .reg .f64 %fd<19>   or   .reg .b32 %r1, %r2
        Match m = RegisterDeclaration().Match(declaration);
        if (!m.Success)
            return;
        string type = m.Groups[1].Value;
        string names = m.Groups[2].Value;
        Match range = RegisterRange().Match(names);
        int count = range.Success ? int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture) : names.Split(',').Length;
        int i = _registers.FindIndex(r => r.Type == type);
        if (i < 0)
            _registers.Add(new PtxRegisters(type, count));
        else
            _registers[i] = _registers[i] with { Count = _registers[i].Count + count };
    }

    /// <summary>Cuts one function body into basic blocks, finds its natural loops and records its instructions.</summary>
    private void AddFunction(List<Item> items)
    {
        var blocks = new List<List<PtxInstruction>>();
        var labels = new Dictionary<string, int>();
        List<PtxInstruction>? current = null;
        foreach (Item item in items)
        {
            if (item.Label is { } label)
            {
                if (current is null || current.Count > 0)
                    blocks.Add(current = []);
                labels[label] = blocks.Count - 1;
                continue;
            }
            PtxInstruction instruction = item.Instruction!;
            if (current is null)
                blocks.Add(current = []);
            current.Add(instruction);
            if (instruction.EndsBlock)
                current = null;
        }

        int n = blocks.Count;
        var successors = new List<int>[n];
        var predecessors = new List<int>[n];
        for (int b = 0; b < n; b++)
            (successors[b], predecessors[b]) = ([], []);
        for (int b = 0; b < n; b++)
        {
            PtxInstruction? last = blocks[b].Count > 0 ? blocks[b][^1] : null;
            if (last?.Target is { } target && labels.TryGetValue(target, out int t))
                successors[b].Add(t);
            if ((last is null || last.FallsThrough) && b + 1 < n)
                successors[b].Add(b + 1);
            foreach (int s in successors[b])
                predecessors[s].Add(b);
        }

        HashSet<int>[] dominators = Dominators(n, predecessors);
        // A back edge goes to a block that dominates its source; the loop is the header and what reaches the source
        // without passing through the header. Loops sharing a header are one loop.
        var bodies = new SortedDictionary<int, HashSet<int>>();
        for (int b = 0; b < n; b++)
        {
            foreach (int h in successors[b].Where(h => dominators[b].Contains(h)))
            {
                if (!bodies.TryGetValue(h, out HashSet<int>? body))
                    bodies[h] = body = [h];
                var work = new Stack<int>();
                if (body.Add(b))
                    work.Push(b);
                while (work.Count > 0)
                    foreach (int p in predecessors[work.Pop()])
                        if (body.Add(p))
                            work.Push(p);
            }
        }

        int first = _loops.Count;
        var loopsOf = new List<int>[n];
        for (int b = 0; b < n; b++)
            loopsOf[b] = [];
        foreach ((int header, HashSet<int> body) in bodies)
        {
            int index = _loops.Count;
            foreach (int b in body)
                loopsOf[b].Add(index);
            string name = labels.FirstOrDefault(l => l.Value == header).Key ?? $"block {header}";
            _loops.Add(new PtxLoop(index + 1, name, 0, body.Sum(b => blocks[b].Count)));
        }
        for (int l = first; l < _loops.Count; l++)
        {
            int header = bodies.Keys.ElementAt(l - first);
            _loops[l] = _loops[l] with { Depth = loopsOf[header].Count };
        }

        var lastDefinition = new Dictionary<string, PtxInstruction>();
        for (int b = 0; b < n; b++)
        {
            foreach (PtxInstruction instruction in blocks[b])
            {
                _instructions.Add((instruction, [.. loopsOf[b]]));
                if (instruction.Base is "add" or "sub" && instruction.IsContractible
                    && instruction.Sources.Any(s => lastDefinition.TryGetValue(s, out PtxInstruction? d)
                        && d.Base == "mul" && d.IsContractible && d.Type == instruction.Type))
                    FusableMulAdds++;
                if (instruction.Destination is { } register)
                    lastDefinition[register] = instruction;
            }
        }
    }

    /// <summary>Each block's dominators (iterative data flow from block 0); unreachable blocks dominate nothing.</summary>
    private static HashSet<int>[] Dominators(int n, List<int>[] predecessors)
    {
        var all = Enumerable.Range(0, n).ToHashSet();
        var dominators = new HashSet<int>[n];
        for (int b = 0; b < n; b++)
            dominators[b] = b == 0 ? [0] : [.. all];
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int b = 1; b < n; b++)
            {
                HashSet<int>? meet = null;
                foreach (int p in predecessors[b])
                {
                    if (meet is null)
                        meet = [.. dominators[p]];
                    else
                        meet.IntersectWith(dominators[p]);
                }
                meet ??= [];
                meet.Add(b);
                if (!meet.SetEquals(dominators[b]))
                {
                    dominators[b] = meet;
                    changed = true;
                }
            }
        }
        return dominators;
    }

    private static string StripComment(string line)
    {
        int comment = line.IndexOf("//", StringComparison.Ordinal);
        return comment < 0 ? line : line[..comment];
    }

    /// <summary>
    /// A line's scope braces and statements, in order: <c>{</c>, <c>}</c>, labels and statements without their ';'. A
    /// brace inside a statement is a vector operand (<c>{%fd1, %fd2}</c>), not a scope.
    /// </summary>
    private static IEnumerable<string> Pieces(string line)
    {
        int start = 0, vector = 0;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            bool inStatement = !string.IsNullOrWhiteSpace(line[start..i]);
            if (c == '{' && inStatement)
                vector++;
            else if (c == '}' && vector > 0)
                vector--;
            else if (c is '{' or '}' || (c == ';' && vector == 0))
            {
                if (line[start..i].Trim() is { Length: > 0 } text)
                    foreach (string piece in Labelled(text))
                        yield return piece;
                if (c != ';')
                    yield return c.ToString();
                start = i + 1;
            }
        }
        if (line[start..].Trim() is { Length: > 0 } tail)
            foreach (string piece in Labelled(tail))
                yield return piece;
    }

    // "L_1: add.s32 ..." is a label and a statement.
    private static IEnumerable<string> Labelled(string text)
    {
        Match m = LeadingLabel().Match(text);
        if (!m.Success)
        {
            yield return text;
            yield break;
        }
        yield return m.Groups[1].Value + ":";
        if (m.Groups[2].Value.Trim() is { Length: > 0 } rest)
            yield return rest;
    }

    [GeneratedRegex(@"^\.(version|target)\s+(.+)$")]
    private static partial Regex Header();

    [GeneratedRegex(@"\.entry\s+([\w$]+)")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^([\w$]+):$")]
    private static partial Regex Label();

    [GeneratedRegex(@"^([\w$]+):(.*)$")]
    private static partial Regex LeadingLabel();

    [GeneratedRegex(@"^\.reg\s+(?:\.v\d\s+)?\.(\w+)\s+(.+)$")]
    private static partial Regex RegisterDeclaration();

    [GeneratedRegex(@"<(\d+)>")]
    private static partial Regex RegisterRange();
}

/// <summary>Registers of one type a kernel declares.</summary>
public sealed record PtxRegisters(string Type, int Count);

/// <summary>A loop of a kernel's PTX.</summary>
/// <param name="Number">1 for the first loop to begin, and so on.</param>
/// <param name="Header">The label where each trip begins.</param>
/// <param name="Depth">1 for an outermost loop, 2 for one inside it, and so on.</param>
/// <param name="Instructions">Instructions in its body, nested loops included, each once.</param>
public sealed record PtxLoop(int Number, string Header, int Depth, int Instructions);
