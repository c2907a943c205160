using System.CommandLine;
using HyperSharp.Ladder;

namespace HyperSharp.Cli.Commands;

/// <summary>
/// The command-line options of a spec, made from its declaration: one option per parameter (text parsed by the
/// parameter itself, so a bad value is one line that says what is allowed), and the spec bound from a parse.
/// </summary>
internal sealed class SpecOptions<TSpec>
{
    private readonly SpecDeclaration<TSpec> _spec;
    private readonly List<(SpecParameter Parameter, Option<string> Option, SpecValue? Default)> _options = [];

    /// <param name="only">The parameters to offer (default: every option); the others take their defaults.</param>
    /// <param name="defaults">Other defaults for this command (a smaller grid for an animation).</param>
    public SpecOptions(SpecDeclaration<TSpec> spec, IEnumerable<string>? only = null, IReadOnlyDictionary<string, SpecValue>? defaults = null)
    {
        _spec = spec;
        IEnumerable<SpecParameter> parameters = only is null ? spec.Options : only.Select(spec.Find);
        foreach (SpecParameter p in parameters)
        {
            SpecValue? d = defaults?.TryGetValue(p.Name, out SpecValue v) == true ? v : p.Default;
            string help = d == p.Default ? p.Describe() : p.Describe().Replace($"[default: {p.Default}]", $"[default: {d}]", StringComparison.Ordinal);
            _options.Add((p, new Option<string>(p.Option) { Description = help }, d));
        }
    }

    public IEnumerable<Option> Options => _options.Select(o => o.Option);

    /// <summary>The spec from what was given, each value parsed and range-checked by its parameter.</summary>
    public TSpec Bind(ParseResult parse)
    {
        var values = new Dictionary<string, SpecValue>();
        foreach ((SpecParameter p, Option<string> option, SpecValue? d) in _options)
        {
            if (parse.GetResult(option) is not null && parse.GetValue(option) is { } text)
                values[p.Name] = p.Parse(text);
            else if (d is { } value)
                values[p.Name] = value;
        }
        return _spec.Create(values);
    }
}
