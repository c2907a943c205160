using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using static HyperSharp.Search.IndexLayout;

namespace HyperSharp.Search;

/// <summary>One document of an index: where it came from.</summary>
/// <param name="Doc">Its number, from 0 in build order.</param>
/// <param name="Path">The file it came from (as given to the build).</param>
/// <param name="Line">Its line in that file, from 1; 0 when the document is the whole file.</param>
/// <param name="Length">Its length in tokens.</param>
public sealed record DocumentInfo(int Doc, string Path, int Line, int Length);

/// <summary>A document that matched, with its BM25 score.</summary>
/// <param name="Doc">The document's number.</param>
/// <param name="Score">Its BM25 score for the query.</param>
public readonly record struct SearchHit(int Doc, double Score);

/// <summary>What a search found: how many documents match, and the best of them, best first (ties: lower number first).</summary>
/// <param name="Count">Documents that match.</param>
/// <param name="Hits">The top hits.</param>
public sealed record SearchResults(long Count, IReadOnlyList<SearchHit> Hits);

/// <summary>A completion: a term and how often it occurs in the whole index.</summary>
/// <param name="Term">The term.</param>
/// <param name="Frequency">Its occurrences in all documents.</param>
public readonly record struct Completion(string Term, long Frequency);

/// <summary>One section of an index file.</summary>
/// <param name="Name">What it holds.</param>
/// <param name="Offset">Where it starts in the file.</param>
/// <param name="Bytes">Its length.</param>
public readonly record struct IndexSection(string Name, long Offset, long Bytes);

/// <summary>
/// An index file opened by memory-mapping it: opening reads only the header (O(1) in the corpus), each section's
/// checksum is checked the first time the section is used, and each term's postings the first time they are read,
/// so a damaged file gives an <see cref="IndexFormatException"/> and never a wrong answer. Safe for concurrent
/// queries from many threads; dispose it when done.
/// </summary>
public sealed unsafe class SearchIndex : IDisposable
{
    private readonly string _path;
    private readonly MappedFile _map;
    private readonly byte* _base;
    private readonly long _length;
    private readonly (long Offset, long Length, ulong Hash)[] _sections;
    private readonly int[] _verified = new int[Sections.Length + 1];
    private readonly Lock _verifying = new();
    private int[]? _termVerified;
    private int _documents;
    private long _tokens;
    private int _terms;
    private long _postings;
    private int _sources;
    private bool _disposed;

    private SearchIndex(string path, MappedFile map, long length)
    {
        _path = path;
        _map = map;
        _base = map.Pointer;
        _length = length;
        _sections = new (long, long, ulong)[Sections.Length + 1];
        ReadHeader();
    }

    /// <summary>Opens the index at <paramref name="path"/>; an <see cref="IndexFormatException"/> when it is not one (or not whole).</summary>
    public static SearchIndex Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = stream.Length;
        if (length < HeaderBytes(Sections.Length))
        {
            stream.Dispose();
            throw new IndexFormatException($"'{path}' is not a search index ({length} bytes: too short for the header)");
        }
        MappedFile map = MappedFile.Map(stream);
        try
        {
            return new SearchIndex(path, map, length);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    private IndexFormatException Damaged(string what) => new($"index '{_path}' is damaged: {what}");

    private void ReadHeader()
    {
        ReadOnlySpan<byte> head = new(_base, HeaderBytes(Sections.Length));
        if (!head.StartsWith(Magic))
            throw new IndexFormatException($"'{_path}' is not a search index (no HSSEARCH header)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(head[8..]);
        if (version != FormatVersion)
            throw new IndexFormatException($"index '{_path}' has format version {version}; this build reads version {FormatVersion} (rebuild the index)");
        if (BinaryPrimitives.ReadUInt32LittleEndian(head[12..]) != Sections.Length)
            throw Damaged("wrong section count");
        if (BinaryPrimitives.ReadUInt64LittleEndian(head[^8..]) != XxHash3.HashToUInt64(head[..^8]))
            throw Damaged("header checksum mismatch");
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(head[16..]);
        if (length != (ulong)_length)
            throw Damaged($"{_length} bytes where the header says {length} (truncated or extended)");
        for (int s = 0; s < Sections.Length; s++)
        {
            ReadOnlySpan<byte> e = head.Slice(24 + s * SectionEntryBytes, SectionEntryBytes);
            if (BinaryPrimitives.ReadUInt32LittleEndian(e) != (uint)Sections[s])
                throw Damaged("sections out of order");
            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(e[8..]), len = BinaryPrimitives.ReadUInt64LittleEndian(e[16..]);
            if (offset < (ulong)head.Length || offset > (ulong)_length || len > (ulong)_length - offset)
                throw Damaged($"section {Sections[s]} lies outside the file");
            _sections[(int)Sections[s]] = ((long)offset, (long)len, BinaryPrimitives.ReadUInt64LittleEndian(e[24..]));
        }
    }

    /// <summary>The bytes of <paramref name="section"/>, checksum checked on first use.</summary>
    private ReadOnlySpan<byte> Section(Section section)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        (long offset, long length, ulong hash) = _sections[(int)section];
        if (Volatile.Read(ref _verified[(int)section]) == 0)
            Verify(section, offset, length, hash);
        // The postings are read term by term (Postings): the whole section may exceed a span.
        return section == IndexLayout.Section.Postings ? default : new ReadOnlySpan<byte>(_base + offset, checked((int)length));
    }

    private void Verify(Section section, long offset, long length, ulong hash)
    {
        lock (_verifying)
        {
            if (_verified[(int)section] != 0)
                return;
            var h = new XxHash3();
            for (long at = 0; at < length; at += 1 << 30)
                h.Append(new ReadOnlySpan<byte>(_base + offset + at, (int)Math.Min(1 << 30, length - at)));
            if (h.GetCurrentHashAsUInt64() != hash)
                throw Damaged($"{section} section checksum mismatch");
            CheckShape(section, new ReadOnlySpan<byte>(_base + offset, section == IndexLayout.Section.Postings ? 0 : checked((int)length)));
            Volatile.Write(ref _verified[(int)section], 1);
        }
    }

    /// <summary>Sizes that must agree (a file that passes its checksums but was written wrong still fails here, not later).</summary>
    private void CheckShape(Section section, ReadOnlySpan<byte> s)
    {
        switch (section)
        {
            case IndexLayout.Section.Documents:
                if (s.Length < 16)
                    throw Damaged("documents section too short");
                _documents = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(s));
                _tokens = (long)BinaryPrimitives.ReadUInt64LittleEndian(s[8..]);
                if (s.Length != 16 + 12L * _documents)
                    throw Damaged("documents section has the wrong size");
                break;
            case IndexLayout.Section.Sources:
                _sources = CheckStrings(s, "sources");
                break;
            case IndexLayout.Section.Names:
                _terms = CheckStrings(s, "names");
                break;
            case IndexLayout.Section.Terms:
                int terms = NameCount();
                if (s.Length != (long)terms * TermEntryBytes)
                    throw Damaged("terms section has the wrong size");
                long postings = 0;
                long postingsBytes = _sections[(int)IndexLayout.Section.Postings].Length;
                for (int t = 0; t < terms; t++)
                {
                    ReadOnlySpan<byte> e = s.Slice(t * TermEntryBytes, TermEntryBytes);
                    postings += BinaryPrimitives.ReadUInt32LittleEndian(e);
                    ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(e[16..]), len = BinaryPrimitives.ReadUInt64LittleEndian(e[24..]);
                    if (offset > (ulong)postingsBytes || len > (ulong)postingsBytes - offset)
                        throw Damaged("a term's postings lie outside the postings section");
                }
                _postings = postings;
                _termVerified = new int[terms];
                break;
        }
    }

    private int CheckStrings(ReadOnlySpan<byte> s, string what)
    {
        if (s.Length < 8)
            throw Damaged($"{what} section too short");
        int count = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(s));
        long bytesAt = 4 + 4L * (count + 1);
        if (bytesAt > s.Length)
            throw Damaged($"{what} section too short");
        uint previous = 0;
        for (int i = 0; i <= count; i++)
        {
            uint o = BinaryPrimitives.ReadUInt32LittleEndian(s[(4 + 4 * i)..]);
            if (o < previous || (i == 0 && o != 0))
                throw Damaged($"{what} section offsets out of order");
            previous = o;
        }
        if (bytesAt + previous != s.Length)
            throw Damaged($"{what} section has the wrong size");
        return count;
    }

    private int NameCount()
    {
        _ = Section(IndexLayout.Section.Names);
        return _terms;
    }

    /// <summary>Documents in the index.</summary>
    public int DocumentCount
    {
        get
        {
            _ = Section(IndexLayout.Section.Documents);
            return _documents;
        }
    }

    /// <summary>Tokens in all documents.</summary>
    public long TokenCount
    {
        get
        {
            _ = Section(IndexLayout.Section.Documents);
            return _tokens;
        }
    }

    /// <summary>The mean document length in tokens (BM25's avgdl); 0 for an empty index.</summary>
    public double AverageDocumentLength => DocumentCount == 0 ? 0 : (double)TokenCount / DocumentCount;

    /// <summary>Distinct terms.</summary>
    public int TermCount => NameCount();

    /// <summary>(term, document) pairs: the postings.</summary>
    public long PostingCount
    {
        get
        {
            _ = Section(IndexLayout.Section.Terms);
            return _postings;
        }
    }

    /// <summary>The size of the file.</summary>
    public long FileBytes => _length;

    /// <summary>The file's sections, in file order.</summary>
    public IReadOnlyList<IndexSection> SectionsInFile =>
        Sections.Select(s => new IndexSection(s.ToString().ToLowerInvariant(), _sections[(int)s].Offset, _sections[(int)s].Length)).ToArray();

    /// <summary>Checks every checksum of the file now (otherwise each is checked when first needed).</summary>
    public void Verify()
    {
        foreach (Section s in Sections)
            _ = Section(s);
        for (int t = 0; t < TermCount; t++)
            _ = Postings(t);
    }

    /// <summary>Where document <paramref name="doc"/> came from.</summary>
    public DocumentInfo Document(int doc)
    {
        ReadOnlySpan<byte> d = Section(IndexLayout.Section.Documents);
        ArgumentOutOfRangeException.ThrowIfNegative(doc);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(doc, _documents);
        int source = (int)BinaryPrimitives.ReadUInt32LittleEndian(d[(16 + 4 * _documents + 4 * doc)..]);
        int line = (int)BinaryPrimitives.ReadUInt32LittleEndian(d[(16 + 8 * _documents + 4 * doc)..]);
        ReadOnlySpan<byte> sources = Section(IndexLayout.Section.Sources);
        if ((uint)source >= (uint)_sources)
            throw Damaged("a document's source is out of range");
        return new DocumentInfo(doc, Encoding.UTF8.GetString(StringAt(sources, _sources, source)), line, DocumentLength(doc));
    }

    /// <summary>The length in tokens of <paramref name="doc"/> (no range check: the caller's documents come from postings).</summary>
    internal int DocumentLength(int doc) =>
        (int)BinaryPrimitives.ReadUInt32LittleEndian(Section(IndexLayout.Section.Documents)[(16 + 4 * doc)..]);

    /// <summary>The document lengths, as one span (BM25 reads one per scored document).</summary>
    internal ReadOnlySpan<uint> DocumentLengths()
    {
        ReadOnlySpan<byte> d = Section(IndexLayout.Section.Documents);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(d.Slice(16, 4 * _documents));
    }

    private static ReadOnlySpan<byte> StringAt(ReadOnlySpan<byte> s, int count, int i)
    {
        int start = (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(4 + 4 * i)..]);
        int end = (int)BinaryPrimitives.ReadUInt32LittleEndian(s[(8 + 4 * i)..]);
        return s.Slice(4 + 4 * (count + 1) + start, end - start);
    }

    /// <summary>Term <paramref name="t"/>'s UTF-8 bytes.</summary>
    internal ReadOnlySpan<byte> TermBytes(int t) => StringAt(Section(IndexLayout.Section.Names), _terms, t);

    /// <summary>Term number <paramref name="t"/> (terms are numbered in UTF-8 byte order).</summary>
    public string Term(int t)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, TermCount);
        return Encoding.UTF8.GetString(TermBytes(t));
    }

    /// <summary>The number of <paramref name="term"/> (already analyzed), or −1 when no document has it.</summary>
    public int FindTerm(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        Span<byte> key = term.Length <= 256 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(term.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(term.Length)];
        key = key[..Encoding.UTF8.GetBytes(term, key)];
        int lo = 0, hi = TermCount - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            int c = TermBytes(mid).SequenceCompareTo(key);
            if (c == 0)
                return mid;
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        return -1;
    }

    /// <summary>Documents that contain term number <paramref name="t"/>.</summary>
    internal int DocumentFrequency(int t) => (int)BinaryPrimitives.ReadUInt32LittleEndian(Section(IndexLayout.Section.Terms)[(t * TermEntryBytes)..]);

    /// <summary>Occurrences of term number <paramref name="t"/> in all documents.</summary>
    internal long CollectionFrequency(int t) => (long)BinaryPrimitives.ReadUInt64LittleEndian(Section(IndexLayout.Section.Terms)[(t * TermEntryBytes + 8)..]);

    /// <summary>The largest BM25 saturation of term number <paramref name="t"/> in any document (its score bound over idf · (k1 + 1)).</summary>
    internal double TermSaturation(int t) => BinaryPrimitives.ReadSingleLittleEndian(Section(IndexLayout.Section.Terms)[(t * TermEntryBytes + 32)..]);

    /// <summary>Documents that contain <paramref name="term"/> (analyzed first; 0 when absent).</summary>
    public int DocumentFrequency(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        IReadOnlyList<string> tokens = Analyzer.Tokenize(term);
        if (tokens.Count != 1)
            return 0;
        int t = FindTerm(tokens[0]);
        return t < 0 ? 0 : DocumentFrequency(t);
    }

    /// <summary>Term <paramref name="t"/>'s postings region (skip table, blocks, positions), its checksum checked on first read.</summary>
    internal ReadOnlySpan<byte> Postings(int t)
    {
        ReadOnlySpan<byte> e = Section(IndexLayout.Section.Terms).Slice(t * TermEntryBytes, TermEntryBytes);
        (long postingsAt, _, ulong postingsHash) = _sections[(int)IndexLayout.Section.Postings];
        long offset = postingsAt + (long)BinaryPrimitives.ReadUInt64LittleEndian(e[16..]);
        var region = new ReadOnlySpan<byte>(_base + offset, checked((int)BinaryPrimitives.ReadUInt64LittleEndian(e[24..])));
        int[] verified = _termVerified!;
        if (Volatile.Read(ref verified[t]) == 0)
        {
            if (XxHash32.HashToUInt32(region) != BinaryPrimitives.ReadUInt32LittleEndian(e[4..]))
                throw Damaged($"postings checksum mismatch (term {t})");
            int df = DocumentFrequency(t);
            int blocks = (df + BitPacking.BlockSize - 1) / BitPacking.BlockSize;
            if ((long)blocks * SkipEntryBytes > region.Length)
                throw Damaged($"postings too short (term {t})");
            Volatile.Write(ref verified[t], 1);
        }
        _ = postingsHash;
        return region;
    }

    /// <summary>Internal access for the cursors: the address of term <paramref name="t"/>'s postings.</summary>
    internal (IntPtr Address, int Length) PostingsAddress(int t)
    {
        ReadOnlySpan<byte> region = Postings(t);
        fixed (byte* p = region)
            return ((IntPtr)p, region.Length);
    }

    /// <summary>Parses <paramref name="query"/> and returns its exact match count and <paramref name="top"/> best hits by BM25.</summary>
    public SearchResults Search(string query, int top) => Search(Query.Parse(query), top);

    /// <summary>
    /// The exact match count of <paramref name="query"/> and its <paramref name="top"/> best hits by BM25: a
    /// <see cref="Count(Query)"/> and a <see cref="Top(Query, int)"/> (two passes; the count is what costs most on
    /// common words). Ask <see cref="Top(Query, int)"/> alone when the count is not needed.
    /// </summary>
    public SearchResults Search(Query query, int top)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        return new SearchResults(QueryEvaluator.Count(this, query), QueryEvaluator.Top(this, query, top));
    }

    /// <summary>Parses <paramref name="query"/> and returns its <paramref name="top"/> best hits by BM25 (no count).</summary>
    public IReadOnlyList<SearchHit> Top(string query, int top) => Top(Query.Parse(query), top);

    /// <summary>
    /// The <paramref name="top"/> best hits of <paramref name="query"/> by BM25, best first (ties: lower document
    /// first), without scoring every match: documents that cannot enter the top are skipped by score bounds stored in
    /// the index (block-max and MaxScore pruning). The hits and scores are exactly those of scoring every match; the
    /// number of matches is not computed (see <see cref="Count(Query)"/>).
    /// </summary>
    public IReadOnlyList<SearchHit> Top(Query query, int top)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        return QueryEvaluator.Top(this, query, top);
    }

    /// <summary>Parses <paramref name="query"/> and counts the documents it matches (no scoring).</summary>
    public long Count(string query) => Count(Query.Parse(query));

    /// <summary>Counts the documents <paramref name="query"/> matches (no scoring).</summary>
    public long Count(Query query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return QueryEvaluator.Count(this, query);
    }

    /// <summary>
    /// The <paramref name="top"/> most frequent terms (by occurrences in the whole index; ties in byte order) that
    /// start with <paramref name="prefix"/>, lower-cased as the analyzer does; all terms for an empty prefix.
    /// </summary>
    public IReadOnlyList<Completion> Complete(string prefix, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        byte[] key = Encoding.UTF8.GetBytes(prefix.ToLowerInvariant());
        return CompletionLookup(key, top).Select(t => new Completion(Encoding.UTF8.GetString(TermBytes(t)), CollectionFrequency(t))).ToArray();
    }

    private List<int> CompletionLookup(ReadOnlySpan<byte> prefix, int top)
    {
        ReadOnlySpan<byte> c = Section(IndexLayout.Section.Completion);
        try
        {
            return CompletionTrie.Lookup(c, new Table(this), prefix, top);
        }
        catch (IndexFormatException e)
        {
            throw Damaged(e.Message);
        }
    }

    /// <summary>The index's terms as the completion trie reads them.</summary>
    private readonly struct Table(SearchIndex index) : CompletionTrie.ITermTable
    {
        public int Count => index.TermCount;

        public ReadOnlySpan<byte> Bytes(int t) => index.TermBytes(t);

        public long Frequency(int t) => index.CollectionFrequency(t);
    }

    /// <summary>Unmaps the file.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _map.Dispose();
    }
}
