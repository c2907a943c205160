namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// What every word-count rung receives: the files to count, read-only. Built from a spec, it owns a temporary folder
/// with the generated text and deletes it on disposal; built from a person's files, it owns nothing.
/// </summary>
public sealed class WordCountProblem : IAsyncDisposable, IDisposable
{
    private readonly string? _folder;

    private WordCountProblem(IReadOnlyList<string> files, string? folder)
    {
        Files = files;
        _folder = folder;
        Bytes = files.Sum(f => new FileInfo(f).Length);
    }

    /// <summary>The files, full paths, in the order given.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Their bytes.</summary>
    public long Bytes { get; }

    /// <summary>A problem over existing files (not deleted).</summary>
    public static WordCountProblem ForFiles(IEnumerable<string> files) => new([.. files.Select(Path.GetFullPath)], null);

    /// <summary>A problem over files in <paramref name="folder"/>, which it deletes on disposal.</summary>
    public static WordCountProblem ForOwnedFiles(IEnumerable<string> files, string folder) => new([.. files.Select(Path.GetFullPath)], folder);

    /// <summary>Writes the spec's text into a new temporary folder.</summary>
    public static WordCountProblem Generate(WordCountSpec spec)
    {
        string folder = Directory.CreateTempSubdirectory("hypersharp-wordcount-").FullName;
        string path = Path.Combine(folder, "corpus.txt");
        ZipfText.Write(path, spec.Bytes, spec.Vocabulary, spec.Zipf, spec.Seed);
        return new WordCountProblem([path], folder);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_folder is null)
            return;
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is not worth failing a run for.
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
