namespace HyperSharp.Ladder;

/// <summary>
/// How a ladder judges a rung's answer: against the reference's answer, against an exact answer it computes itself,
/// or statistically. Only the first needs a reference run; the harness runs none for the others.
/// </summary>
public sealed class Oracle<TProblem, TResult>
{
    private readonly Func<TProblem, TResult, TResult?, double, Verification> _check;

    private Oracle(OracleMethod method, bool shrinks, Func<TProblem, TResult, TResult?, double, Verification> check)
    {
        Method = method;
        Shrinks = shrinks;
        _check = check;
    }

    /// <summary>How it judges: against the reference, exactly or statistically.</summary>
    public OracleMethod Method { get; }

    /// <summary>Whether it needs the reference rung's answer on the same problem.</summary>
    public bool NeedsReference => Method == OracleMethod.Reference;

    /// <summary>Whether checking costs about as much as solving, so that large specs are checked on a smaller one.</summary>
    public bool Shrinks { get; }

    /// <summary>Judges <paramref name="candidate"/>; <paramref name="reference"/> is the reference's answer when <see cref="NeedsReference"/>.</summary>
    public Verification Check(TProblem problem, TResult candidate, TResult? reference, double tolerance)
    {
        if (NeedsReference && reference is null)
            throw new ArgumentNullException(nameof(reference), "This oracle compares with the reference's answer.");
        return _check(problem, candidate, reference, tolerance) with { Method = Method };
    }

    /// <summary>Compares with the reference's answer (the reference runs on the same, or a smaller, spec).</summary>
    public static Oracle<TProblem, TResult> AgainstReference(Func<TResult, TResult, double, Verification> compare) =>
        new(OracleMethod.Reference, shrinks: true, (_, candidate, reference, tolerance) => compare(reference!, candidate, tolerance));

    /// <summary>Compares with an exact answer computed from the problem; <paramref name="costly"/> when that costs about a run.</summary>
    public static Oracle<TProblem, TResult> Exact(Func<TProblem, TResult, double, Verification> check, bool costly) =>
        new(OracleMethod.Exact, costly, (problem, candidate, _, tolerance) => check(problem, candidate, tolerance));

    /// <summary>Judges the answer alone, statistically; free, so never on a smaller spec.</summary>
    public static Oracle<TProblem, TResult> Statistical(Func<TProblem, TResult, double, Verification> check) =>
        new(OracleMethod.Statistical, shrinks: false, (problem, candidate, _, tolerance) => check(problem, candidate, tolerance));
}
