using System.Text.Json;
using HyperSharp.Harness;
using HyperSharp.Harness.Bench;
using HyperSharp.Harness.Sketches;
using HyperSharp.Harness.Tokens;
using HyperSharp.Ladder;
using HyperSharp.Tests.Search;

namespace HyperSharp.Tests.Tokens;

/// <summary>
/// The tokens and distinct ladders' peers: the Python list, set, bisect, marisa and datrie answer as our rungs bit for
/// bit (a missing module says so, exit 3); the Python set counts exactly and the book's HyperLogLog within its bound;
/// Redis's rung says why where redis-server is missing; the error chart is a PNG. Skipped without Python.
/// </summary>
public sealed class TokensPeersTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [PythonPeerFact]
    public void PythonTokens_List_Set_Bisect_Marisa_Datrie_AreOursBitForBit()
    {
        foreach (TokensSpec spec in new[] { new TokensSpec(3000, 2, 80), new TokensSpec(0, 1, 8), new TokensSpec(1, 3, 12) })
        {
            IReadOnlyList<string> args = Catalog.Tokens.PeerArguments(spec, () => Catalog.Tokens.Build(spec), _dir.Path);
            string expected = Catalog.Tokens.Fingerprint(Catalog.Tokens.Reference.Run(Catalog.Tokens.Build(spec), RunContext.Default))!.Value.Hex;
            foreach (string variant in new[] { "list", "set", "bisect", "marisa", "datrie" })
            {
                (int code, string text) = SearchPeersTests.RunPython(PeerLocator.Python()!, "tokens.py",
                    ["--variant", variant, .. Catalog.Tokens.Spec.Arguments(spec), .. args, "--repeats", "1"]);
                using JsonDocument line = JsonDocument.Parse(text);
                if (code == 3)
                {
                    Assert.Contains("not installed", line.RootElement.GetProperty("error").GetString());
                    continue;
                }
                Assert.True(expected == line.RootElement.GetProperty("fingerprint").GetString(), $"{variant} on {spec}");
                Assert.True(line.RootElement.GetProperty("figures").GetProperty("bytes_per_token").GetDouble() >= 0);
            }
        }
    }

    [PythonPeerFact]
    public void PythonDistinct_SetIsExact_AndTheBooksHllIsWithinItsBound()
    {
        var spec = new DistinctSpec(50_000, 20_000, 12, 3);
        (int code, string text) = SearchPeersTests.RunPython(PeerLocator.Python()!, "distinct.py", ["--variant", "set", .. Catalog.Distinct.Spec.Arguments(spec), "--repeats", "1"]);
        Assert.Equal(0, code);
        Assert.Equal(Catalog.Distinct.Fingerprint(new DistinctResult(20_000, 0, 0))!.Value.Hex, RunResult.FromJson(text).Fingerprint);
        (code, text) = SearchPeersTests.RunPython(PeerLocator.Python()!, "distinct.py", ["--variant", "hll", .. Catalog.Distinct.Spec.Arguments(spec), "--repeats", "1"]);
        Assert.Equal(0, code);
        RunResult hll = RunResult.FromJson(text);
        PeerProgram peer = Catalog.Distinct.Peers.Single(p => p.Name == "python-hll");
        Verification? v = Catalog.Distinct.CheckPeer(peer, Catalog.Distinct.Spec.Describe(spec).ToDictionary(), hll.Checksum, 20_000);
        Assert.True(v is { Passed: true }, v?.ToString());
    }

    [Fact]
    public void Peers_AreDeclared_AndRedisSaysWhyWhenMissing()
    {
        Assert.Equal(["python-list", "python-set", "python-bisect", "python-marisa", "python-datrie"], Catalog.Tokens.Peers.Select(p => p.Name));
        Assert.Equal(["python-set", "python-hll"], Catalog.Distinct.Peers.Select(p => p.Name));
        var redis = (DistinctRedis)Catalog.Distinct.Rungs.Single(r => r.Name == "redis");
        if (PeerLocator.OnPath("redis-server") is null)
            Assert.Contains("redis-server is not installed", redis.Availability.Reason);
        else
            Assert.True(redis.Availability.IsAvailable);
    }

    [Fact]
    public void ErrorChart_IsAPng()
    {
        IReadOnlyList<SketchErrorRow> rows = SketchErrorTable.Measure(3, 10_000, 8);
        byte[] png = SketchErrorTable.Chart(rows);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
    }
}
