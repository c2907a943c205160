using System.Globalization;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Search;

/// <summary>
/// A synthetic corpus (one document per line, words drawn from a Zipf law over a vocabulary) and a query set drawn
/// with a fixed seed: AND, OR, phrase and mixed queries in turn, their words drawn from the same law so common words
/// appear as in real queries (phrases are two adjacent words of a random document, so they match).
/// </summary>
/// <param name="Docs">Documents.</param>
/// <param name="Words">Words per document, "MIN-MAX" (uniform).</param>
/// <param name="Vocabulary">Distinct words the law draws from.</param>
/// <param name="Zipf">The law's exponent s: word of rank r drawn with weight 1/r^s.</param>
/// <param name="Seed">Seed of the corpus and of the queries.</param>
/// <param name="Queries">Queries in the set.</param>
/// <param name="Top">Hits ranked per query (BM25 top-k).</param>
public sealed record SearchSpec(int Docs, string Words, int Vocabulary, double Zipf, long Seed, int Queries, int Top)
{
    public const string DefaultWords = "10-50";

    /// <summary>The fewest and most words of a document, parsed from <see cref="Words"/> (a one-line error when malformed).</summary>
    public (int Min, int Max) WordRange
    {
        get
        {
            string[] parts = Words.Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int min) &&
                int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int max) && min <= max && max <= 100_000)
                return (min, max);
            if (parts.Length == 1 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n <= 100_000)
                return (n, n);
            throw new SpecException($"--words takes MIN-MAX, whole numbers with MIN <= MAX <= 100000 (got '{Words}')");
        }
    }

    /// <summary>The corpus alone (the defaults of <c>hyper index corpus</c>).</summary>
    public static SearchSpec Corpus(int docs) => new(docs, DefaultWords, 50_000, 1.1, 1, 1000, 10);
}
