namespace HyperSharp.Search;

/// <summary>A query that cannot be parsed (an empty query, an unterminated quote, a dangling OR). The message is one line.</summary>
public sealed class QueryException : Exception
{
    /// <summary>A query error with a one-line <paramref name="message"/>.</summary>
    public QueryException(string message) : base(message)
    {
    }

    /// <summary>A query error with a one-line <paramref name="message"/> and its cause.</summary>
    public QueryException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>A query error with no message.</summary>
    public QueryException() : base("the query cannot be parsed")
    {
    }
}
