using System.CommandLine;
using HyperSharp.Cli.Commands;
using HyperSharp.Harness;
using HyperSharp.Harness.Tokens;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Systems;

/// <summary><c>hyper tokens corpus|build|lookup</c>: the tokens ladder's synthetic tokens written to a file; a token store; lookups in it.</summary>
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
        var file = new Argument<string>("FILE") { Description = "Tokens, one per line (UTF-8)." };
        var rung = new Option<string>("--rung") { Description = "The structure to store: blob (sorted UTF-8 bytes and offsets) or succinct (the minimal automaton, the fewest bytes).", DefaultValueFactory = _ => "blob" };
        var store = new Option<string>("--output", "-o") { Description = "The store to write.", Required = true };
        var build = new Command("build", "A token store: the blob's sorted UTF-8 bytes and offsets, or the succinct rung's automaton, behind a checksummed header, to map and search in place.") { file, rung, store };
        build.SetAction(p => Guard.Run(() =>
        {
            string kind = p.GetValue(rung)!.ToLowerInvariant();
            if (!TokenStore.Rungs.Contains(kind))
                throw new SpecException($"--rung takes {string.Join(" or ", TokenStore.Rungs)} (got '{p.GetValue(rung)}')");
            string path = p.GetValue(store)!, input = p.GetValue(file)!;
            AtomicFile.CheckWritable(path);
            if (!File.Exists(input))
                throw new SpecException($"no such file: {input}");
            string[] tokens = [.. File.ReadLines(input).Distinct(StringComparer.Ordinal)];
            TokenBlob blob = TokenBlob.Of(tokens);
            if (kind == "succinct")
                TokenStore.Write(path, TokenAutomaton.Of(blob));
            else
                TokenStore.Write(path, blob);
            Output.Log($"stored {blob.Count:N0} tokens in {new FileInfo(path).Length:N0} bytes ({kind}, {path})");
            return 0;
        }));
        var storeArg = new Argument<string>("STORE") { Description = "A store `hyper tokens build` wrote." };
        var words = new Argument<string[]>("WORD") { Description = "Words to look up.", Arity = ArgumentArity.OneOrMore };
        var lookup = new Command("lookup", "Whether each word is stored, and how many stored tokens start with it (the store memory-mapped, searched in place).") { storeArg, words };
        lookup.SetAction(p => Guard.Run(() =>
        {
            using MappedTokenStore store = TokenStore.Open(p.GetValue(storeArg)!);
            foreach (string w in p.GetValue(words)!)
            {
                (bool present, int prefixCount) = store.Find(System.Text.Encoding.UTF8.GetBytes(w));
                Console.WriteLine($"{w}\t{(present ? "stored" : "absent")}\t{prefixCount} with this prefix");
            }
            return 0;
        }));
        return new Command("tokens", "The compact token storage system's own tools.") { corpus, build, lookup };
    }
}
