namespace HyperSharp.Expressions;

/// <summary>
/// An expression that does not parse or does not type-check, with the 1-based <see cref="Column"/> of the fault; the
/// message reads <c>column 7: expected ')', found ','</c>.
/// </summary>
public sealed class ExpressionException : FormatException
{
    /// <summary>An error at <paramref name="column"/>, described by <paramref name="message"/>.</summary>
    public ExpressionException(int column, string message) : base($"column {column}: {message}")
    {
        Column = column;
        Reason = message;
    }

    /// <summary>The 1-based column of the text where the fault is.</summary>
    public int Column { get; }

    /// <summary>What is wrong, without the column.</summary>
    public string Reason { get; }
}
