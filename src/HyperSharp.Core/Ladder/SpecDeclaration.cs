using System.Globalization;
using System.Numerics;

namespace HyperSharp.Ladder;

/// <summary>What kind of value a spec parameter takes.</summary>
public enum ParameterKind
{
    /// <summary>A whole number within [Min, Max].</summary>
    Integer,
    /// <summary>A finite real number within [Min, Max].</summary>
    Real,
    /// <summary>One of a fixed set of words.</summary>
    Choice,
    /// <summary>Free text.</summary>
    Text,
    /// <summary>A file or folder path.</summary>
    Path,
    /// <summary>Whole numbers from 0 to 2⁶⁴ − 1, separated by commas.</summary>
    WholeList,
}

/// <summary>The values a bench sweeps a size parameter over, and the option that names them.</summary>
/// <param name="Option">The plural option of <c>hyper bench</c> (<c>counts</c> for <c>count</c>).</param>
/// <param name="Bench">The values <c>hyper bench</c> uses when none are given.</param>
/// <param name="Report">The values <c>hyper report</c> uses: chosen to finish in minutes on 2 cores.</param>
public sealed record SweepAxis(string Option, IReadOnlyList<SpecValue> Bench, IReadOnlyList<SpecValue> Report);

/// <summary>
/// One parameter of a spec, declared once: the command-line options of <c>hyper run</c> and <c>hyper bench</c>, the
/// checks of a value and their one-line messages, the spec's description in results, the arguments passed to child
/// processes and peers, and the help text all come from it.
/// </summary>
public sealed class SpecParameter
{
    internal SpecParameter(string name, ParameterKind kind, string help, SpecValue? @default, double min, double max,
        IReadOnlyList<string>? choices, SweepAxis? axis, bool derived, string? sweep)
    {
        Name = name;
        Kind = kind;
        Help = help;
        Default = @default;
        Min = min;
        Max = max;
        Choices = choices ?? [];
        Axis = axis;
        IsDerived = derived;
        SweepOption = sweep;
    }

    /// <summary>Its name in results, and its option (<c>--NAME</c>).</summary>
    public string Name { get; }
    /// <summary>What kind of value it takes.</summary>
    public ParameterKind Kind { get; }
    /// <summary>One line for <c>--help</c>, without the range or default.</summary>
    public string Help { get; }
    /// <summary>The value when none is given; null when it must be given.</summary>
    public SpecValue? Default { get; }
    /// <summary>Smallest allowed value (inclusive) of a number; 0 for text.</summary>
    public double Min { get; }
    /// <summary>Largest allowed value (inclusive) of a number; 0 for text.</summary>
    public double Max { get; }
    /// <summary>The allowed words of a <see cref="ParameterKind.Choice"/>; empty otherwise.</summary>
    public IReadOnlyList<string> Choices { get; }
    /// <summary>Set when the bench sweeps it as a size (a separate axis of the table).</summary>
    public SweepAxis? Axis { get; }
    /// <summary>Computed from the others (steps from time): shown in results, never an option.</summary>
    public bool IsDerived { get; }
    /// <summary>
    /// The option of <c>hyper bench</c> that takes a list of values for it, set when some rungs' speed depends on it
    /// (<see cref="IRung.Sweeps"/>): every rung runs at the first value, those rungs at every further one too.
    /// </summary>
    public string? SweepOption { get; }

    /// <summary>Its option: <c>--</c> and the name, with '-' for '_' (<c>check_every</c> → <c>--check-every</c>).</summary>
    public string Option => "--" + Name.Replace('_', '-');

    /// <summary>Help text with the allowed values and, unless <paramref name="withDefault"/> is false, the default, for <c>--help</c>.</summary>
    public string Describe(bool withDefault = true)
    {
        string range = Kind switch
        {
            ParameterKind.Integer => $" ({Whole(Min)}…{Whole(Max)})",
            ParameterKind.Real => $" ({Real(Min)}…{Real(Max)})",
            ParameterKind.Choice => $" ({string.Join(", ", Choices)})",
            _ => "",
        };
        return $"{Help}{range}{(withDefault && Default is { } d ? $" [default: {d}]" : "")}";
    }

    /// <summary>Parses a value as the user typed it; a one-line <see cref="SpecException"/> that says what is allowed.</summary>
    public SpecValue Parse(string text)
    {
        string t = text.Trim();
        switch (Kind)
        {
            case ParameterKind.Integer:
                if (!BigInteger.TryParse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger whole)
                    || whole < new BigInteger(Min) || whole > new BigInteger(Max))
                    throw Expected(text);
                return (double)whole;
            case ParameterKind.Real:
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) || !double.IsFinite(real))
                    throw Expected(text);
                return Check(real);
            case ParameterKind.Choice:
                return Choices.FirstOrDefault(c => string.Equals(c, t, StringComparison.OrdinalIgnoreCase)) is { } choice
                    ? choice
                    : throw Expected(text);
            case ParameterKind.WholeList:
                string[] items = t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (items.Length == 0)
                    throw Expected(text);
                try
                {
                    return string.Join(',', items.Select(i => ParseWhole(i).ToString(CultureInfo.InvariantCulture)));
                }
                catch (SpecException e)
                {
                    // ParseWhole speaks of one number; say which parameter it belongs to.
                    throw new SpecException($"{Name} takes {Takes}: {e.Message}");
                }
            default:
                return t.Length > 0 ? t : throw Expected(text);
        }
    }

    /// <summary>Checks a value the program made (not typed): the same range rules as <see cref="Parse"/>.</summary>
    public SpecValue Check(SpecValue value)
    {
        switch (Kind)
        {
            case ParameterKind.Integer when !value.IsNumber || value.Number != Math.Floor(value.Number) || value.Number < Min || value.Number > Max:
            case ParameterKind.Real when !value.IsNumber || !double.IsFinite(value.Number) || value.Number < Min || value.Number > Max:
            case ParameterKind.Choice when !Choices.Contains(value.ToString()):
                throw Expected(value.ToString());
            default:
                return value;
        }
    }

    /// <summary>A whole number from 0 to 2⁶⁴ − 1, or a one-line error saying why not.</summary>
    public static ulong ParseWhole(string text)
    {
        string t = text.Trim().Replace("_", "", StringComparison.Ordinal);
        if (!BigInteger.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out BigInteger value))
            throw new SpecException($"'{text}' is not a whole number");
        if (value.Sign < 0)
            throw new SpecException($"{text} is negative: give whole numbers from 0 to 2^64 - 1");
        if (value > ulong.MaxValue)
            throw new SpecException($"{text} is larger than 2^64 - 1 = {ulong.MaxValue}, the largest number allowed");
        return (ulong)value;
    }

    /// <summary>What the parameter takes, in the user's words: the one phrase every message about a bad value uses.</summary>
    private string Takes => Kind switch
    {
        ParameterKind.Integer => $"a whole number from {Whole(Min)} to {Whole(Max)}",
        ParameterKind.Real => $"a finite number from {Real(Min)} to {Real(Max)}",
        ParameterKind.Choice => $"one of {string.Join(", ", Choices)}",
        ParameterKind.WholeList => "whole numbers from 0 to 2^64 - 1 separated by commas",
        ParameterKind.Path => "a path",
        _ => "some text",
    };

    private SpecException Expected(string got) => new($"{Name} takes {Takes} (got '{got}')");

    private static string Whole(double v) => v switch
    {
        >= long.MaxValue => "2^63 - 1",
        _ => ((long)v).ToString(CultureInfo.InvariantCulture),
    };

    private static string Real(double v) => v == double.MaxValue ? "any size" : v.ToString("G6", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() => Name;
}

/// <summary>
/// The parameters of a spec, declared once, and the two functions between a spec and its values. Build one with the
/// fluent methods, in the order the options should appear:
/// <code>
/// new SpecDeclaration&lt;PiSpec&gt;(v => new PiSpec(v.Long("samples"), v.Long("seed")))
///     .Integer("samples", "Points to draw.", s => s.Samples, 1_000_000, 1, PiLadder.MaxSamples, axis: …)
///     .Integer("seed", "Seed of the stream.", s => s.Seed, 42, 0, int.MaxValue);
/// </code>
/// </summary>
public sealed class SpecDeclaration<TSpec>(Func<SpecValues, TSpec> create)
{
    private readonly List<(SpecParameter Parameter, Func<TSpec, SpecValue> Get)> _parameters = [];

    /// <summary>Every parameter, options first in declaration order, then the derived ones.</summary>
    public IReadOnlyList<SpecParameter> Parameters => _parameters.Select(p => p.Parameter).OrderBy(p => p.IsDerived).ToArray();

    /// <summary>The parameters the user can set (not derived).</summary>
    public IEnumerable<SpecParameter> Options => Parameters.Where(p => !p.IsDerived);

    /// <summary>The size axes the bench sweeps, in declaration order.</summary>
    public IEnumerable<SpecParameter> Axes => Parameters.Where(p => p.Axis is not null);

    /// <summary>Declares a whole-number parameter in [<paramref name="min"/>, <paramref name="max"/>]; null <paramref name="default"/> makes it required. <paramref name="axis"/> makes it a bench size axis, <paramref name="sweep"/> a swept option. Returns this declaration.</summary>
    public SpecDeclaration<TSpec> Integer(string name, string help, Func<TSpec, long> get, long? @default, long min, long max,
        SweepAxis? axis = null, string? sweep = null) =>
        Add(new SpecParameter(name, ParameterKind.Integer, help, @default is { } d ? d : null, min, max, null, axis, false, sweep), s => get(s));

    /// <summary>Declares a real parameter in [<paramref name="min"/>, <paramref name="max"/>]; null <paramref name="default"/> makes it required. Returns this declaration.</summary>
    public SpecDeclaration<TSpec> Real(string name, string help, Func<TSpec, double> get, double? @default, double min, double max,
        SweepAxis? axis = null) =>
        Add(new SpecParameter(name, ParameterKind.Real, help, @default is { } d ? d : null, min, max, null, axis, false, null), s => get(s));

    /// <summary>Declares a parameter that takes one of <paramref name="choices"/> (case-insensitive). Returns this declaration.</summary>
    public SpecDeclaration<TSpec> Choice(string name, string help, Func<TSpec, string> get, string @default, IReadOnlyList<string> choices) =>
        Add(new SpecParameter(name, ParameterKind.Choice, help, @default, 0, 0, choices, null, false, null), s => get(s));

    /// <summary>Declares a text parameter (<paramref name="kind"/>: text, path or whole-number list); null <paramref name="default"/> makes it required. Returns this declaration.</summary>
    public SpecDeclaration<TSpec> Text(string name, string help, Func<TSpec, string> get, string? @default, ParameterKind kind = ParameterKind.Text,
        SweepAxis? axis = null) =>
        Add(new SpecParameter(name, kind, help, @default is null ? (SpecValue?)null : SpecValue.Of(@default), 0, 0, null, axis, false, null), s => get(s));

    /// <summary>A value computed from the others, reported in results (steps from time, cells from size).</summary>
    public SpecDeclaration<TSpec> Derived(string name, Func<TSpec, SpecValue> get) =>
        Add(new SpecParameter(name, ParameterKind.Real, "", null, 0, 0, null, null, true, null), get);

    /// <summary>
    /// The value <c>hyper report</c> uses for a parameter that is not an axis (fewer steps, say), so that the report
    /// finishes in minutes on 2 cores.
    /// </summary>
    public SpecDeclaration<TSpec> ForReport(string name, SpecValue value)
    {
        _report[Find(name).Name] = value;
        return this;
    }

    /// <summary>The values <see cref="ForReport"/> set.</summary>
    public IReadOnlyDictionary<string, SpecValue> ReportValues => _report;

    /// <summary>
    /// The values <c>hyper report</c> sweeps a parameter with a sweep option over (as <c>hyper bench</c> does when the
    /// option is given several values): every rung at the first, the rungs the parameter matters to at the others.
    /// </summary>
    public SpecDeclaration<TSpec> SweepForReport(string name, params SpecValue[] values)
    {
        SpecParameter parameter = Find(name);
        if (parameter.SweepOption is null || values.Length == 0)
            throw new ArgumentException($"'{name}' has no sweep option, or no values were given.", nameof(name));
        _reportSweeps[parameter.Name] = values;
        return this;
    }

    /// <summary>The values <see cref="SweepForReport"/> set.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<SpecValue>> ReportSweeps => _reportSweeps;

    private readonly Dictionary<string, IReadOnlyList<SpecValue>> _reportSweeps = [];

    private readonly Dictionary<string, SpecValue> _report = [];

    private SpecDeclaration<TSpec> Add(SpecParameter parameter, Func<TSpec, SpecValue> get)
    {
        if (_parameters.Any(p => p.Parameter.Name == parameter.Name))
            throw new ArgumentException($"Two parameters are named '{parameter.Name}'.", nameof(parameter));
        _parameters.Add((parameter, get));
        return this;
    }

    /// <summary>The parameter named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No parameter has that name.</exception>
    public SpecParameter Find(string name) =>
        Parameters.FirstOrDefault(p => p.Name == name) ?? throw new ArgumentException($"unknown parameter '{name}'", nameof(name));

    /// <summary>The spec from values by name; parameters not given take their defaults. Values are range-checked.</summary>
    public TSpec Create(IReadOnlyDictionary<string, SpecValue> given)
    {
        var values = new Dictionary<string, SpecValue>();
        foreach (SpecParameter p in Options)
        {
            if (given.TryGetValue(p.Name, out SpecValue v))
                values[p.Name] = p.Check(v);
            else if (p.Default is { } d)
                values[p.Name] = d;
            else
                throw new SpecException($"{p.Option} is required");
        }
        return create(new SpecValues(values));
    }

    /// <summary>The spec from text values as typed (missing ones default).</summary>
    public TSpec Parse(IReadOnlyDictionary<string, string> given) =>
        Create(given.ToDictionary(kv => kv.Key, kv => Find(kv.Key).Parse(kv.Value)));

    /// <summary>The spec with defaults everywhere.</summary>
    public TSpec Default => Create(new Dictionary<string, SpecValue>());

    /// <summary>The options' values of a spec, by name.</summary>
    public Dictionary<string, SpecValue> Values(TSpec spec) =>
        _parameters.Where(p => !p.Parameter.IsDerived).ToDictionary(p => p.Parameter.Name, p => p.Get(spec));

    /// <summary>Every parameter's value (derived ones too), for results and reports.</summary>
    public IReadOnlyList<KeyValuePair<string, SpecValue>> Describe(TSpec spec) =>
        _parameters.Select(p => new KeyValuePair<string, SpecValue>(p.Parameter.Name, p.Get(spec))).ToArray();

    /// <summary>The same spec with one parameter changed (a bench sweep).</summary>
    public TSpec With(TSpec spec, string name, SpecValue value)
    {
        Dictionary<string, SpecValue> values = Values(spec);
        values[Find(name).Name] = value;
        return Create(values);
    }

    /// <summary>Checks every option's value of a spec built in code against its declared range.</summary>
    public void Check(TSpec spec)
    {
        foreach ((SpecParameter p, Func<TSpec, SpecValue> get) in _parameters)
        {
            if (!p.IsDerived)
                p.Check(get(spec));
        }
    }

    /// <summary>The spec as command-line arguments (<c>--count 1000 --time 0.1 …</c>), for child processes and peers.</summary>
    public IReadOnlyList<string> Arguments(TSpec spec) =>
        _parameters.Where(p => !p.Parameter.IsDerived)
            .SelectMany(p => new[] { p.Parameter.Option, p.Get(spec).ToString() }).ToArray();
}

/// <summary>Parsed, checked values by parameter name, for a spec's constructor.</summary>
public sealed class SpecValues(IReadOnlyDictionary<string, SpecValue> values)
{
    /// <summary>The value of parameter <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The spec has no such parameter.</exception>
    public SpecValue this[string name] => values.TryGetValue(name, out SpecValue v) ? v : throw new KeyNotFoundException(name);

    /// <summary>The value of <paramref name="name"/> as a whole number.</summary>
    public long Long(string name) => (long)this[name].Number;
    /// <summary>The value of <paramref name="name"/> as an <see cref="int"/> (checked: throws <see cref="OverflowException"/> when out of range).</summary>
    public int Int(string name) => checked((int)this[name].Number);
    /// <summary>The value of <paramref name="name"/> as a real number.</summary>
    public double Real(string name) => this[name].Number;
    /// <summary>The value of <paramref name="name"/> as text (numbers as typed on a command line).</summary>
    public string Text(string name) => this[name].ToString();
}
