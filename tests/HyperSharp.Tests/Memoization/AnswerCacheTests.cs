using HyperSharp.Harness;
using HyperSharp.Ladder;

namespace HyperSharp.Tests.Memoization;

/// <summary>
/// The answers the harness keeps on disk: every ladder that writes its reference's answer reads back the same answer
/// (same fingerprint, and equal by its own Verify), and the answer cache serves it without running the reference.
/// </summary>
public sealed class AnswerCacheTests
{
    public static TheoryData<string> Systems() => new(Catalog.Ladders.Select(l => l.Name));

    [Theory]
    [MemberData(nameof(Systems))]
    public void WrittenAnswer_ReadsBackAsTheSameAnswer(string system) =>
        Catalog.Find(system).Accept(new RoundTrip());

    private sealed class RoundTrip : ILadderVisitor<bool>
    {
        public bool Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder)
        {
            TSpec spec = ladder.ShrinkTo(ladder.Spec.Create(new Dictionary<string, SpecValue>()), 2e4);
            TProblem problem = ladder.Build(spec);
            try
            {
                TResult answer = ladder.Reference.Run(problem, RunContext.Default);
                if (ladder.WriteAnswer(answer) is not { } bytes)
                    return false; // this ladder's reference answers are not kept: nothing to check
                Assert.True(ladder.TryReadAnswer(spec, bytes, out TResult? back), $"{ladder.Name}: its own bytes are not read back");
                Assert.Equal(ladder.Fingerprint(answer)?.Hex, ladder.Fingerprint(back)?.Hex);
                Assert.True(ladder.Verify(answer, back, 0).Passed);
                Assert.False(ladder.TryReadAnswer(spec, [.. bytes, 0, 0, 0, 0, 0, 0, 0, 0, 1], out _), $"{ladder.Name}: bytes of the wrong size were read");
                return true;
            }
            finally
            {
                (problem as IDisposable)?.Dispose();
            }
        }
    }

    [Fact]
    public async Task KeptAnswer_IsServed_WithoutRunningTheReference()
    {
        using var dir = new TempDirectory();
        var ladder = Catalog.Memo;
        var spec = new HyperSharp.Memoization.FibSpec(20);
        int runs = 0;
        Task<long> Compute() { runs++; return Task.FromResult(6765L); }
        Assert.Equal(6765, await ReferenceAnswers.GetAsync(dir.Path, ladder, spec, Compute, null));
        Assert.Equal(6765, await ReferenceAnswers.GetAsync(dir.Path, ladder, spec, Compute, null));
        Assert.Equal(1, runs);
        Assert.Equal(4181, await ReferenceAnswers.GetAsync(dir.Path, ladder, spec with { N = 19 }, () => { runs++; return Task.FromResult(4181L); }, null));
        Assert.Equal(2, runs);
    }
}
