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

    protected Ladder(IEnumerable<Rung<TProblem, TResult>> rungs)
    {
        _rungs = rungs.ToArray();
        if (_rungs.Length == 0 || _rungs[0].Kind != RungKind.Reference)
            throw new ArgumentException("A ladder starts with its reference rung.", nameof(rungs));
        var duplicate = _rungs.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new ArgumentException($"Two rungs are named '{duplicate.Key}'.", nameof(rungs));
    }

    public abstract string Name { get; }
    public abstract string Title { get; }
    public abstract string Unit { get; }

    public IReadOnlyList<Rung<TProblem, TResult>> Rungs => _rungs;
    IReadOnlyList<IRung> ILadder.Rungs => _rungs;

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

    /// <summary>Throws <see cref="SpecException"/> when the spec cannot be run (bad numbers, too big for memory).</summary>
    public abstract void Validate(TSpec spec);

    /// <summary>The problem every rung receives. Deterministic in the spec.</summary>
    public abstract TProblem Build(TSpec spec);

    /// <summary>Units of work in the spec, so that throughput = work / seconds.</summary>
    public abstract double Work(TSpec spec);

    /// <summary>The spec's parameters, for reports and JSON.</summary>
    public abstract IReadOnlyList<KeyValuePair<string, double>> Describe(TSpec spec);

    /// <summary>
    /// A spec of at most <paramref name="maxWork"/> units that still exercises the same code paths, for verifying
    /// against a reference that would take too long on the full spec. Returns the spec itself when small enough.
    /// </summary>
    public abstract TSpec ShrinkTo(TSpec spec, double maxWork);

    /// <summary>A number that depends on the whole answer, so that two runs can be compared at a glance.</summary>
    public abstract double Checksum(TResult result);

    /// <summary>Compares a rung's answer with the reference's, allowing <paramref name="tolerance"/>.</summary>
    public abstract Verification Verify(TResult reference, TResult candidate, double tolerance);
}
