namespace HyperSharp.Search;

/// <summary>
/// Okapi BM25 as Lucene computes it: idf = ln(1 + (N − df + 0.5)/(df + 0.5)), and a term's score in a document
/// idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)), dl the document's length in tokens and avgdl the
/// mean. A document's score is the sum over the query's matching clauses; a phrase counts as one term whose tf is
/// the number of places the phrase occurs and whose idf is the sum of its terms' idfs (as Lucene's PhraseQuery).
/// </summary>
public static class Bm25
{
    /// <summary>Term-frequency saturation.</summary>
    public const double K1 = 1.2;

    /// <summary>Length normalisation.</summary>
    public const double B = 0.75;

    /// <summary>The inverse document frequency of a term in <paramref name="documentFrequency"/> of <paramref name="documents"/> documents.</summary>
    public static double Idf(long documents, long documentFrequency) =>
        Math.Log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));

    /// <summary>One term's contribution: <paramref name="idf"/> weighted by its frequency in a document of <paramref name="length"/> tokens.</summary>
    public static double Score(double idf, double termFrequency, double length, double averageLength) =>
        idf * termFrequency * (K1 + 1) / (termFrequency + K1 * (1 - B + B * length / averageLength));

    /// <summary>tf / (tf + k1 · (1 − b + b · dl / avgdl)): a score is idf · (k1 + 1) times this, which grows with tf and shrinks with dl.</summary>
    internal static double Saturation(double termFrequency, double length, double averageLength) =>
        termFrequency / (termFrequency + K1 * (1 - B + B * length / averageLength));

    /// <summary>The float at or above <paramref name="x"/> (the index stores bounds as floats; a bound may only grow).</summary>
    internal static float RoundUp(double x)
    {
        float f = (float)x;
        return f < x ? MathF.BitIncrement(f) : f;
    }

    /// <summary>
    /// Relative slack added to every score bound: the bounds are computed with other roundings than the scores (and
    /// summed in other orders), so a bound is widened by far more than those roundings can move a score.
    /// </summary>
    internal const double BoundSlack = 1e-7;

    /// <summary>An upper bound of every score of a term (or phrase) with <paramref name="idf"/> whose saturation is at most <paramref name="saturation"/>.</summary>
    internal static double Bound(double idf, double saturation) => idf * (K1 + 1) * saturation * (1 + BoundSlack);
}
