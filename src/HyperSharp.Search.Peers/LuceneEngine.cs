using System.Reflection;
using System.Text;
using HyperSharp.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;
using LuceneIndexWriter = Lucene.Net.Index.IndexWriter;
using LuceneQuery = Lucene.Net.Search.Query;
using Query = HyperSharp.Search.Query;

namespace HyperSharp.Search.Peers;

/// <summary>
/// Our analyzer in Lucene's terms: a token is a maximal run of code points that are Unicode letters or decimal
/// digits (<see cref="Rune.IsLetterOrDigit"/>), each lower-cased with <see cref="Rune.ToLowerInvariant"/>. Lucene's
/// <see cref="CharTokenizer"/> splits a run longer than 255 UTF-16 units into several tokens where ours drops the
/// rest; no other difference.
/// </summary>
internal sealed class LetterOrDigitTokenizer(LuceneVersion version, TextReader input) : CharTokenizer(version, input)
{
    protected override bool IsTokenChar(int c) => Rune.IsValid(c) && Rune.IsLetterOrDigit(new Rune(c));

    protected override int Normalize(int c) => Rune.IsValid(c) ? Rune.ToLowerInvariant(new Rune(c)).Value : c;
}

/// <summary>The analyzer of the Lucene peer: <see cref="LetterOrDigitTokenizer"/> alone.</summary>
internal sealed class LetterOrDigitAnalyzer : Lucene.Net.Analysis.Analyzer
{
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader) =>
        new(new LetterOrDigitTokenizer(LuceneEngine.Version48, reader));
}

/// <summary>
/// Lucene.NET 4.8 in process: one indexed, tokenized, unstored field with DOCS_AND_FREQS_AND_POSITIONS (the query set
/// has phrases) and norms, a numeric doc-values field with our document number, BM25Similarity(k1 = 1.2, b = 0.75)
/// at index and search time, an FSDirectory committed before the build's clock stops. Queries: a BooleanQuery of
/// MUST clauses (an OR group a BooleanQuery of SHOULD alternatives), MUST_NOT exclusions, a PhraseQuery per phrase.
/// COUNT through <see cref="TotalHitCountCollector"/>, TOP_10 through <see cref="TopDocs"/>.
/// </summary>
internal sealed class LuceneEngine : ISearchEngine
{
    internal const LuceneVersion Version48 = LuceneVersion.LUCENE_48;
    private const string Field = "body";

    private static BM25Similarity Similarity() => new(1.2f, 0.75f);

    private LuceneDirectory? _directory;
    private DirectoryReader? _reader;
    private IndexSearcher? _searcher;
    private NumericDocValues? _ids;
    private LuceneQuery[] _queries = [];

    public string Implementation => "lucene.net";

    public string Version { get; } = "Lucene.Net " + (typeof(LuceneIndexWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+', ' ')[0] ?? "?");

    public void Build(IReadOnlyList<string> documents, string folder)
    {
        _directory = FSDirectory.Open(new DirectoryInfo(folder));
        var config = new IndexWriterConfig(Version48, new LetterOrDigitAnalyzer())
        {
            OpenMode = OpenMode.CREATE,
            Similarity = Similarity(),
        };
        var type = new FieldType
        {
            IsIndexed = true,
            IsTokenized = true,
            IsStored = false,
            OmitNorms = false,
            IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS,
        };
        type.Freeze();
        var body = new Field(Field, "", type);
        var id = new NumericDocValuesField("id", 0);
        var doc = new Document { body, id };
        using (var writer = new LuceneIndexWriter(_directory, config))
        {
            for (int i = 0; i < documents.Count; i++)
            {
                body.SetStringValue(documents[i]);
                id.SetInt64Value(i);
                writer.AddDocument(doc);
            }
            writer.Commit();
        }
        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = Similarity() };
        _ids = MultiDocValues.GetNumericValues(_reader, "id");
    }

    public void Prepare(IReadOnlyList<Query> queries) => _queries = [.. queries.Select(Translate)];

    /// <summary>Our query as Lucene's: required clauses MUST (alternatives SHOULD inside), exclusions MUST_NOT.</summary>
    internal static LuceneQuery Translate(Query query)
    {
        var top = new BooleanQuery();
        foreach (IReadOnlyList<string[]> clause in query.Required)
        {
            if (clause.Count == 1)
            {
                top.Add(Phrase(clause[0]), Occur.MUST);
                continue;
            }
            var any = new BooleanQuery();
            foreach (string[] alternative in clause)
                any.Add(Phrase(alternative), Occur.SHOULD);
            top.Add(any, Occur.MUST);
        }
        foreach (string[] excluded in query.Excluded)
            top.Add(Phrase(excluded), Occur.MUST_NOT);
        return top;
    }

    private static LuceneQuery Phrase(string[] terms)
    {
        if (terms.Length == 1)
            return new TermQuery(new Term(Field, terms[0]));
        var phrase = new PhraseQuery();
        foreach (string t in terms)
            phrase.Add(new Term(Field, t));
        return phrase;
    }

    public long Count(int q)
    {
        var collector = new TotalHitCountCollector();
        _searcher!.Search(_queries[q], collector);
        return collector.TotalHits;
    }

    public void Top(int q, int k, List<SearchHit>? hits) => Collect(_searcher!.Search(_queries[q], k), hits);

    public long Answer(int q, int k, List<SearchHit>? hits)
    {
        if (k == 0)
            return Count(q);
        TopDocs top = _searcher!.Search(_queries[q], k);
        Collect(top, hits);
        return top.TotalHits;
    }

    private void Collect(TopDocs top, List<SearchHit>? hits)
    {
        if (hits is null)
            return;
        foreach (ScoreDoc d in top.ScoreDocs)
            hits.Add(new SearchHit((int)_ids!.Get(d.Doc), d.Score));
    }

    public long IndexBytes => _directory is null ? 0 : _directory.ListAll().Sum(f => _directory.FileLength(f));

    public void Dispose()
    {
        _reader?.Dispose();
        _directory?.Dispose();
    }
}
