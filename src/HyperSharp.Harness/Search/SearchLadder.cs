using System.Buffers.Binary;
using System.Text;
using HyperSharp.IO;
using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>
/// Search (Lanaro ch. 2): an inverted index answering AND, OR, phrase and mixed queries instead of a linear scan,
/// ranked by BM25. Every rung gives every query's match count and its top hits (documents and scores), so the
/// fingerprint covers the hit lists and, for top-k, the ids and the scores to 1e-9.
/// </summary>
public sealed class SearchLadder() : Ladder<SearchSpec, SearchProblem, SearchAnswer>(
    [new SearchScan(), new SearchSets(), new SearchSorted(), new SearchSimd(), new SearchCompressed(), new SearchThreads()])
{
    /// <summary>Scores agree to this much (every rung sums in the query's order, so in practice they are equal).</summary>
    public const double ScoreTolerance = 1e-9;

    public override string Name => "search";
    public override string Title => "Search: an inverted index with BM25 top-k, boolean and phrase queries (Lanaro ch. 2)";
    public override string Unit => "queries/s";

    public override SpecDeclaration<SearchSpec> Spec { get; } =
        new SpecDeclaration<SearchSpec>(v => new SearchSpec(v.Int("docs"), v.Text("words"), v.Int("vocabulary"), v.Real("zipf"), v.Long("seed"), v.Int("queries"), v.Int("top")))
            .Integer("docs", "Documents in the synthetic corpus (one per line).", s => s.Docs, 20_000, 0, 10_000_000,
                axis: new SweepAxis("docs", [20_000, 200_000], Report: [10_000, 30_000]))
            .Text("words", "Words per document, MIN-MAX (uniform).", s => s.Words, SearchSpec.DefaultWords)
            .Integer("vocabulary", "Distinct words the Zipf law draws from.", s => s.Vocabulary, 50_000, 1, 10_000_000)
            .Real("zipf", "Exponent s of the Zipf law (rank r has weight 1/r^s).", s => s.Zipf, 1.1, 0, 5)
            .Integer("seed", "Seed of the corpus and the queries.", s => s.Seed, 1, 0, int.MaxValue)
            .Integer("queries", "Queries in the set (AND, OR, phrase and mixed in turn).", s => s.Queries, 1000, 1, 1_000_000)
            .Integer("top", "Hits ranked by BM25 per query (0: count only).", s => s.Top, 10, 0, 1000)
            // The book's sets take tens of milliseconds a query once OR unions grow with the corpus: fewer queries keep
            // the report in minutes, and let the scan (the reference, slower still) run there too.
            .ForReport("queries", 100);

    protected override void Check(SearchSpec spec) => _ = spec.WordRange;

    public override SearchProblem Build(SearchSpec spec)
    {
        string[] docs = [.. ZipfCorpus.Documents(spec)];
        return new SearchProblem(docs, SearchQueries.Draw(spec, docs), spec.Top);
    }

    public override double Work(SearchSpec spec) => spec.Queries;

    /// <summary>Queries the reference answers on a shrunk spec, at most (enough for every query type many times).</summary>
    public const int VerifyQueries = 200;

    /// <summary>
    /// The reference reads every document's tokens per query, so <paramref name="maxWork"/> counts token reads
    /// (queries × documents × mean words), not queries: at 10⁶ documents a query-count budget would have the scan
    /// run for days. Fewer queries first (the same first ones: the same draw), down to <see cref="VerifyQueries"/>,
    /// then fewer documents (a smaller corpus of the same law: still many blocks per common word).
    /// </summary>
    public override SearchSpec ShrinkTo(SearchSpec spec, double maxWork)
    {
        (int min, int max) = spec.WordRange;
        double words = Math.Max(1, (min + max) / 2.0);
        double perQuery = Math.Max(1, spec.Docs) * words;
        if (spec.Queries * perQuery <= maxWork)
            return spec;
        int queries = (int)Math.Clamp(maxWork / perQuery, Math.Min(spec.Queries, VerifyQueries), spec.Queries);
        if (queries * perQuery <= maxWork)
            return spec with { Queries = queries };
        int docs = (int)Math.Clamp(maxWork / (queries * words), 1, spec.Docs);
        return spec with { Queries = queries, Docs = docs };
    }

    public override double Checksum(SearchAnswer result) => result.Counts.Sum();

    /// <summary>SHA-256 of <see cref="SearchAnswer.Canonical"/> as little-endian int64s.</summary>
    public override Fingerprint? Fingerprint(SearchAnswer result) => Ladder.Fingerprint.Of(result.Canonical());

    /// <summary>
    /// ε of <see cref="SearchPeerCheck"/> for Lucene.NET: its one-byte norms round a document's length (3 bits of
    /// mantissa), which moves a score by up to a few tens of percent near the k-th place; a hit further below than
    /// this is a wrong answer, not rounding.
    /// </summary>
    public const double LuceneTolerance = 0.25;

    /// <summary>
    /// The peers, all single-threaded: Lucene.NET 4.8 and SQLite FTS5 in process (<c>hyper __peer search</c>), our
    /// index through the same driver (its build time, per-type figures), and the book's dict/set in Python.
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.DotNet("search", "hypersharp-index", "hypersharp", exact: true),
        PeerProgram.DotNet("search", "lucene", "lucene"),
        PeerProgram.DotNet("search", "fts5", "fts5"),
        PeerProgram.Python("search", "python-sets", "sets", maxWork: 2_000),
        PeerProgram.PyPy("search", "pypy-sets", "sets", maxWork: 20_000),
    ];

    /// <summary>The documents (one per line) and the queries (one per line), written once per spec into <paramref name="directory"/>.</summary>
    public override IReadOnlyList<string> PeerArguments(SearchSpec spec, Func<SearchProblem> problem, string directory)
    {
        string stem = Path.Combine(directory, $"search-{spec.Docs}-{spec.Words}-{spec.Vocabulary}-{spec.Zipf.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{spec.Seed}-{spec.Queries}");
        string docs = stem + ".docs.txt", queries = stem + ".queries.txt";
        if (!File.Exists(queries))
        {
            string[] documents = [.. ZipfCorpus.Documents(spec)];
            WriteLines(docs, documents);
            WriteLines(queries, SearchQueries.Draw(spec, documents));
        }
        return ["--input", docs, "--query-file", queries];
    }

    /// <summary>The peers' input files: <paramref name="lines"/>, each ended by a newline, UTF-8, written atomically.</summary>
    internal static void WriteLines(string path, IEnumerable<string> lines) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        foreach (string line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    });

    public override bool ReadsAnswers => true;

    /// <summary>The bytes of <see cref="SearchAnswer.Canonical"/>: per query its count, its hit count (at most top), then each hit's document and score × 10⁹, little-endian int64.</summary>
    public override bool TryReadAnswer(SearchSpec spec, byte[] bytes, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out SearchAnswer answer)
    {
        answer = null;
        if (bytes.Length % 8 != 0)
            return false;
        int at = 0;
        long Next() => BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8 * at++));
        int words = bytes.Length / 8;
        var counts = new long[spec.Queries];
        var hits = new SearchHit[spec.Queries][];
        for (int q = 0; q < spec.Queries; q++)
        {
            if (at + 2 > words)
                return false;
            counts[q] = Next();
            long n = Next();
            if (n < 0 || n > spec.Top || at + 2 * n > words)
                return false;
            hits[q] = new SearchHit[n];
            for (int i = 0; i < n; i++)
            {
                long doc = Next();
                if (doc < 0 || doc > int.MaxValue)
                    return false;
                hits[q][i] = new SearchHit((int)doc, Next() / 1e9);
            }
        }
        if (at != words)
            return false;
        answer = new SearchAnswer(counts, hits);
        return true;
    }

    private (SearchSpec Spec, SearchPeerCheck Check)? _check;

    /// <summary>
    /// Exact peers (our index, the book's sets in Python) by <see cref="Verify"/> at <see cref="ScoreTolerance"/>; Lucene.NET and FTS5, which
    /// score by their own arithmetic, by <see cref="SearchPeerCheck"/>: counts exact, hits that match, each within
    /// <see cref="LuceneTolerance"/> of our k-th score for Lucene; FTS5's ranking formula is another one (ε = 1: only
    /// its counts and hit sets are judged).
    /// </summary>
    public override Verification VerifyPeerAnswer(PeerProgram peer, SearchSpec spec, SearchAnswer exact, SearchAnswer answer)
    {
        double epsilon = peer.Variant switch { "lucene" => LuceneTolerance, "fts5" => 1, _ => ScoreTolerance };
        if (_check is not { } known || known.Spec != spec)
            _check = known = (spec, SearchPeerCheck.Of(spec));
        return known.Check.Judge(exact, answer, epsilon);
    }

    public override Verification Verify(SearchAnswer reference, SearchAnswer candidate, double tolerance)
    {
        const string measure = "largest score difference (counts and hit documents must be equal; 1 when they are not)";
        if (reference.Counts.Length != candidate.Counts.Length)
            return Verification.Within(1, tolerance, measure);
        double worst = 0;
        for (int q = 0; q < reference.Counts.Length; q++)
        {
            if (reference.Counts[q] != candidate.Counts[q] || reference.Hits[q].Length != candidate.Hits[q].Length)
                return Verification.Within(1, Math.Max(tolerance, ScoreTolerance), measure);
            for (int i = 0; i < reference.Hits[q].Length; i++)
            {
                if (reference.Hits[q][i].Doc != candidate.Hits[q][i].Doc)
                    return Verification.Within(1, Math.Max(tolerance, ScoreTolerance), measure);
                worst = Math.Max(worst, Math.Abs(reference.Hits[q][i].Score - candidate.Hits[q][i].Score));
            }
        }
        return Verification.Within(worst, Math.Max(tolerance, ScoreTolerance), measure);
    }
}

/// <summary>The query set of a spec: AND, OR, phrase and mixed queries in turn, words from the corpus's Zipf law.</summary>
public static class SearchQueries
{
    public static string[] Draw(SearchSpec spec, IReadOnlyList<string> docs)
    {
        var random = new Random(unchecked((int)(spec.Seed * 7919 + 17)));
        var sampler = new ZipfCorpus.Sampler(spec);
        string W() => ZipfCorpus.Word(sampler.Next(random));
        string Phrase()
        {
            // Two adjacent words of a random document (a phrase two Zipf draws would almost never match).
            for (int tries = 0; tries < 20 && docs.Count > 0; tries++)
            {
                string[] words = docs[random.Next(docs.Count)].Split(' ');
                if (words.Length >= 2)
                {
                    int p = random.Next(words.Length - 1);
                    return $"\"{words[p]} {words[p + 1]}\"";
                }
            }
            return $"\"{W()} {W()}\"";
        }
        var queries = new string[spec.Queries];
        for (int q = 0; q < queries.Length; q++)
        {
            queries[q] = (q % 4) switch
            {
                0 => $"{W()} {W()}",
                1 => $"{W()} OR {W()}",
                2 => Phrase(),
                _ => $"{W()} OR {W()} {W()} -{W()}",
            };
        }
        return queries;
    }
}
