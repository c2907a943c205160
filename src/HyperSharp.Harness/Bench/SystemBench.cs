using HyperSharp.Ladder;

namespace HyperSharp.Harness.Bench;

/// <summary>
/// What every system's bench shares: the sizes (given or default), validation before anything runs, each rung through
/// <c>hyper run</c> at each size, the peers on the same spec, and peers verified against an exact rung. A system says
/// only how a size becomes a spec and command-line arguments, and which peers it has.
/// </summary>
public abstract class SystemBench<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder) : ISystemBench
{
    public ILadder Ladder => ladder;
    public abstract string SizeName { get; }
    public abstract IReadOnlyList<long> DefaultSizes { get; }

    /// <summary>The system's peers in <c>peers/</c>, in table order.</summary>
    protected virtual IReadOnlyList<Peer> Peers => [];

    /// <summary>The spec at one size; a <see cref="SpecException"/> when the size is out of range.</summary>
    protected abstract TSpec Spec(long size);

    /// <summary>The spec as arguments of <c>hyper run</c> (and of the peers, unless <see cref="PeerArguments"/> differs).</summary>
    protected abstract IReadOnlyList<string> Arguments(long size);

    /// <summary>The rung items at one size; override to leave rungs out or to sweep a parameter.</summary>
    protected virtual IEnumerable<BenchItem> RungItemsAt(BenchSettings settings, long size) =>
        RungItems.For(ladder, settings, size, Arguments(size));

    /// <summary>The peers' arguments at one size; override when peers read an input written into <paramref name="workDirectory"/>.</summary>
    protected virtual IReadOnlyList<string> PeerArguments(long size, TSpec spec, string workDirectory) => Arguments(size);

    public void Validate(BenchSettings settings)
    {
        foreach (string rung in settings.Rungs)
            ladder.Find(rung);
        foreach (long size in Sizes(settings))
            ladder.Validate(Spec(size));
    }

    public IEnumerable<BenchItem> Plan(BenchSettings settings, string workDirectory)
    {
        string? peers = settings.Peers ? PeerLocator.Find(settings.PeersDirectory) : null;
        string workUnit = ladder.Unit.EndsWith("/s", StringComparison.Ordinal) ? ladder.Unit[..^2] : ladder.Unit;
        foreach (long size in Sizes(settings))
        {
            TSpec spec = Spec(size);
            ladder.Validate(spec);
            foreach (BenchItem item in RungItemsAt(settings, size))
                yield return item;
            if (!settings.Peers)
                continue;
            IReadOnlyList<string> arguments = peers is null ? [] : PeerArguments(size, spec, workDirectory);
            foreach (BenchItem item in Peer.Items(Peers, peers, settings, size, ladder.Work(spec), workUnit, arguments))
                yield return item;
        }
    }

    /// <summary>Lines printed under the bench table; none by default.</summary>
    public virtual IEnumerable<string> Notes(BenchFile bench) => [];

    /// <summary>By default a peer's checksum must equal, exactly, that of an exact rung on the same spec.</summary>
    public virtual RunResult VerifyPeer(RunResult peer, IReadOnlyList<RunResult> rungResults) =>
        AgainstExactRung(peer, rungResults, "|Δchecksum|", 0, exact => Math.Abs(peer.Checksum - exact.Checksum));

    /// <summary>
    /// Checks a peer against a verified rung whose tolerance is 0 (so its answer is the reference's, bit for bit) on
    /// the same spec (every parameter the peer reports has the rung's value); "not checked" when there is no such rung.
    /// </summary>
    protected static RunResult AgainstExactRung(
        RunResult peer, IReadOnlyList<RunResult> rungResults, string measure, double tolerance, Func<RunResult, double> error)
    {
        RunResult? exact = rungResults.FirstOrDefault(r =>
            r.Error is null && r.Verified == true && r.Verification is { Tolerance: 0 } && SameParameters(peer, r));
        if (exact is null)
            return peer with { Verified = null };
        double e = error(exact);
        return peer with
        {
            Verified = e <= tolerance,
            Verification = new VerificationInfo(exact.Rung, exact.Spec, e, tolerance, measure),
        };
    }

    /// <summary>Every spec parameter of <paramref name="peer"/> has the same value in <paramref name="rung"/>'s spec.</summary>
    protected static bool SameParameters(RunResult peer, RunResult rung) =>
        peer.Spec is { Count: > 0 } && rung.Spec is not null &&
        peer.Spec.All(kv => rung.Spec.TryGetValue(kv.Key, out double v) && v == kv.Value);

    protected IReadOnlyList<long> Sizes(BenchSettings settings) => settings.Sizes.Count == 0 ? DefaultSizes : settings.Sizes;
}
