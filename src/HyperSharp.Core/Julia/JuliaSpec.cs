namespace HyperSharp.Julia;

/// <summary>
/// What the user asks for: the book's grid for <paramref name="Width"/> (see <see cref="JuliaProblem.BookGrid"/>)
/// and at most <paramref name="MaxIter"/> iterations of z = z² + c per point.
/// </summary>
public sealed record JuliaSpec(int Width, int MaxIter)
{
    /// <summary>The book's test and benchmark: width 1000, 300 iterations.</summary>
    public static JuliaSpec BookBenchmark { get; } = new(1000, 300);

    /// <summary>The book's answer for <see cref="BookBenchmark"/>: the sum of all iteration counts.</summary>
    public const long BookChecksum = 33_219_980;
}
