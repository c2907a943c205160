using System.Text.RegularExpressions;

namespace HyperSharp.Gpu.Ptx;

/// <summary>
/// One PTX instruction, split as PTX writes it: an optional guard (<c>@%p1</c>), the opcode and its dot-separated
/// qualifiers (<c>ld.global.f64</c>), the operands.
/// </summary>
internal sealed partial class PtxInstruction
{
    private PtxInstruction(bool predicated, string opcode, IReadOnlyList<string> operands)
    {
        Predicated = predicated;
        Opcode = opcode;
        string[] parts = opcode.Split('.');
        Base = parts[0];
        Qualifiers = parts[1..];
        Type = Qualifiers.LastOrDefault(q => TypeName().IsMatch(q));
        Operands = operands;
    }

    /// <summary>Whether a predicate guards it: for a branch, a conditional one.</summary>
    public bool Predicated { get; }

    /// <summary>The opcode with its qualifiers (<c>ld.global.f64</c>).</summary>
    public string Opcode { get; }

    /// <summary>The operation (<c>ld</c>).</summary>
    public string Base { get; }

    public IReadOnlyList<string> Qualifiers { get; }

    /// <summary>The instruction type (<c>f64</c>, <c>b32</c>, <c>u64</c>), or null.</summary>
    public string? Type { get; }

    public IReadOnlyList<string> Operands { get; }

    /// <summary>Whether <paramref name="qualifier"/> is one of its qualifiers.</summary>
    public bool Has(string qualifier) => Qualifiers.Contains(qualifier);

    /// <summary>Bytes one operand of its type holds, times the vector width (<c>.v2</c>, <c>.v4</c>); 0 when untyped.</summary>
    public int OperandBytes
    {
        get
        {
            if (Type is null || Type == "pred")
                return 0;
            int bits = int.Parse(DigitsOf().Match(Type).Value, System.Globalization.CultureInfo.InvariantCulture);
            int lanes = (Has("v4") ? 4 : Has("v2") ? 2 : 1) * (Type.EndsWith("x2", StringComparison.Ordinal) ? 2 : 1);
            return bits / 8 * lanes;
        }
    }

    /// <summary>A floating-point op with no rounding modifier, which PTX lets the JIT contract (mul then add into fma).</summary>
    public bool IsContractible => Type is "f32" or "f64" && !Qualifiers.Any(q => q is "rn" or "rz" or "rm" or "rp");

    /// <summary>The register it writes: the first operand, for instructions that write one.</summary>
    public string? Destination =>
        Operands.Count > 0 && Operands[0].StartsWith('%') && Base is not ("st" or "red" or "bra" or "brx" or "ret" or "exit" or "call" or "bar")
            ? Operands[0]
            : null;

    /// <summary>The registers it reads.</summary>
    public IEnumerable<string> Sources => Operands.Skip(Destination is null ? 0 : 1).Where(o => o.StartsWith('%'));

    /// <summary>The label a branch goes to.</summary>
    public string? Target => Base is "bra" && Operands.Count > 0 ? Operands[^1] : null;

    /// <summary>Whether it ends a basic block: a branch or a return.</summary>
    public bool EndsBlock => Base is "bra" or "brx" or "ret" or "exit";

    /// <summary>Whether control can go on to the next instruction (a guarded branch or return may not be taken).</summary>
    public bool FallsThrough => !EndsBlock || Predicated;

    /// <summary>Parses one statement (without its ';').</summary>
    public static PtxInstruction Parse(string statement)
    {
        string s = statement.Trim();
        bool predicated = false;
        if (s.StartsWith('@'))
        {
            int space = s.IndexOfAny([' ', '\t']);
            predicated = true;
            s = s[(space + 1)..].TrimStart();
        }
        int end = s.IndexOfAny([' ', '\t']);
        string opcode = end < 0 ? s : s[..end];
        string rest = end < 0 ? "" : s[(end + 1)..];
        return new PtxInstruction(predicated, opcode, SplitOperands(rest));
    }

    public override string ToString() => Opcode;

    // Commas inside [address] or {vector} do not separate operands.
    private static string[] SplitOperands(string text)
    {
        var operands = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '[' or '{')
                depth++;
            else if (c is ']' or '}')
                depth--;
            else if (c == ',' && depth == 0)
            {
                operands.Add(text[start..i].Trim());
                start = i + 1;
            }
        }
        if (text[start..].Trim() is { Length: > 0 } last)
            operands.Add(last);
        return [.. operands];
    }

    [GeneratedRegex(@"^(f|b|u|s|bf)\d+(x2)?$|^pred$")]
    private static partial Regex TypeName();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitsOf();
}
