using System.Text;

namespace HyperSharp.Search;

/// <summary>How far a build has come: reported after each batch of documents.</summary>
/// <param name="Files">Files read so far (binary ones included).</param>
/// <param name="Documents">Documents indexed so far.</param>
/// <param name="Bytes">Bytes of input read so far.</param>
/// <param name="TotalBytes">Bytes of all the input files, known before the build starts.</param>
public readonly record struct IndexBuildProgress(long Files, long Documents, long Bytes, long TotalBytes);

/// <summary>What a build indexed and wrote.</summary>
/// <param name="Documents">Documents in the index.</param>
/// <param name="Files">Text files read.</param>
/// <param name="BinaryFilesSkipped">Files skipped as binary (a NUL byte in their first 8,000 bytes, as git decides).</param>
/// <param name="Terms">Distinct terms.</param>
/// <param name="Postings">(term, document) pairs.</param>
/// <param name="Tokens">Tokens indexed (positions stored).</param>
/// <param name="Bytes">Size of the index file.</param>
public sealed record IndexBuildSummary(long Documents, long Files, long BinaryFilesSkipped, long Terms, long Postings, long Tokens, long Bytes);

/// <summary>
/// Builds an index in memory from files, folders or texts, then writes it as one file (atomically: a temporary file
/// renamed over the target, so a failed build leaves no index behind). Each file is one document, or each line is
/// with <see cref="Lines"/>. Documents are numbered from 0 in the order they are added; a folder's files are taken in
/// ordinal order of their paths, so the same input always gives the same file.
/// </summary>
public sealed class IndexBuilder
{
    /// <summary>Bytes read to decide whether a file is binary.</summary>
    public const int BinaryProbeBytes = 8000;

    private const int Batch = 4096;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<TermPostings> _terms = [];
    private readonly List<uint> _lengths = [];
    private readonly List<uint> _sources = [];
    private readonly List<uint> _lines = [];
    private readonly List<string> _paths = [];
    private readonly Dictionary<string, int> _pathIds = new(StringComparer.Ordinal);
    private long _tokens;
    private long _postings;
    private long _files;
    private long _binary;
    private long _bytesRead;
    private long _totalBytes;

    /// <summary>Each line of a file is a document (numbered from 1), instead of the whole file.</summary>
    public bool Lines { get; init; }

    /// <summary>Threads that read and analyze documents (the index itself is assembled on one). At least 1.</summary>
    public int Threads
    {
        get;
        init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "at least one thread");
    } = 1;

    /// <summary>Called after each batch of documents (from the building thread).</summary>
    public Action<IndexBuildProgress>? Progress { get; init; }

    /// <summary>Documents added so far.</summary>
    public long Documents => _lengths.Count;

    /// <summary>Files skipped as binary so far.</summary>
    public long BinaryFilesSkipped => _binary;

    /// <summary>Adds one document: <paramref name="text"/>, shown as coming from <paramref name="source"/> at <paramref name="line"/> (0: the whole source).</summary>
    public void AddText(string text, string source = "", int line = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        Add(Analyzer.Tokenize(text), PathId(source), line);
    }

    /// <summary>
    /// Adds the files and folders in <paramref name="inputs"/> (folders recursed). A path that does not exist is an
    /// <see cref="ArgumentException"/> naming it, raised before anything is added.
    /// </summary>
    public void AddPaths(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var files = new List<string>();
        foreach (string input in inputs)
        {
            if (File.Exists(input))
                files.Add(input);
            else if (Directory.Exists(input))
                files.AddRange(Directory.EnumerateFiles(input, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }).Order(StringComparer.Ordinal));
            else
                throw new ArgumentException($"'{input}': no such file or folder", nameof(inputs));
        }
        foreach (string f in files)
            _totalBytes += new FileInfo(f).Length;
        if (Lines)
            AddLines(files);
        else
            AddWholeFiles(files);
    }

    private void AddWholeFiles(List<string> files)
    {
        var tokens = new IReadOnlyList<string>?[Batch];
        var sizes = new long[Batch];
        for (int start = 0; start < files.Count; start += Batch)
        {
            int n = Math.Min(Batch, files.Count - start);
            Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i =>
            {
                string? text = ReadText(files[start + i], out sizes[i]);
                tokens[i] = text is null ? null : Analyzer.Tokenize(text);
            });
            for (int i = 0; i < n; i++)
            {
                _files++;
                _bytesRead += sizes[i];
                if (tokens[i] is { } t)
                    Add(t, PathId(files[start + i]), 0);
                else
                    _binary++;
                tokens[i] = null;
            }
            Report();
        }
    }

    private void AddLines(List<string> files)
    {
        var texts = new string[Batch];
        var tokens = new IReadOnlyList<string>[Batch];
        foreach (string file in files)
        {
            _files++;
            if (IsBinary(file))
            {
                _binary++;
                _bytesRead += new FileInfo(file).Length;
                continue;
            }
            int source = PathId(file);
            int line = 0;
            using var reader = new StreamReader(file, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
            while (true)
            {
                int n = 0;
                while (n < Batch && reader.ReadLine() is { } text)
                {
                    texts[n++] = text;
                    _bytesRead += Encoding.UTF8.GetByteCount(text) + 1;
                }
                if (n == 0)
                    break;
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i => tokens[i] = Analyzer.Tokenize(texts[i]));
                for (int i = 0; i < n; i++)
                    Add(tokens[i], source, ++line);
                Report();
            }
        }
    }

    private void Report() => Progress?.Invoke(new IndexBuildProgress(_files, Documents, Math.Min(_bytesRead, _totalBytes), _totalBytes));

    /// <summary>Whether <paramref name="path"/> has a NUL byte in its first <see cref="BinaryProbeBytes"/> bytes.</summary>
    public static bool IsBinary(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        Span<byte> probe = stackalloc byte[BinaryProbeBytes];
        int read = stream.ReadAtLeast(probe, probe.Length, throwOnEndOfStream: false);
        return probe[..read].Contains((byte)0);
    }

    /// <summary>The file's text, or null when it is binary.</summary>
    private static string? ReadText(string path, out long size)
    {
        byte[] bytes = File.ReadAllBytes(path);
        size = bytes.Length;
        if (bytes.AsSpan(0, Math.Min(bytes.Length, BinaryProbeBytes)).Contains((byte)0))
            return null;
        ReadOnlySpan<byte> body = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;
        return Encoding.UTF8.GetString(body);
    }

    private int PathId(string path)
    {
        if (!_pathIds.TryGetValue(path, out int id))
        {
            id = _paths.Count;
            _paths.Add(path);
            _pathIds.Add(path, id);
        }
        return id;
    }

    private void Add(IReadOnlyList<string> tokens, int source, int line)
    {
        int doc = _lengths.Count;
        if (doc == int.MaxValue - 1)
            throw new InvalidOperationException("an index holds at most 2,147,483,646 documents");
        for (int p = 0; p < tokens.Count; p++)
        {
            if (!_ids.TryGetValue(tokens[p], out int id))
            {
                id = _terms.Count;
                _ids.Add(tokens[p], id);
                _terms.Add(new TermPostings(tokens[p]));
            }
            if (_terms[id].Add(doc, p))
                _postings++;
        }
        _tokens += tokens.Count;
        _lengths.Add((uint)tokens.Count);
        _sources.Add((uint)source);
        _lines.Add((uint)line);
    }

    /// <summary>Writes the index to <paramref name="path"/> (atomically) and says what it holds.</summary>
    public IndexBuildSummary Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var content = new IndexContent(_lengths, _sources, _lines, _paths, _terms, _tokens);
        long bytes = IndexWriter.Write(path, content);
        return new IndexBuildSummary(Documents, _files - _binary, _binary, _terms.Count, _postings, _tokens, bytes);
    }
}

/// <summary>What the writer needs of a finished build.</summary>
internal sealed record IndexContent(List<uint> Lengths, List<uint> Sources, List<uint> Lines, List<string> Paths, List<TermPostings> Terms, long Tokens);

/// <summary>One term's postings while building: documents in increasing order, each with its positions.</summary>
internal sealed class TermPostings(string term)
{
    public string Term { get; } = term;

    public int[] Docs = new int[2];
    public int[] Freqs = new int[2];
    public int[] Positions = new int[2];
    public int Count;
    public int PositionCount;

    public long CollectionFrequency => PositionCount;

    /// <summary>Adds an occurrence at <paramref name="position"/> of <paramref name="doc"/>; true when the document is new to the term.</summary>
    public bool Add(int doc, int position)
    {
        bool fresh = Count == 0 || Docs[Count - 1] != doc;
        if (fresh)
        {
            if (Count == Docs.Length)
            {
                Array.Resize(ref Docs, Count * 2);
                Array.Resize(ref Freqs, Count * 2);
            }
            Docs[Count] = doc;
            Freqs[Count++] = 0;
        }
        Freqs[Count - 1]++;
        if (PositionCount == Positions.Length)
            Array.Resize(ref Positions, PositionCount * 2);
        Positions[PositionCount++] = position;
        return fresh;
    }
}
