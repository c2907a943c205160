using HyperSharp.Harness.Tokens;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Tokens;

/// <summary>The synthetic tokens: deterministic, distinct, word-like; <c>hyper tokens corpus</c> writes them whole.</summary>
public sealed class TokenCorpusTests
{
    [Fact]
    public void Generate_IsDeterministicDistinctAndWordLike()
    {
        string[] a = TokenCorpus.Generate(50_000, 7), b = TokenCorpus.Generate(50_000, 7);
        Assert.Equal(a, b);
        Assert.NotEqual(a, TokenCorpus.Generate(50_000, 8));
        Assert.Equal(a.Length, a.Distinct(StringComparer.Ordinal).Count());
        Assert.InRange(a.Average(t => t.Length), 5, 25);
        Assert.Contains(a, t => t.Any(c => c > 127)); // a few non-ASCII letters
        // Shared prefixes: far fewer distinct 4-letter prefixes than tokens.
        Assert.True(a.Where(t => t.Length >= 4).Select(t => t[..4]).Distinct().Count() < a.Length / 3);
        Assert.Empty(TokenCorpus.Generate(0, 1));
    }

    [Fact]
    public void Corpus_WritesOneTokenPerLine()
    {
        string dir = Directory.CreateTempSubdirectory("hyper-tokens-").FullName;
        try
        {
            string path = Path.Combine(dir, "tokens.txt");
            Hyper.Outcome o = Hyper.Run("tokens", "corpus", "--count", "1000", "--seed", "3", "-o", path);
            Assert.True(o.ExitCode == 0, o.Stderr);
            Assert.Equal(TokenCorpus.Generate(1000, 3), File.ReadAllLines(path, System.Text.Encoding.UTF8));
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left beside it
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--count", "-1")]
    [InlineData("--count", "x")]
    [InlineData("--seed", "-2")]
    public void Corpus_RejectsBadInput(string option, string value) =>
        Hyper.AssertRejects(["tokens", "corpus", "--count", "10", "--seed", "1", "-o", Path.Combine(Path.GetTempPath(), "never-written.txt")], option, value);

    [Fact]
    public void Corpus_RejectsAnUnwritablePath() =>
        Hyper.AssertBadInput("tokens", "corpus", "--count", "10", "-o", "/proc/nope/tokens.txt");
}
