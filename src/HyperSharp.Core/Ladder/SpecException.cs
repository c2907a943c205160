namespace HyperSharp.Ladder;

/// <summary>
/// A problem spec or option the user gave is invalid. The message is one line, fit to print as it is.
/// </summary>
public sealed class SpecException(string message) : Exception(message);
