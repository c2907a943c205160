using System.Text.RegularExpressions;

namespace HyperSharp.Diagnostics;

/// <summary>One method's machine code as the JIT printed it (<c>DOTNET_JitDisasm</c>), with what a reader looks for first.</summary>
public sealed record MethodListing(string Method, string Tier, int CodeBytes, int Instructions, int Zmm, int Ymm, int Xmm, int Calls, int Loops, string Text);

/// <summary>
/// Parses the JIT's disassembly output: one listing per compiled method body, the last one kept per method (the final
/// tier: a method compiled at tier 0 and again at tier 1 shows its tier-1 code). Counts are static (each instruction
/// once): instructions naming a zmm, ymm or xmm register, calls, and loops as backward jumps (to a label above).
/// </summary>
public static partial class JitListing
{
    private const string Header = "; Assembly listing for method ";

    [GeneratedRegex(@"^(?<label>G_M\d+_IG\d+):")]
    private static partial Regex Label();

    [GeneratedRegex(@"^\s+(?<op>[a-z][a-z0-9.]*)\s*(?<args>.*)$")]
    private static partial Regex Instruction();

    [GeneratedRegex(@"^; Total bytes of code (?<n>\d+)")]
    private static partial Regex Bytes();

    public static IReadOnlyList<MethodListing> Parse(string text)
    {
        var byMethod = new Dictionary<string, MethodListing>(StringComparer.Ordinal);
        var order = new List<string>();
        int at = text.IndexOf(Header, StringComparison.Ordinal);
        while (at >= 0)
        {
            int next = text.IndexOf(Header, at + Header.Length, StringComparison.Ordinal);
            string block = next < 0 ? text[at..] : text[at..next];
            MethodListing m = One(block);
            if (!byMethod.ContainsKey(m.Method))
                order.Add(m.Method);
            byMethod[m.Method] = m;
            at = next;
        }
        return [.. order.Select(n => byMethod[n])];
    }

    private static MethodListing One(string block)
    {
        string[] lines = block.Split('\n');
        string header = lines[0][Header.Length..].TrimEnd();
        int paren = header.LastIndexOf(" (", StringComparison.Ordinal);
        string method = paren > 0 ? header[..paren] : header;
        string tier = paren > 0 ? header[(paren + 2)..].TrimEnd(')') : "";
        var labels = new HashSet<string>(StringComparer.Ordinal);
        int bytes = 0, instructions = 0, zmm = 0, ymm = 0, xmm = 0, calls = 0, loops = 0;
        var kept = new List<string>();
        foreach (string raw in lines)
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith(" JIT compiled ", StringComparison.Ordinal) || Regex.IsMatch(line, @"^\s*\d+: JIT compiled "))
                continue; // the summary's lines, interleaved in the same file
            kept.Add(line);
            if (Bytes().Match(line) is { Success: true } b)
            {
                bytes = int.Parse(b.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            if (Label().Match(line) is { Success: true } l)
            {
                labels.Add(l.Groups["label"].Value);
                continue;
            }
            if (line.StartsWith(';') || Instruction().Match(line) is not { Success: true } i)
                continue;
            instructions++;
            string op = i.Groups["op"].Value, args = i.Groups["args"].Value;
            if (args.Contains("zmm", StringComparison.Ordinal))
                zmm++;
            else if (args.Contains("ymm", StringComparison.Ordinal))
                ymm++;
            else if (args.Contains("xmm", StringComparison.Ordinal))
                xmm++;
            if (op == "call")
                calls++;
            if (op[0] == 'j' && Regex.Match(args, @"G_M\d+_IG\d+") is { Success: true } target && labels.Contains(target.Value))
                loops++;
        }
        return new MethodListing(method, tier, bytes, instructions, zmm, ymm, xmm, calls, loops, string.Join('\n', kept).TrimEnd());
    }
}
