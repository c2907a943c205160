using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using HyperSharp.Harness.Tokens;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Tokens;

/// <summary>The succinct rung's automaton: the blob's answers on awkward and large sets, smaller than the blob, stored and mapped back.</summary>
public sealed class TokenAutomatonTests
{
    private static void AssertAgrees(TokenBlob blob, TokenAutomaton automaton, IEnumerable<string> asked)
    {
        foreach (string q in asked)
        {
            byte[] key = Encoding.UTF8.GetBytes(q);
            Assert.True((blob.Contains(key), blob.PrefixCount(key)) == automaton.Find(key), $"'{q}'");
        }
    }

    private static IEnumerable<string> EveryPrefixAndNeighbour(IEnumerable<string> tokens) =>
        tokens.SelectMany(t => Enumerable.Range(0, t.Length + 1).Where(n => n == 0 || !char.IsHighSurrogate(t[n - 1])).Select(n => t[..n]))
            .Concat(tokens.Select(t => t + "a")).Concat(tokens.Select(t => t + "é")).Append("").Append("\u00ff").Append("zzzz");

    [Theory]
    [InlineData(null)] // no tokens
    [InlineData("")] // the empty token alone
    [InlineData("hello")]
    [InlineData("|a|ab|abc|abd|b")]
    [InlineData("tapping|tapped|topping|topped|tops|taps|top|tap")] // shared suffixes
    public void Automaton_AnswersAsTheBlob_OnSmallSets(string? joined)
    {
        string[] tokens = joined is null ? [] : joined.Split('|');
        TokenBlob blob = TokenBlob.Of(tokens);
        TokenAutomaton automaton = TokenAutomaton.Of(blob);
        Assert.Equal(tokens.Length, automaton.Count);
        AssertAgrees(blob, automaton, EveryPrefixAndNeighbour(tokens));
    }

    [Fact]
    public void Automaton_AnswersAsTheBlob_OnTheAwkwardSet() =>
        AssertAgrees(TokenBlob.Of(TokensConformanceTests.Awkward), TokenAutomaton.Of(TokenBlob.Of(TokensConformanceTests.Awkward)),
            EveryPrefixAndNeighbour(TokensConformanceTests.Awkward).Concat(["日", "日本人", "😁", "\u00e9\u00e9", "\u0080"]));

    [Fact]
    public void Automaton_AnswersAsTheBlob_OnALargeSet_InFewerBytes()
    {
        string[] tokens = TokenCorpus.Generate(300_000, 5);
        TokenBlob blob = TokenBlob.Of(tokens);
        TokenAutomaton automaton = TokenAutomaton.Of(blob);
        var random = new Random(3);
        AssertAgrees(blob, automaton, Enumerable.Range(0, 20_000).Select(_ => tokens[random.Next(tokens.Length)]).SelectMany(t => new[] { t, t[..random.Next(t.Length + 1)], t + "s", t.Length > 1 ? t[1..] : "x" }));
        for (int i = 0; i < blob.Count; i += 7)
            Assert.Equal((true, blob.PrefixCount(blob[i])), automaton.Find(blob[i]));
        Assert.True(automaton.StructureBytes < blob.Data.Length / 2, $"{automaton.StructureBytes:N0} bytes for {blob.Data.Length:N0} bytes of UTF-8");
    }

    [Fact]
    public void Store_MapsTheAutomatonBack_AndRejectsDamage()
    {
        string dir = Directory.CreateTempSubdirectory("hyper-tokdfa-").FullName;
        try
        {
            string path = Path.Combine(dir, "t.dfa");
            string[] tokens = [.. TokensConformanceTests.Awkward, .. TokenCorpus.Generate(5_000, 2)];
            TokenBlob blob = TokenBlob.Of(tokens.Distinct().ToArray());
            TokenAutomaton automaton = TokenAutomaton.Of(blob);
            TokenStore.Write(path, automaton);
            using (MappedTokenStore store = TokenStore.Open(path))
            {
                Assert.Equal("succinct", store.Rung);
                Assert.Equal(blob.Count, store.Count);
                foreach (string q in EveryPrefixAndNeighbour(tokens.Take(2_000)))
                {
                    byte[] key = Encoding.UTF8.GetBytes(q);
                    Assert.Equal(automaton.Find(key), store.Find(key));
                }
            }
            Assert.Contains("not a blob", Assert.Throws<SpecException>(() => TokenStore.Read(path)).Message);
            byte[] bytes = File.ReadAllBytes(path);

            File.WriteAllBytes(path, bytes[..^1]);
            Assert.Contains("truncated", Assert.Throws<SpecException>(() => TokenStore.Open(path)).Message);
            byte[] flipped = [.. bytes];
            flipped[^3] ^= 0x10;
            File.WriteAllBytes(path, flipped);
            Assert.Contains("checksum", Assert.Throws<SpecException>(() => TokenStore.Open(path)).Message);
            // Damage with a checksum forged to match: the structure check still refuses it.
            byte[] forged = [.. bytes];
            forged[TokenStore.HeaderBytes + 64] = 0xFF; // the root's offset
            forged[TokenStore.HeaderBytes + 67] = 0x7F;
            BinaryPrimitives.WriteUInt64LittleEndian(forged.AsSpan(24), XxHash64.HashToUInt64(forged.AsSpan(TokenStore.HeaderBytes)));
            File.WriteAllBytes(path, forged);
            Assert.Contains("corrupt", Assert.Throws<SpecException>(() => TokenStore.Open(path)).Message);

            TokenStore.Write(path, TokenAutomaton.Of(TokenBlob.Of([])));
            using MappedTokenStore empty = TokenStore.Open(path);
            Assert.Equal((false, 0), empty.Find("a"u8));
            Assert.Equal((false, 0), empty.Find([]));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
