using System.CommandLine;

namespace HyperSharp.Cli.Commands;

/// <summary>The options a user gave, as arguments again: what a command passes on to the child <c>hyper run</c> it starts.</summary>
internal static class ChildArgs
{
    public static IReadOnlyList<string> Forward(ParseResult p, IEnumerable<Option> options)
    {
        var args = new List<string>();
        foreach (Option o in options)
        {
            if (p.GetResult(o) is { Implicit: false } r)
                args.AddRange([o.Name, .. r.Tokens.Select(t => t.Value)]);
        }
        return args;
    }
}
