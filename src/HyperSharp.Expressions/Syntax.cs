using System.Globalization;

namespace HyperSharp.Expressions;

/// <summary>What a node of the syntax tree does: an operator or one of the functions.</summary>
internal enum Operator
{
    Negate, Add, Subtract, Multiply, Divide,
    Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual,
    Where, Sqrt, Exp, Log, Abs, Min, Max, Pow,
}

/// <summary>A node of the syntax tree, with the 1-based column it starts at (for error messages).</summary>
internal abstract record Syntax(int Column);

/// <summary>A numeric literal.</summary>
internal sealed record NumberSyntax(double Value, int Column) : Syntax(Column);

/// <summary>A named array or scalar.</summary>
internal sealed record NameSyntax(string Name, int Column) : Syntax(Column);

/// <summary>An operator or function applied to its operands; <see cref="Syntax.Column"/> is the operator's.</summary>
internal sealed record OperationSyntax(Operator Operator, Syntax[] Operands, int Column) : Syntax(Column)
{
    public bool IsComparison => Operator is >= Operator.Less and <= Operator.NotEqual;
}

/// <summary>
/// Recursive descent over the grammar, loosest first: <c>comparison := sum [(&lt; &lt;= &gt; &gt;= == !=) sum]</c>,
/// <c>sum := product {(+ −) product}</c>, <c>product := unary {(* /) unary}</c>, <c>unary := (− +) unary | primary</c>,
/// <c>primary := number | name | name(args) | (comparison)</c>. Comparisons do not chain (<c>a &lt; b &lt; c</c> is an
/// error, not Python's <c>a &lt; b and b &lt; c</c> nor C's <c>(a &lt; b) &lt; c</c>).
/// </summary>
internal sealed class Parser
{
    private static readonly Dictionary<string, (Operator Op, int Arity)> s_functions = new(StringComparer.Ordinal)
    {
        ["where"] = (Operator.Where, 3), ["sqrt"] = (Operator.Sqrt, 1), ["exp"] = (Operator.Exp, 1),
        ["log"] = (Operator.Log, 1), ["abs"] = (Operator.Abs, 1), ["min"] = (Operator.Min, 2),
        ["max"] = (Operator.Max, 2), ["pow"] = (Operator.Pow, 2),
    };

    private readonly string _text;
    private int _at;

    private Parser(string text) => _text = text;

    /// <summary>The names that are functions, which no array or scalar may take.</summary>
    public static IEnumerable<string> Functions => s_functions.Keys;

    public static Syntax Parse(string text)
    {
        var parser = new Parser(text);
        parser.SkipSpace();
        if (parser._at == text.Length)
            throw new ExpressionException(1, "the expression is empty");
        Syntax tree = parser.Comparison();
        parser.SkipSpace();
        if (parser._at < text.Length)
            throw parser.Error($"unexpected '{text[parser._at]}' after a complete expression");
        return tree;
    }

    private int Column => _at + 1;

    private ExpressionException Error(string message) => new(Column, message);

    private void SkipSpace()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
            _at++;
    }

    /// <summary>Consumes <paramref name="token"/> (after spaces) if it is next; a one-character token is not the start of a longer one (<c>&lt;</c> of <c>&lt;=</c>).</summary>
    private bool Accept(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _at, token, 0, token.Length) != 0)
            return false;
        if (token.Length == 1 && token is "<" or ">" or "=" or "!" && _at + 1 < _text.Length && _text[_at + 1] == '=')
            return false;
        _at += token.Length;
        return true;
    }

    private Syntax Comparison()
    {
        Syntax left = Sum();
        SkipSpace();
        int column = Column;
        Operator? op = Accept("<=") ? Operator.LessOrEqual : Accept(">=") ? Operator.GreaterOrEqual : Accept("==") ? Operator.Equal
            : Accept("!=") ? Operator.NotEqual : Accept("<") ? Operator.Less : Accept(">") ? Operator.Greater : null;
        if (op is null)
        {
            if (_at < _text.Length && _text[_at] is '=' or '!')
                throw Error($"unknown operator '{_text[_at]}' (comparisons: < <= > >= == !=)");
            return left;
        }
        Syntax right = Sum();
        SkipSpace();
        if (_at < _text.Length && _text[_at] is '<' or '>' || Peek("==") || Peek("!="))
            throw Error("comparisons do not chain: write where(a < b, where(b < c, …), …)");
        return new OperationSyntax(op.Value, [left, right], column);
    }

    private bool Peek(string token) => string.CompareOrdinal(_text, _at, token, 0, token.Length) == 0;

    private Syntax Sum()
    {
        Syntax left = Product();
        while (true)
        {
            SkipSpace();
            int column = Column;
            if (Accept("+"))
                left = new OperationSyntax(Operator.Add, [left, Product()], column);
            else if (Accept("-"))
                left = new OperationSyntax(Operator.Subtract, [left, Product()], column);
            else
                return left;
        }
    }

    private Syntax Product()
    {
        Syntax left = Unary();
        while (true)
        {
            SkipSpace();
            int column = Column;
            if (Peek("**"))
                throw Error("no '**' operator: write pow(a, b)");
            if (Accept("*"))
                left = new OperationSyntax(Operator.Multiply, [left, Unary()], column);
            else if (Accept("/"))
                left = new OperationSyntax(Operator.Divide, [left, Unary()], column);
            else
                return left;
        }
    }

    private Syntax Unary()
    {
        SkipSpace();
        int column = Column;
        if (Accept("-"))
            return new OperationSyntax(Operator.Negate, [Unary()], column);
        if (Accept("+"))
            return Unary();
        return Primary();
    }

    private Syntax Primary()
    {
        SkipSpace();
        int column = Column;
        if (_at == _text.Length)
            throw Error("the expression ends where an operand was expected");
        char c = _text[_at];
        if (Accept("("))
        {
            Syntax inner = Comparison();
            if (!Accept(")"))
                throw Error(_at == _text.Length ? "missing ')'" : $"expected ')', found '{_text[_at]}'");
            return inner;
        }
        if (char.IsAsciiDigit(c) || c == '.')
            return Number(column);
        if (char.IsAsciiLetter(c) || c == '_')
        {
            int start = _at;
            while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] == '_'))
                _at++;
            string name = _text[start.._at];
            SkipSpace();
            if (_at < _text.Length && _text[_at] == '(')
                return Call(name, column);
            if (s_functions.ContainsKey(name))
                throw new ExpressionException(column, $"'{name}' is a function: write {name}(…)");
            return new NameSyntax(name, column);
        }
        throw Error($"expected a number, a name or '(', found '{c}'");
    }

    private Syntax Number(int column)
    {
        int start = _at;
        while (_at < _text.Length && (char.IsAsciiDigit(_text[_at]) || _text[_at] == '.'))
            _at++;
        if (_at < _text.Length && _text[_at] is 'e' or 'E')
        {
            int mark = _at++;
            if (_at < _text.Length && _text[_at] is '+' or '-')
                _at++;
            if (_at == _text.Length || !char.IsAsciiDigit(_text[_at]))
                throw new ExpressionException(mark + 1, "an exponent needs digits (1e-3)");
            while (_at < _text.Length && char.IsAsciiDigit(_text[_at]))
                _at++;
        }
        string literal = _text[start.._at];
        if (!double.TryParse(literal, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double value))
            throw new ExpressionException(column, $"'{literal}' is not a number");
        if (_at < _text.Length && (char.IsAsciiLetter(_text[_at]) || _text[_at] == '_'))
            throw Error($"a name cannot start right after the number '{literal}'");
        return new NumberSyntax(value, column);
    }

    private Syntax Call(string name, int column)
    {
        if (!s_functions.TryGetValue(name, out var function))
            throw new ExpressionException(column, $"unknown function '{name}' (functions: {string.Join(", ", s_functions.Keys)})");
        Accept("(");
        var arguments = new List<Syntax>();
        if (!Accept(")"))
        {
            do
                arguments.Add(Comparison());
            while (Accept(","));
            if (!Accept(")"))
                throw Error(_at == _text.Length ? $"missing ')' of {name}(" : $"expected ',' or ')' in {name}(…), found '{_text[_at]}'");
        }
        if (arguments.Count != function.Arity)
            throw new ExpressionException(column, $"{name} takes {function.Arity} argument{(function.Arity == 1 ? "" : "s")}, not {arguments.Count}");
        return new OperationSyntax(function.Op, [.. arguments], column);
    }
}
