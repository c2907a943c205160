using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Tokens;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper tokens corpus</c>: the tokens ladder's synthetic word-like tokens, written to a file.</summary>
internal sealed class TokensCommands : ISystemCommands
{
    public ILadder Ladder => Catalog.Tokens;

    public Command? Tools()
    {
        var count = new Option<int>("--count") { Description = "Distinct tokens to draw.", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the tokens (default 1).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--output", "-o") { Description = "The file to write, one token per line (UTF-8).", Required = true };
        var corpus = new Command("corpus", "Synthetic word-like tokens (stems, prefixes, suffixes; distinct), the ones `hyper run tokens` stores.") { count, seed, output };
        corpus.SetAction(p => Guard.Run(() =>
        {
            int n = p.GetValue(count);
            long s = p.GetValue(seed);
            if (n is < 0 or > TokenCorpus.MaxCount)
                throw new SpecException($"--count takes 0 to {TokenCorpus.MaxCount:N0} tokens (got {n})");
            if (s < 0)
                throw new SpecException($"--seed takes a number from 0 (got {s})");
            string path = p.GetValue(output)!;
            AtomicFile.CheckWritable(path);
            TokenCorpus.Write(path, TokenCorpus.Generate(n, s));
            Output.Log($"wrote {n:N0} tokens to {path}");
            return 0;
        }));
        return new Command("tokens", "The compact token storage system's own tools.") { corpus };
    }
}
