using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>A radix trie over UTF-8 bytes in flat arrays, each node with its subtree's token count: a prefix count is a walk and one read.</summary>
public sealed class TokensTrie : BuiltOnceRung<TokensProblem, TokenTrie, TokensResult>
{
    public override string Name => "trie";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "radix trie over UTF-8 bytes in flat int[]/byte[] arrays (breadth-first, children a run), per-node subtree counts";

    protected override TokenTrie Build(TokensProblem problem, RunContext context) => TokenTrie.Of(TokenBlob.Of(problem.Tokens));

    protected override TokensResult Compute(TokenTrie trie, TokensProblem problem, RunContext context)
    {
        var key = new Utf8Key();
        return problem.RunAll(q => trie.Find(key.Of(q)), trie.StructureBytes, context.Latency);
    }
}
