using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>What a system tells the generic bench: the runs to make, and how to check a peer's answer.</summary>
public interface ISystemBench
{
    ILadder Ladder { get; }

    /// <summary>The spec parameter the bench varies, singular (<c>count</c>).</summary>
    string SizeName { get; }

    IReadOnlyList<long> DefaultSizes { get; }

    /// <summary>Throws a <see cref="SpecException"/> for an unknown rung or a size whose spec is invalid.</summary>
    void Validate(BenchSettings settings);

    /// <summary>
    /// Every run to make, rungs before peers for each size. Peer input files go into <paramref name="workDirectory"/>,
    /// which the caller deletes afterwards.
    /// </summary>
    IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory);

    /// <summary>Checks a peer's answer against a verified rung's result on the same spec.</summary>
    RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults);

    /// <summary>Lines printed under the bench table: what the generic columns cannot say (bandwidth, say).</summary>
    IEnumerable<string> Notes(BenchFile bench) => [];
}
