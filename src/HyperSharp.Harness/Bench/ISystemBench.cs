using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>What the generic bench runner needs of a system: the runs to make, and how to check a peer's answer.</summary>
public interface ISystemBench
{
    ILadder Ladder { get; }

    /// <summary>The spec parameters that are the bench's size axes (one table column each), in order.</summary>
    IReadOnlyList<string> Axes { get; }

    /// <summary>Throws a <see cref="SpecException"/> for an unknown rung or a value whose spec is invalid, before anything runs.</summary>
    void Validate(BenchSettings settings);

    /// <summary>
    /// Every run to make, rungs before peers for each spec. Peer input files go into <paramref name="workDirectory"/>,
    /// which the caller deletes afterwards.
    /// </summary>
    IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory);

    /// <summary>
    /// Checks a peer's answer against the verified rungs' results on the same spec, and its whole answer in
    /// <paramref name="answerPath"/> (from the item's <see cref="BenchItem.AnswerPath"/>) where there is one.
    /// </summary>
    RunResult VerifyPeer(RunResult peer, PeerProgram program, IReadOnlyList<RunResult> rungResults, string? answerPath = null);

    /// <summary>Lines printed under the bench table: what the generic columns cannot say (bandwidth, say).</summary>
    IEnumerable<string> Notes(BenchFile bench);
}
