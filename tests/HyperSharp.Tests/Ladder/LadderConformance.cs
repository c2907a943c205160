using System.Reflection;
using HyperSharp.Ladder;
using Xunit.Sdk;

namespace HyperSharp.Tests.Ladder;

/// <summary>One problem a conformance test runs: what it is (for messages), how to build it, and the context to run in.</summary>
public sealed record ConformanceCase<TProblem>(string What, Func<ValueTask<TProblem>> Build, RunContext? Context = null)
{
    public static ConformanceCase<TProblem> Of(string what, Func<TProblem> make, RunContext? context = null) =>
        new(what, () => new ValueTask<TProblem>(make()), context);
}

/// <summary>The rows a <see cref="ConformanceDataAttribute"/> asks the test class for.</summary>
public enum ConformanceRows
{
    /// <summary>The selected rungs' names (<c>HYPERSHARP_RUNG</c> narrows them to one).</summary>
    Rungs,
    /// <summary>Index and text of each bad spec the class declares.</summary>
    BadSpecs,
    /// <summary>The names of the spec's options (not the derived values).</summary>
    Options,
}

/// <summary>What the rows of an abstract base's theories are made from: the concrete test class knows its ladder.</summary>
public interface IConformanceData
{
    IEnumerable<object[]> Rows(ConformanceRows rows);
}

/// <summary>
/// Theory data asked of an instance of the concrete test class. A base class's theory cannot name a static member
/// of the class that derives from it (MemberData is static), so the rows come from the ladder the instance holds.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConformanceDataAttribute(ConformanceRows rows) : DataAttribute
{
    public ConformanceRows Rows { get; } = rows;

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        Type type = testMethod.ReflectedType ?? throw new ArgumentException("a test method has a class", nameof(testMethod));
        var source = (IConformanceData)(Activator.CreateInstance(type) ?? throw new InvalidOperationException($"cannot create {type}"));
        return source.Rows(Rows).ToArray();
    }
}

/// <summary>
/// What every ladder must do, tested once for all: each selected rung agrees with the ladder's oracle on the golden
/// case and on random problems, never changes its problem, repeats its answer; <see cref="Ladder{TSpec,TProblem,TResult}.Validate"/>
/// rejects bad specs in one line; a spec survives <c>Describe</c> → <c>Create</c>; every option's <c>Parse</c>
/// rejects garbage naming the option. A system's conformance class derives from it and supplies the cases.
/// </summary>
public abstract class LadderConformance<TSpec, TProblem, TResult> : IConformanceData
{
    protected abstract Ladder<TSpec, TProblem, TResult> Ladder { get; }

    /// <summary>The book's problem(s): every rung judged by the oracle on each.</summary>
    protected abstract IEnumerable<ConformanceCase<TProblem>> GoldenCases();

    /// <summary>Random problems with fixed seeds at awkward sizes, possibly fewer for a slow rung.</summary>
    protected abstract IEnumerable<ConformanceCase<TProblem>> RandomCases(Rung<TProblem, TResult> rung);

    /// <summary>A small problem for the checks that run a rung twice.</summary>
    protected abstract ConformanceCase<TProblem> SmallCase { get; }

    /// <summary>The problem's data in a form that changes whenever any of it does (a fingerprint of its arrays).</summary>
    protected abstract string Snapshot(TProblem problem);

    /// <summary>Specs <c>Validate</c> must reject, declared ranges and the ladder's own checks alike.</summary>
    protected abstract IEnumerable<TSpec> BadSpecs();

    /// <summary>Specs that must validate and round-trip; the declared default is always added.</summary>
    protected abstract IEnumerable<TSpec> ValidSpecs();

    /// <summary>Whether two specs are the same (records compare lists by reference, so a ladder may say better).</summary>
    protected virtual bool SameSpec(TSpec a, TSpec b) => EqualityComparer<TSpec>.Default.Equals(a, b);

    /// <summary>Whether two runs of <paramref name="rung"/> must give the same fingerprint; otherwise each must pass the oracle.</summary>
    protected virtual bool IsDeterministic(Rung<TProblem, TResult> rung) => true;

    /// <summary>Checks of an answer beyond the oracle's (its shape), asserted on every case.</summary>
    protected virtual void CheckAnswer(Rung<TProblem, TResult> rung, TProblem problem, TResult answer, string what)
    {
    }

    /// <summary>Where rungs and the reference run when a case names no context.</summary>
    protected virtual RunContext Context => RunContext.Default;

    /// <summary>A case built by the ladder from a spec, described by its arguments.</summary>
    protected ConformanceCase<TProblem> FromSpec(TSpec spec, RunContext? context = null) =>
        new(Text(spec), () => Ladder.BuildAsync(spec), context);

    public IEnumerable<object[]> Rows(ConformanceRows rows) => rows switch
    {
        // A rung that cannot run here (a server not installed) has its own test that skips, saying why.
        ConformanceRows.Rungs => Ladder.Selected.Where(r => r.Availability.IsAvailable).Select(r => new object[] { r.Name }),
        ConformanceRows.BadSpecs => BadSpecs().Select((s, i) => new object[] { i, Text(s) }),
        ConformanceRows.Options => Ladder.Spec.Options.Select(p => new object[] { p.Name }),
        _ => throw new ArgumentOutOfRangeException(nameof(rows)),
    };

    [Theory]
    [ConformanceData(ConformanceRows.Rungs)]
    public async Task Rung_GoldenCases_AgreeWithTheOracle(string rung)
    {
        foreach (ConformanceCase<TProblem> c in GoldenCases())
            await AssertAgreesAsync(Ladder.Find(rung), c);
    }

    [Theory]
    [ConformanceData(ConformanceRows.Rungs)]
    public async Task Rung_RandomCases_AgreeWithTheOracle(string rung)
    {
        Rung<TProblem, TResult> r = Ladder.Find(rung);
        int cases = 0;
        foreach (ConformanceCase<TProblem> c in RandomCases(r))
        {
            await AssertAgreesAsync(r, c);
            cases++;
        }
        Assert.True(cases > 0, $"{rung}: no random cases");
    }

    /// <summary>The harness runs one problem instance many times: a rung that wrote into it would change the next run.</summary>
    [Theory]
    [ConformanceData(ConformanceRows.Rungs)]
    public async Task Rung_RunTwice_LeavesTheProblemUnchanged(string rung)
    {
        Rung<TProblem, TResult> r = Ladder.Find(rung);
        TProblem problem = await SmallCase.Build();
        try
        {
            string before = Snapshot(problem);
            await r.RunAsync(problem, SmallCase.Context ?? Context);
            await r.RunAsync(problem, SmallCase.Context ?? Context);
            Assert.True(before == Snapshot(problem), $"{rung} changed the problem ({SmallCase.What})");
        }
        finally
        {
            await DisposeAsync(problem);
        }
    }

    [Theory]
    [ConformanceData(ConformanceRows.Rungs)]
    public async Task Rung_RunTwice_GivesTheSameAnswer(string rung)
    {
        Rung<TProblem, TResult> r = Ladder.Find(rung);
        TProblem problem = await SmallCase.Build();
        try
        {
            RunContext context = SmallCase.Context ?? Context;
            // Digest each answer at once: a rung may lend its own buffers as the answer, and its next run reuses them.
            TResult first = await r.RunAsync(problem, context);
            string a = Digest(first);
            if (!IsDeterministic(r))
                AssertOracle(r, problem, first, await ExpectedAsync(r, problem), SmallCase.What + ", first run");
            TResult second = await r.RunAsync(problem, context);
            if (IsDeterministic(r))
                Assert.Equal(a, Digest(second));
            else
                AssertOracle(r, problem, second, await ExpectedAsync(r, problem), SmallCase.What + ", second run");
        }
        finally
        {
            await DisposeAsync(problem);
        }
    }

    [Theory]
    [ConformanceData(ConformanceRows.BadSpecs)]
    public void Validate_BadSpec_ThrowsOneLineSpecException(int index, string spec)
    {
        TSpec bad = BadSpecs().ElementAt(index);
        var ex = Assert.Throws<SpecException>(() => Ladder.Validate(bad));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message), spec);
        Assert.DoesNotContain('\n', ex.Message);
    }

    /// <summary>
    /// The spec rebuilt from the option values it describes is the same spec, and so is the spec parsed back from its
    /// arguments as a child process or a peer receives them. Valid specs must also pass <c>Validate</c>, or the
    /// bad-spec test would pass on a validator that rejects everything.
    /// </summary>
    [Fact]
    public void Describe_ValidSpecs_CreateAndParseRoundTrip()
    {
        SpecDeclaration<TSpec> declaration = Ladder.Spec;
        foreach (TSpec spec in ValidSpecs().Prepend(declaration.Default))
        {
            Ladder.Validate(spec);
            HashSet<string> options = declaration.Options.Select(p => p.Name).ToHashSet();
            Dictionary<string, SpecValue> described = Ladder.Describe(spec).Where(kv => options.Contains(kv.Key)).ToDictionary();
            Assert.Equal(options.Order(), described.Keys.Order());
            Assert.True(SameSpec(spec, declaration.Create(described)), $"{Text(spec)}: Create(Describe) differs");

            IReadOnlyList<string> arguments = declaration.Arguments(spec);
            var typed = new Dictionary<string, string>();
            for (int i = 0; i < arguments.Count; i += 2)
                typed[declaration.Options.Single(p => p.Option == arguments[i]).Name] = arguments[i + 1];
            Assert.True(SameSpec(spec, declaration.Parse(typed)), $"{Text(spec)}: Parse(Arguments) differs");
        }
    }

    [Theory]
    [ConformanceData(ConformanceRows.Options)]
    public void Parse_Garbage_ThrowsOneLineMessageNamingTheParameter(string parameter)
    {
        SpecParameter p = Ladder.Spec.Find(parameter);
        foreach (string garbage in Garbage(p))
        {
            var ex = Assert.Throws<SpecException>(() => p.Parse(garbage));
            Assert.DoesNotContain('\n', ex.Message);
            Assert.True(ex.Message.Contains(p.Name, StringComparison.Ordinal), $"'{garbage}': \"{ex.Message}\" does not name {p.Name}");
        }
    }

    /// <summary>Text no parameter of its kind may accept: words, empty, and numbers just outside the declared range.</summary>
    internal static IEnumerable<string> Garbage(SpecParameter p)
    {
        string[] common = ["", "   ", "garbage", "1x", "--"];
        IEnumerable<string> own = p.Kind switch
        {
            ParameterKind.Integer =>
            [
                "1.5", "1e20", "0x10", "99999999999999999999999999",
                (new System.Numerics.BigInteger(p.Min) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                (new System.Numerics.BigInteger(Math.Min(p.Max, long.MaxValue)) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ],
            ParameterKind.Real => new[] { "NaN", "Infinity", "-Infinity", "1e400" }
                .Concat(p.Min > -double.MaxValue ? [(p.Min - Math.Max(1, Math.Abs(p.Min))).ToString("R", System.Globalization.CultureInfo.InvariantCulture)] : [])
                .Concat(p.Max < double.MaxValue ? [(p.Max + Math.Max(1, Math.Abs(p.Max))).ToString("R", System.Globalization.CultureInfo.InvariantCulture)] : []),
            ParameterKind.Choice => ["nope", p.Choices[0] + "x"],
            ParameterKind.WholeList => [",", "1,x", "-1", "18446744073709551616", "1.5"],
            _ => [],
        };
        return p.Kind is ParameterKind.Text or ParameterKind.Path ? ["", "   "] : common.Concat(own);
    }

    private async Task AssertAgreesAsync(Rung<TProblem, TResult> rung, ConformanceCase<TProblem> c)
    {
        TProblem problem = await c.Build();
        try
        {
            TResult answer = await rung.RunAsync(problem, c.Context ?? Context);
            CheckAnswer(rung, problem, answer, c.What);
            AssertOracle(rung, problem, answer, await ExpectedAsync(rung, problem), c.What);
        }
        finally
        {
            await DisposeAsync(problem);
        }
    }

    /// <summary>The reference's answer when the rung's oracle compares with it; nothing otherwise (exact and statistical oracles need none).</summary>
    private async Task<TResult?> ExpectedAsync(Rung<TProblem, TResult> rung, TProblem problem) =>
        Ladder.OracleFor(rung).NeedsReference ? await Ladder.Reference.RunAsync(problem, Context) : default;

    private void AssertOracle(Rung<TProblem, TResult> rung, TProblem problem, TResult answer, TResult? expected, string what)
    {
        Oracle<TProblem, TResult> oracle = Ladder.OracleFor(rung);
        Verification v = oracle.Check(problem, answer, expected, rung.Tolerance);
        Assert.True(v.Passed, $"{rung.Name}, {what}: {v.Measure} = {v.Error:G3} > {v.Tolerance:G3} ({oracle.Method})");
    }

    private string Digest(TResult result) =>
        Ladder.Fingerprint(result)?.Hex ?? Ladder.Checksum(result).ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The spec as arguments, cut short for a test's name (a million numbers would make a 2 MB name).</summary>
    private string Text(TSpec spec)
    {
        string text = string.Join(' ', Ladder.Spec.Arguments(spec));
        return text.Length <= 100 ? text : text[..100] + "…";
    }

    private static async ValueTask DisposeAsync(TProblem problem)
    {
        switch (problem)
        {
            case IAsyncDisposable a:
                await a.DisposeAsync();
                break;
            case IDisposable d:
                d.Dispose();
                break;
        }
    }
}
