using HyperSharp.Ladder;

namespace HyperSharp.Tests.Ladder;

public static class RunnableRungs
{
    /// <summary>
    /// The selected rungs that run on this machine. A rung that cannot (a native rung without libhyperpeers.so) is
    /// left out of the rows here; the tests of its own (NativeTests) say why, and fail where CI requires it.
    /// </summary>
    public static IEnumerable<Rung<TProblem, TResult>> RunnableHere<TSpec, TProblem, TResult>(this Ladder<TSpec, TProblem, TResult> ladder) =>
        ladder.Selected.Where(r => r.Availability.IsAvailable);
}
