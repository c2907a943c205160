using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// The fewest bytes: a minimal acyclic automaton (shared prefixes and shared suffixes each stored once) in one byte
/// array — one-byte arcs along chains, relative varint pointers elsewhere, each state's token count in its header.
/// </summary>
public sealed class TokensSuccinct : BuiltOnceRung<TokensProblem, TokenAutomaton, TokensResult>
{
    public override string Name => "succinct";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "minimal acyclic automaton (DAWG) over UTF-8 bytes in one byte[]: byte-coded arcs, relative varint pointers, per-state token counts";

    protected override TokenAutomaton Build(TokensProblem problem, RunContext context) => TokenAutomaton.Of(TokenBlob.Of(problem.Tokens));

    protected override TokensResult Compute(TokenAutomaton automaton, TokensProblem problem, RunContext context)
    {
        var key = new Utf8Key();
        return problem.RunAll(q => automaton.Find(key.Of(q)), automaton.StructureBytes, context.Latency);
    }
}
