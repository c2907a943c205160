namespace HyperSharp.Search;

/// <summary>An index file that cannot be trusted: not an index, another version, truncated, or a checksum that does not match. The message is one line.</summary>
public sealed class IndexFormatException : Exception
{
    /// <summary>An index file error with a one-line <paramref name="message"/>.</summary>
    public IndexFormatException(string message) : base(message)
    {
    }

    /// <summary>An index file error with a one-line <paramref name="message"/> and its cause.</summary>
    public IndexFormatException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>An index file error with no message.</summary>
    public IndexFormatException() : base("the index file is damaged")
    {
    }
}
