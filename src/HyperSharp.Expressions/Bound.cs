namespace HyperSharp.Expressions;

/// <summary>A node of the type-checked tree: names resolved to array and constant slots.</summary>
internal abstract record Bound;

/// <summary>Element i of array <see cref="Index"/> (in <see cref="ArrayExpression.Arrays"/> order).</summary>
internal sealed record BoundArray(int Index) : Bound;

/// <summary>Constant slot <see cref="Index"/>: the named scalars first, then the literals.</summary>
internal sealed record BoundConstant(int Index) : Bound;

/// <summary>An operation on its operands; a comparison's value is a mask, which only where's first operand takes.</summary>
internal sealed record BoundOperation(Operator Operator, Bound[] Operands) : Bound;

/// <summary>
/// The type checker: two types, number and truth value (a comparison's). Arithmetic and functions take numbers, where
/// takes a truth value and two numbers, and the expression must be a number; each fault names its column.
/// </summary>
internal sealed class Binder
{
    private readonly Dictionary<string, int> _arrays;
    private readonly Dictionary<string, int> _scalars;
    private readonly List<double> _literals = [];

    private Binder(Dictionary<string, int> arrays, Dictionary<string, int> scalars) => (_arrays, _scalars) = (arrays, scalars);

    public static (Bound Tree, double[] Literals, int Operations) Bind(Syntax tree, IReadOnlyList<string> arrays, IReadOnlyList<string> scalars)
    {
        var binder = new Binder(
            arrays.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal),
            scalars.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal));
        (Bound bound, bool truth) = binder.Visit(tree);
        if (truth)
            throw new ExpressionException(tree.Column, "the expression is a comparison, not a number: write where(…, 1, 0)");
        return (bound, [.. binder._literals], Count(tree));
    }

    private static int Count(Syntax node) => node is OperationSyntax op ? 1 + op.Operands.Sum(Count) : 0;

    private (Bound Node, bool Truth) Visit(Syntax node)
    {
        switch (node)
        {
            case NumberSyntax n:
                _literals.Add(n.Value);
                return (new BoundConstant(_scalars.Count + _literals.Count - 1), false);
            case NameSyntax name:
                return (_scalars.TryGetValue(name.Name, out int s) ? new BoundConstant(s) : new BoundArray(_arrays[name.Name]), false);
            case OperationSyntax op:
                var operands = new Bound[op.Operands.Length];
                for (int k = 0; k < operands.Length; k++)
                {
                    (Bound operand, bool truth) = Visit(op.Operands[k]);
                    bool wantTruth = op.Operator == Operator.Where && k == 0;
                    if (truth && !wantTruth)
                        throw new ExpressionException(op.Operands[k].Column, "a comparison is true or false, not a number: use it as where's first argument");
                    if (!truth && wantTruth)
                        throw new ExpressionException(op.Operands[k].Column, "where's first argument must be a comparison (where(x > 0, a, b))");
                    operands[k] = operand;
                }
                return (new BoundOperation(op.Operator, operands), op.IsComparison);
            default:
                throw new InvalidOperationException(node.GetType().Name);
        }
    }

    /// <summary>Every name of the tree with the column it first appears at, in text order.</summary>
    public static IEnumerable<NameSyntax> Names(Syntax node) => node switch
    {
        NameSyntax n => [n],
        OperationSyntax op => op.Operands.SelectMany(Names),
        _ => [],
    };
}
