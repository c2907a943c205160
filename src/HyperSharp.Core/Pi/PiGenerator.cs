namespace HyperSharp.Pi;

/// <summary>Which random numbers a rung draws, and so how its hits can be checked.</summary>
public enum PiGenerator
{
    /// <summary><c>System.Random(seed)</c>, one pair per sample in order: hits are checked statistically.</summary>
    SystemRandom,

    /// <summary><see cref="PiStream"/>: every rung that draws it must find exactly the same hits.</summary>
    CounterStream,
}

/// <summary>
/// Marks a rung that draws its points from <c>System.Random</c>: its answer can only be judged statistically.
/// </summary>
public interface IDrawsSystemRandom;
