using HyperSharp.Harness.Tokens;
using HyperSharp.Ladder;
using HyperSharp.Tests.Cli;

namespace HyperSharp.Tests.Tokens;

/// <summary>The token store: read back as written; truncated, corrupt or foreign files rejected in one line.</summary>
public sealed class TokenStoreTests
{
    [Fact]
    public void Store_RoundTrips_AndRejectsDamage()
    {
        string dir = Directory.CreateTempSubdirectory("hyper-tokstore-").FullName;
        try
        {
            string path = Path.Combine(dir, "t.store");
            TokenBlob blob = TokenBlob.Of(TokensConformanceTests.Awkward);
            TokenStore.Write(path, blob);
            TokenBlob back = TokenStore.Read(path);
            Assert.Equal(blob.Data, back.Data);
            Assert.Equal(blob.Offsets, back.Offsets);
            byte[] bytes = File.ReadAllBytes(path);

            File.WriteAllBytes(path, bytes[..^1]);
            Assert.Contains("truncated", Assert.Throws<SpecException>(() => TokenStore.Read(path)).Message);
            byte[] flipped = [.. bytes];
            flipped[^1] ^= 1;
            File.WriteAllBytes(path, flipped);
            Assert.Contains("checksum", Assert.Throws<SpecException>(() => TokenStore.Read(path)).Message);
            File.WriteAllText(path, "car\ncart\n");
            Assert.Contains("not a token store", Assert.Throws<SpecException>(() => TokenStore.Read(path)).Message);
            TokenStore.Write(path, TokenBlob.Of([]));
            Assert.Equal(0, TokenStore.Read(path).Count);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("blob")]
    [InlineData("succinct")]
    public void BuildThenLookup_AnswersAsTheBlob(string rung)
    {
        string dir = Directory.CreateTempSubdirectory("hyper-tokstore-").FullName;
        try
        {
            string text = Path.Combine(dir, "t.txt"), store = Path.Combine(dir, "t.store");
            File.WriteAllLines(text, ["car", "cart", "carton", "éa"]);
            Hyper.Outcome built = Hyper.Run("tokens", "build", text, "--rung", rung, "-o", store);
            Assert.True(built.ExitCode == 0, built.Stderr);
            Hyper.Outcome o = Hyper.Run("tokens", "lookup", store, "car", "carto", "é");
            Assert.True(o.ExitCode == 0, o.Stderr);
            Assert.Equal(["car\tstored\t3 with this prefix", "carto\tabsent\t1 with this prefix", "é\tabsent\t1 with this prefix"],
                o.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            File.WriteAllBytes(store, File.ReadAllBytes(store)[..40]);
            Hyper.AssertBadInput("tokens", "lookup", store, "car");
            Hyper.AssertBadInput("tokens", "build", text, "--rung", "trie", "-o", store); // no file form
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
