namespace HyperSharp.Cluster.WordCount;

/// <summary>A word count over synthetic Zipf text (<see cref="ZipfText"/>) that the harness writes to a temporary file.</summary>
/// <param name="Bytes">Bytes of text (whole lines, at least this many).</param>
/// <param name="Vocabulary">Distinct words the law draws from.</param>
/// <param name="Zipf">The law's exponent s: the word of rank r is drawn with weight 1/r^s.</param>
/// <param name="Seed">Seed of the text.</param>
public sealed record WordCountSpec(long Bytes, int Vocabulary, double Zipf, long Seed)
{
    /// <summary>The defaults of <c>hyper wordcount corpus</c>.</summary>
    public const int DefaultVocabulary = 100_000;

    /// <summary>The law's default exponent.</summary>
    public const double DefaultZipf = 1.1;

    /// <summary>The default seed.</summary>
    public const long DefaultSeed = 1;
}
