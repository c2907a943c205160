using System.Text;
using System.Text.Json;

namespace HyperSharp.Memo;

/// <summary>
/// A folder of memoized results that survive restarts (as <c>joblib.Memory</c>): made by <see cref="Memo.Disk"/>,
/// it memoizes functions with <c>Cache</c>. Several processes may use one folder at once: an entry is written to a
/// temporary file and renamed into place, so a reader sees a whole entry or none, and a writer that crashes leaves no
/// half entry; an entry that fails its checks is computed again and replaced, never returned.
/// </summary>
/// <remarks>
/// Layout: <c>DIRECTORY/NAME-HASH/VERSION/KEY.memo</c>, one folder per function (its full name in <c>name.txt</c>),
/// one per version of its body, one file per argument key. With a size limit, each write that takes the folder past
/// it removes the least recently used entries (by modification time, which every hit updates) until it fits.
/// </remarks>
public sealed class DiskMemo
{
    private const string NameFile = "name.txt";
    private readonly object _sizeLock = new();
    private long _estimatedBytes = -1;

    internal DiskMemo(string directory, long? sizeLimit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (sizeLimit is { } limit)
            ArgumentOutOfRangeException.ThrowIfNegative(limit, nameof(sizeLimit));
        Directory = Path.GetFullPath(directory);
        if (File.Exists(Directory))
            throw new IOException($"'{directory}' is a file, not a folder");
        System.IO.Directory.CreateDirectory(Directory);
        SizeLimit = sizeLimit;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Directory { get; }

    /// <summary>The most bytes the folder's entries may take (headers included); null when unbounded.</summary>
    public long? SizeLimit { get; }

    /// <summary>
    /// Memoizes <paramref name="function"/> of one argument on disk. Its entries are keyed by its name, its version and
    /// a content hash of the argument (<see cref="ArgumentHasher"/>).
    /// </summary>
    /// <param name="function">The function; pure, deterministic in its argument.</param>
    /// <param name="name">Its identity (default: its declaring type and method, <see cref="FunctionVersion.NameOf"/>).</param>
    /// <param name="version">Its version (default: a hash of its compiled body, <see cref="FunctionVersion.Of"/>; see there what that does not see).</param>
    /// <param name="key">What to hash instead of the argument (a part of it, an identifier), when hashing it by content is impossible or too costly.</param>
    /// <param name="json">Options for System.Text.Json, which stores every result but an unmanaged array (stored as its raw bytes).</param>
    /// <typeparam name="T">The argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public DiskMemoFunc<T, TResult> Cache<T, TResult>(Func<T, TResult> function, string? name = null, string? version = null,
        Func<T, object?>? key = null, JsonSerializerOptions? json = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new DiskMemoFunc<T, TResult>(Store<TResult>(function, name, version, json), function, key);
    }

    /// <summary>Memoizes <paramref name="function"/> of two arguments on disk (see the one-argument overload).</summary>
    /// <param name="function">The function; pure, deterministic in its arguments.</param>
    /// <param name="name">Its identity (default: its declaring type and method).</param>
    /// <param name="version">Its version (default: a hash of its compiled body).</param>
    /// <param name="key">What to hash instead of the arguments.</param>
    /// <param name="json">Options for System.Text.Json.</param>
    /// <typeparam name="T1">The first argument.</typeparam>
    /// <typeparam name="T2">The second argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public DiskMemoFunc<T1, T2, TResult> Cache<T1, T2, TResult>(Func<T1, T2, TResult> function, string? name = null, string? version = null,
        Func<T1, T2, object?>? key = null, JsonSerializerOptions? json = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new DiskMemoFunc<T1, T2, TResult>(Store<TResult>(function, name, version, json), function, key);
    }

    /// <summary>Memoizes <paramref name="function"/> of three arguments on disk (see the one-argument overload).</summary>
    /// <param name="function">The function; pure, deterministic in its arguments.</param>
    /// <param name="name">Its identity (default: its declaring type and method).</param>
    /// <param name="version">Its version (default: a hash of its compiled body).</param>
    /// <param name="key">What to hash instead of the arguments.</param>
    /// <param name="json">Options for System.Text.Json.</param>
    /// <typeparam name="T1">The first argument.</typeparam>
    /// <typeparam name="T2">The second argument.</typeparam>
    /// <typeparam name="T3">The third argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public DiskMemoFunc<T1, T2, T3, TResult> Cache<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, string? name = null, string? version = null,
        Func<T1, T2, T3, object?>? key = null, JsonSerializerOptions? json = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new DiskMemoFunc<T1, T2, T3, TResult>(Store<TResult>(function, name, version, json), function, key);
    }

    /// <summary>Memoizes <paramref name="function"/> of four arguments on disk (see the one-argument overload).</summary>
    /// <param name="function">The function; pure, deterministic in its arguments.</param>
    /// <param name="name">Its identity (default: its declaring type and method).</param>
    /// <param name="version">Its version (default: a hash of its compiled body).</param>
    /// <param name="key">What to hash instead of the arguments.</param>
    /// <param name="json">Options for System.Text.Json.</param>
    /// <typeparam name="T1">The first argument.</typeparam>
    /// <typeparam name="T2">The second argument.</typeparam>
    /// <typeparam name="T3">The third argument.</typeparam>
    /// <typeparam name="T4">The fourth argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public DiskMemoFunc<T1, T2, T3, T4, TResult> Cache<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, string? name = null,
        string? version = null, Func<T1, T2, T3, T4, object?>? key = null, JsonSerializerOptions? json = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        return new DiskMemoFunc<T1, T2, T3, T4, TResult>(Store<TResult>(function, name, version, json), function, key);
    }

    /// <summary>Removes every entry of every function (the folder itself stays). Returns the bytes freed.</summary>
    public long Clear()
    {
        long freed = 0;
        foreach (string function in System.IO.Directory.EnumerateDirectories(Directory))
            freed += DeleteTree(function);
        lock (_sizeLock)
            _estimatedBytes = -1;
        return freed;
    }

    /// <summary>What the folder holds: entries and bytes, per function.</summary>
    public DiskMemoStatistics Statistics()
    {
        var functions = new List<DiskFunctionStatistics>();
        foreach (string folder in System.IO.Directory.EnumerateDirectories(Directory).Order(StringComparer.Ordinal))
        {
            string nameFile = Path.Combine(folder, NameFile);
            string name = File.Exists(nameFile) ? File.ReadAllText(nameFile).Trim() : Path.GetFileName(folder);
            FileInfo[] entries = Entries(folder).ToArray();
            functions.Add(new DiskFunctionStatistics(name, System.IO.Directory.EnumerateDirectories(folder).Count(), entries.Length,
                entries.Sum(e => e.Length), entries.Length == 0 ? null : entries.Max(e => e.LastWriteTimeUtc)));
        }
        return new DiskMemoStatistics(Directory, functions.Sum(f => f.Entries), functions.Sum(f => f.Bytes), SizeLimit, functions);
    }

    /// <summary>
    /// Removes the least recently used entries until the folder is within the size limit (nothing without one), and
    /// temporary files of writers that died more than an hour ago. Returns the bytes freed.
    /// </summary>
    public long Trim()
    {
        lock (_sizeLock)
        {
            var all = Entries(Directory).OrderBy(e => e.LastWriteTimeUtc).ToList();
            long total = all.Sum(e => e.Length), freed = 0;
            foreach (FileInfo entry in all)
            {
                if (SizeLimit is not { } limit || total <= limit)
                    break;
                if (TryDelete(entry.FullName))
                {
                    total -= entry.Length;
                    freed += entry.Length;
                }
            }
            DateTime stale = DateTime.UtcNow.AddHours(-1);
            foreach (FileInfo temp in new DirectoryInfo(Directory).EnumerateFiles("*.tmp", Recursive))
            {
                if (temp.LastWriteTimeUtc < stale)
                    TryDelete(temp.FullName);
            }
            _estimatedBytes = total;
            return freed;
        }
    }

    /// <summary>After a write: keeps a running estimate of the folder's size, and trims when it passes the limit.</summary>
    internal void Wrote(long bytes)
    {
        if (SizeLimit is not { } limit || bytes == 0)
            return;
        bool over;
        lock (_sizeLock)
        {
            if (_estimatedBytes < 0)
                _estimatedBytes = Entries(Directory).Sum(e => e.Length);
            else
                _estimatedBytes += bytes;
            over = _estimatedBytes > limit;
        }
        // Other processes write too: the estimate only says when to look; Trim counts what is there.
        if (over)
            Trim();
    }

    internal string FunctionFolder(string name) => Path.Combine(Directory, $"{Sanitize(name)}-{ArgumentHasher.HexOf(name)[..8]}");

    private EntryStore<TResult> Store<TResult>(Delegate function, string? name, string? version, JsonSerializerOptions? json)
    {
        string identity = name ?? FunctionVersion.NameOf(function);
        string v = version is null ? FunctionVersion.Of(function) : ArgumentHasher.HexOf("explicit:" + version);
        string folder = FunctionFolder(identity);
        System.IO.Directory.CreateDirectory(folder);
        string nameFile = Path.Combine(folder, NameFile);
        if (!File.Exists(nameFile))
        {
            string temp = $"{nameFile}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temp, identity + "\n");
            File.Move(temp, nameFile, overwrite: true);
        }
        return new EntryStore<TResult>(this, identity, v, Path.Combine(folder, v), ValueCodec<TResult>.For(json));
    }

    internal static long DeleteTree(string folder)
    {
        long freed = 0;
        foreach (FileInfo entry in Entries(folder))
        {
            if (TryDelete(entry.FullName))
                freed += entry.Length;
        }
        try
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process is writing into it: its entries are gone, its new one may stay.
        }
        return freed;
    }

    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };

    private static IEnumerable<FileInfo> Entries(string folder) =>
        System.IO.Directory.Exists(folder) ? new DirectoryInfo(folder).EnumerateFiles("*" + EntryFile.Extension, Recursive) : [];

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string Sanitize(string name)
    {
        var s = new StringBuilder();
        foreach (char c in name)
        {
            if (s.Length == 60)
                break;
            s.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }
        return s.ToString();
    }
}

/// <summary>What a memo folder holds (<see cref="DiskMemo.Statistics"/>).</summary>
/// <param name="Directory">The folder.</param>
/// <param name="Entries">Entries of every function and version.</param>
/// <param name="Bytes">Their size on disk, headers included.</param>
/// <param name="SizeLimit">The limit this <see cref="DiskMemo"/> keeps the folder within; null when unbounded.</param>
/// <param name="Functions">Per function, by folder name.</param>
public sealed record DiskMemoStatistics(string Directory, long Entries, long Bytes, long? SizeLimit, IReadOnlyList<DiskFunctionStatistics> Functions);

/// <summary>What one function's folder holds.</summary>
/// <param name="Name">The function's identity.</param>
/// <param name="Versions">Versions of its body with a folder (older ones are never read again; <see cref="DiskMemo.Trim"/> or a clear removes them).</param>
/// <param name="Entries">Its entries, every version.</param>
/// <param name="Bytes">Their size on disk.</param>
/// <param name="LastUsedUtc">When an entry was last written or hit; null without entries.</param>
public sealed record DiskFunctionStatistics(string Name, int Versions, long Entries, long Bytes, DateTime? LastUsedUtc);

/// <summary>What one disk-memoized function has done in this process.</summary>
/// <param name="Hits">Calls answered from an entry.</param>
/// <param name="Misses">Calls that computed the function (no entry, or a corrupt one).</param>
/// <param name="Corrupt">Entries found corrupt (truncated, torn, bad checksum, undecodable), computed again and replaced.</param>
public sealed record DiskCallStatistics(long Hits, long Misses, long Corrupt);
