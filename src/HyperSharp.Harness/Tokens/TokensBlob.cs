using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>One UTF-8 byte buffer and int offsets, sorted: binary search on spans, no object per token.</summary>
public sealed class TokensBlob : BuiltOnceRung<TokensProblem, TokenBlob, TokensResult>
{
    public override string Name => "blob";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "one sorted UTF-8 byte[] + int[] offsets (two objects in all), binary search on spans; a prefix count by two searches";

    protected override TokenBlob Build(TokensProblem problem, RunContext context) => TokenBlob.Of(problem.Tokens);

    protected override TokensResult Compute(TokenBlob blob, TokensProblem problem, RunContext context)
    {
        var key = new Utf8Key();
        return problem.RunAll(q => blob.Contains(key.Of(q)), p => blob.PrefixCount(key.Of(p)), blob.StructureBytes, context.Latency);
    }
}
