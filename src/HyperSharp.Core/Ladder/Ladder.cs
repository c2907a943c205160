namespace HyperSharp.Ladder;

/// <summary>The non-generic face of a ladder, for listing and for picking rungs by name.</summary>
public interface ILadder
{
    /// <summary>Command-line name of the system (<c>particles</c>).</summary>
    string Name { get; }

    /// <summary>One line for people.</summary>
    string Title { get; }

    /// <summary>Throughput unit, in the workload's own terms (<c>particle-steps/s</c>).</summary>
    string Unit { get; }

    /// <summary>Every rung, reference first.</summary>
    IReadOnlyList<IRung> Rungs { get; }

    /// <summary>Finds a rung by name, or throws a <see cref="SpecException"/> naming the rungs that exist.</summary>
    IRung Find(string name);

    /// <summary>The spec's parameters, declared once.</summary>
    IReadOnlyList<SpecParameter> Parameters { get; }

    /// <summary>The C and Python versions in <c>peers/</c>, in table order.</summary>
    IReadOnlyList<PeerProgram> Peers { get; }

    /// <summary>What a unit of work costs at least (bytes, flops), for the fraction of the machine's limit; null where
    /// neither bounds it (integer and I/O work).</summary>
    WorkCost? Cost { get; }

    /// <summary>The cost of a unit of work for one spec (its expression, its element type); <see cref="Cost"/> by default.</summary>
    /// <exception cref="SpecException">The values do not make a valid spec.</exception>
    WorkCost? CostOf(IReadOnlyDictionary<string, SpecValue> spec);

    /// <summary>
    /// Judges a peer whose fingerprint differs from (or lacks) an exact rung's, by its checksum: against the exact
    /// rung's checksum on the same spec (null when there is none), or, where the ladder can, on its own.
    /// </summary>
    Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum);

    /// <summary>Calls <paramref name="visitor"/> with the ladder's own types, so that generic code (a command, a bench) serves every ladder.</summary>
    T Accept<T>(ILadderVisitor<T> visitor);
}

/// <summary>Generic code over any ladder, called with its types by <see cref="ILadder.Accept{T}"/>.</summary>
public interface ILadderVisitor<out T>
{
    /// <summary>Called with the ladder's spec, problem and result types.</summary>
    T Visit<TSpec, TProblem, TResult>(Ladder<TSpec, TProblem, TResult> ladder);
}

/// <summary>
/// A system built as a ladder: a spec the user chooses, the problem the harness builds from it, a reference rung
/// written for clarity and faster rungs that must agree with it.
/// </summary>
/// <typeparam name="TSpec">What the user asks for (sizes, seed). Validated before anything runs.</typeparam>
/// <typeparam name="TProblem">The input every rung receives, built once by the harness (equal work).</typeparam>
/// <typeparam name="TResult">A rung's answer, compared against the reference's.</typeparam>
public abstract class Ladder<TSpec, TProblem, TResult> : ILadder
{
    /// <summary>Environment variable that pins a ladder to one rung (plus the reference) in tests and benches.</summary>
    public const string ForceRungVariable = "HYPERSHARP_RUNG";

    private readonly Rung<TProblem, TResult>[] _rungs;

    /// <summary>A ladder of <paramref name="rungs"/>, the reference first; names must be distinct.</summary>
    /// <exception cref="ArgumentException">No rung, the first is not a reference, or two share a name.</exception>
    protected Ladder(IEnumerable<Rung<TProblem, TResult>> rungs)
    {
        _rungs = rungs.ToArray();
        if (_rungs.Length == 0 || _rungs[0].Kind != RungKind.Reference)
            throw new ArgumentException("A ladder starts with its reference rung.", nameof(rungs));
        var duplicate = _rungs.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Two rungs are named '{duplicate.Key}'.", nameof(rungs));
    }

    /// <inheritdoc/>
    public abstract string Name { get; }
    /// <inheritdoc/>
    public abstract string Title { get; }
    /// <inheritdoc/>
    public abstract string Unit { get; }

    /// <summary>Every rung, reference first.</summary>
    public IReadOnlyList<Rung<TProblem, TResult>> Rungs => _rungs;
    IReadOnlyList<IRung> ILadder.Rungs => _rungs;

    /// <summary>The reference rung: written for clarity, the one the others must agree with.</summary>
    public Rung<TProblem, TResult> Reference => _rungs[0];

    /// <summary>
    /// The rungs to exercise: all of them, or only the one named by <see cref="ForceRungVariable"/>.
    /// </summary>
    public IEnumerable<Rung<TProblem, TResult>> Selected => Select(Environment.GetEnvironmentVariable(ForceRungVariable));

    /// <summary>All rungs when <paramref name="forced"/> is empty, else just the rung it names.</summary>
    public IEnumerable<Rung<TProblem, TResult>> Select(string? forced) =>
        string.IsNullOrWhiteSpace(forced) ? _rungs : [Find(forced.Trim())];

    /// <summary>Finds a rung by name, or explains in one line which names exist.</summary>
    public Rung<TProblem, TResult> Find(string name) =>
        _rungs.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new SpecException(
            $"unknown rung '{name}' for {Name} (rungs: {string.Join(", ", _rungs.Select(r => r.Name))})");

    IRung ILadder.Find(string name) => Find(name);

    /// <summary>
    /// The spec's parameters, declared once: the options of <c>hyper run</c> and <c>hyper bench</c>, their checks,
    /// <see cref="Describe"/>, the bench's sweeps and the arguments of child processes and peers all come from it.
    /// </summary>
    public abstract SpecDeclaration<TSpec> Spec { get; }

    IReadOnlyList<SpecParameter> ILadder.Parameters => Spec.Parameters;

    /// <inheritdoc/>
    public T Accept<T>(ILadderVisitor<T> visitor) => visitor.Visit(this);

    /// <summary>The C and Python versions in <c>peers/</c>, in table order; none by default.</summary>
    public virtual IReadOnlyList<PeerProgram> Peers => [];

    /// <summary>None by default: the report shows no fraction of a limit.</summary>
    public virtual WorkCost? Cost => null;

    /// <summary>The cost of a unit of work for <paramref name="spec"/>: <see cref="Cost"/> unless the spec changes it.</summary>
    public virtual WorkCost? CostFor(TSpec spec) => Cost;

    /// <inheritdoc/>
    public WorkCost? CostOf(IReadOnlyDictionary<string, SpecValue> spec) => CostFor(Spec.Create(spec));

    /// <summary>
    /// By default a peer's checksum must equal the exact rung's (|Δchecksum| = 0); not checked without one.
    /// </summary>
    public virtual Verification? CheckPeer(PeerProgram peer, IReadOnlyDictionary<string, SpecValue> spec, double checksum, double? exactChecksum) =>
        exactChecksum is { } exact ? Verification.Within(Math.Abs(checksum - exact), 0, "|Δchecksum|") : null;

    /// <summary>
    /// A peer's whole answer, read back from the bytes it fingerprints (written with <c>--answer PATH</c>), so that a
    /// peer that is not bit-identical is compared element by element with an exact answer (<see cref="Verify"/> at
    /// <see cref="PeerAnswerTolerance"/>) rather than by its checksum. False where the ladder reads no answers (or the
    /// bytes do not fit the spec).
    /// </summary>
    public virtual bool TryReadAnswer(TSpec spec, byte[] bytes, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TResult answer)
    {
        answer = default;
        return false;
    }

    /// <summary>
    /// The inverse of <see cref="TryReadAnswer"/>: an answer as the canonical bytes <see cref="TryReadAnswer"/> reads
    /// back, so that a reference answer can be kept on disk and not computed again (the harness's answer cache); null
    /// (the default) where the ladder does not write its answers.
    /// </summary>
    public virtual byte[]? WriteAnswer(TResult result) => null;

    /// <summary>Whether <see cref="TryReadAnswer"/> reads this ladder's answers (the peers are then judged by them).</summary>
    public virtual bool ReadsAnswers => false;

    /// <summary>The largest error (<see cref="Verify"/>'s measure) a peer's whole answer may have against an exact one.</summary>
    public virtual double PeerAnswerTolerance => 0;

    /// <summary>
    /// Judges <paramref name="peer"/>'s whole answer on <paramref name="spec"/> against an exact one. By default
    /// <see cref="Verify"/> at <see cref="PeerAnswerTolerance"/>; a ladder whose peers rank by their own arithmetic
    /// (a search engine's scores) judges them by a rule of its own here.
    /// </summary>
    public virtual Verification VerifyPeerAnswer(PeerProgram peer, TSpec spec, TResult exact, TResult answer) =>
        Verify(exact, answer, PeerAnswerTolerance);

    /// <summary>
    /// Extra arguments for the peers at <paramref name="spec"/>, when they need more than the spec's options (an
    /// input file made from <paramref name="problem"/> and written into <paramref name="directory"/>, which the caller
    /// deletes afterwards). None by default.
    /// </summary>
    public virtual IReadOnlyList<string> PeerArguments(TSpec spec, Func<TProblem> problem, string directory) => [];

    /// <summary>
    /// Throws <see cref="SpecException"/> when the spec cannot be run: first each parameter against its declared
    /// range, then what only the ladder knows (<see cref="Check"/>: memory, combinations).
    /// </summary>
    public void Validate(TSpec spec)
    {
        Spec.Check(spec);
        Check(spec);
    }

    /// <summary>Checks beyond each parameter's declared range (memory needed, combinations); nothing by default.</summary>
    protected virtual void Check(TSpec spec)
    {
    }

    /// <summary>The problem every rung receives. Deterministic in the spec.</summary>
    public abstract TProblem Build(TSpec spec);

    /// <summary>
    /// The problem, when building it needs I/O or owns resources (a started server, a temporary index): built before
    /// and disposed after every timed run, outside the timed region. A problem that is <see cref="IAsyncDisposable"/>
    /// or <see cref="IDisposable"/> is disposed by whoever built it. By default, <see cref="Build"/>.
    /// </summary>
    public virtual ValueTask<TProblem> BuildAsync(TSpec spec, CancellationToken cancellation = default) => new(Build(spec));

    /// <summary>Units of work in the spec, so that throughput = work / seconds.</summary>
    public abstract double Work(TSpec spec);

    /// <summary>
    /// What a peer's <see cref="PeerProgram.MaxWork"/> is compared with, in <see cref="PeerWorkUnit"/>: <see cref="Work"/>
    /// by default. A ladder whose peers' time grows with more than its work counts that instead (completion: the book's
    /// bisect ranks all of a prefix's terms, so its time is terms × lookups, not lookups).
    /// </summary>
    public virtual double PeerWork(TSpec spec) => Work(spec);

    /// <summary>The unit of <see cref="PeerWork"/>, for the skip message; null: the ladder's work unit.</summary>
    public virtual string? PeerWorkUnit => null;

    /// <summary>The spec's parameters (derived ones too), for reports and JSON.</summary>
    public IReadOnlyList<KeyValuePair<string, SpecValue>> Describe(TSpec spec) => Spec.Describe(spec);

    /// <summary>
    /// A spec of at most <paramref name="maxWork"/> units that still exercises the same code paths, for verifying
    /// against a reference that would take too long on the full spec. Returns the spec itself when small enough.
    /// </summary>
    public abstract TSpec ShrinkTo(TSpec spec, double maxWork);

    /// <summary>A number that depends on the whole answer, so that two runs can be compared at a glance.</summary>
    public abstract double Checksum(TResult result);

    /// <summary>
    /// A digest of the whole answer (<see cref="Ladder.Fingerprint"/>) where one is meaningful, so that exact answers —
    /// a peer's too — are compared whole; null by default.
    /// </summary>
    public virtual Fingerprint? Fingerprint(TResult result) => null;

    /// <summary>
    /// Figures of an answer that are each rung's own rather than part of the answer (the bytes a structure holds), by
    /// name (snake_case, the unit in the name), printed by <c>hyper run</c> and kept in results; none by default.
    /// </summary>
    public virtual IReadOnlyDictionary<string, double>? Figures(TResult result) => null;

    /// <summary>Compares a rung's answer with the reference's, allowing <paramref name="tolerance"/>.</summary>
    public abstract Verification Verify(TResult reference, TResult candidate, double tolerance);

    /// <summary>
    /// How <paramref name="rung"/>'s answers are judged. By default against the reference's answer through
    /// <see cref="Verify"/>; a ladder whose rungs can be checked exactly or statistically says so here, and the
    /// harness then runs no reference.
    /// </summary>
    public virtual Oracle<TProblem, TResult> OracleFor(Rung<TProblem, TResult> rung) => _againstReference ??= Oracle<TProblem, TResult>.AgainstReference(Verify);

    private Oracle<TProblem, TResult>? _againstReference;
}
