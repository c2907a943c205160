namespace HyperSharp.Memo;

/// <summary>The entries of one version of one function: keys to files, reads, writes, counts.</summary>
internal sealed class EntryStore<TResult>(DiskMemo memo, string name, string version, string folder, ValueCodec<TResult> codec)
{
    private long _hits, _misses, _corrupt;

    public string Name => name;
    public string Version => version;
    public DiskMemo Memo => memo;

    public UInt128 Key(Action<ArgumentHasher> add)
    {
        var hasher = new ArgumentHasher();
        // The key covers the identity and version too: a file can be checked to be the entry of this very call.
        hasher.Add(name);
        hasher.Add(version);
        add(hasher);
        return hasher.Digest();
    }

    public string PathOf(UInt128 key) => Path.Combine(folder, key.ToString("x32", System.Globalization.CultureInfo.InvariantCulture) + EntryFile.Extension);

    public TResult Get(UInt128 key, Func<TResult> compute)
    {
        if (TryGet(key, out TResult value))
            return value;
        TResult computed = compute();
        Set(key, computed);
        return computed;
    }

    public bool TryGet(UInt128 key, out TResult value)
    {
        switch (EntryFile.Read(PathOf(key), key, codec, touch: true, out value))
        {
            case EntryFile.Outcome.Found:
                Interlocked.Increment(ref _hits);
                return true;
            case EntryFile.Outcome.Corrupt:
                Interlocked.Increment(ref _corrupt);
                break;
        }
        Interlocked.Increment(ref _misses);
        return false;
    }

    public void Set(UInt128 key, TResult value) => memo.Wrote(EntryFile.Write(PathOf(key), key, codec, value));

    public bool IsCached(UInt128 key) => EntryFile.Read(PathOf(key), key, codec, touch: false, out _) == EntryFile.Outcome.Found;

    public bool Invalidate(UInt128 key)
    {
        string path = PathOf(key);
        if (!File.Exists(path))
            return false;
        File.Delete(path);
        return true;
    }

    public long ClearFunction() => DiskMemo.DeleteTree(Path.GetDirectoryName(folder)!);

    public DiskCallStatistics Statistics => new(Interlocked.Read(ref _hits), Interlocked.Read(ref _misses), Interlocked.Read(ref _corrupt));
}

/// <summary>What every disk-memoized function offers beyond the call: its identity, its counts, and clearing it.</summary>
public abstract class DiskMemoizedFunction
{
    private protected DiskMemoizedFunction()
    {
    }

    /// <summary>The function's identity (its folder).</summary>
    public abstract string Name { get; }

    /// <summary>The version of its body (or of the version given) the entries are keyed by.</summary>
    public abstract string Version { get; }

    /// <summary>Hits, misses and corrupt entries met by this process.</summary>
    public abstract DiskCallStatistics Statistics { get; }

    /// <summary>Removes every entry of this function, of every version. Returns the bytes freed.</summary>
    public abstract long Clear();
}

/// <summary>A function of one argument memoized on disk (<see cref="DiskMemo.Cache{T, TResult}"/>).</summary>
/// <typeparam name="T">The argument.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class DiskMemoFunc<T, TResult> : DiskMemoizedFunction
{
    private readonly EntryStore<TResult> _store;
    private readonly Func<T, TResult> _function;
    private readonly Func<T, object?>? _key;

    internal DiskMemoFunc(EntryStore<TResult> store, Func<T, TResult> function, Func<T, object?>? key) =>
        (_store, _function, _key) = (store, function, key);

    /// <inheritdoc/>
    public override string Name => _store.Name;

    /// <inheritdoc/>
    public override string Version => _store.Version;

    /// <inheritdoc/>
    public override DiskCallStatistics Statistics => _store.Statistics;

    /// <summary>The result for <paramref name="arg"/>: read from its entry, or computed and written.</summary>
    public TResult Invoke(T arg) => _store.Get(Key(arg), () => _function(arg));

    /// <summary>
    /// The result for <paramref name="arg"/> when a valid entry holds it, without computing: for a caller that computes
    /// in its own way (asynchronously, say) and then <see cref="Set"/>s it.
    /// </summary>
    public bool TryGet(T arg, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TResult value) => _store.TryGet(Key(arg), out value!);

    /// <summary>Writes <paramref name="value"/> as the result for <paramref name="arg"/> (replacing any entry).</summary>
    public void Set(T arg, TResult value) => _store.Set(Key(arg), value);

    /// <summary>Whether a valid entry for <paramref name="arg"/> exists now (checksum included), so that a call would not compute.</summary>
    public bool IsCached(T arg) => _store.IsCached(Key(arg));

    /// <summary>Removes the entry for <paramref name="arg"/>. False when there was none.</summary>
    public bool Invalidate(T arg) => _store.Invalidate(Key(arg));

    /// <inheritdoc/>
    public override long Clear() => _store.ClearFunction();

    private UInt128 Key(T arg) => _store.Key(h => h.Add(_key is null ? arg : _key(arg)));

    /// <summary>The file of the entry for <paramref name="arg"/> (for tests).</summary>
    internal string EntryPath(T arg) => _store.PathOf(Key(arg));
}

/// <summary>A function of two arguments memoized on disk.</summary>
/// <typeparam name="T1">The first argument.</typeparam>
/// <typeparam name="T2">The second argument.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class DiskMemoFunc<T1, T2, TResult> : DiskMemoizedFunction
{
    private readonly EntryStore<TResult> _store;
    private readonly Func<T1, T2, TResult> _function;
    private readonly Func<T1, T2, object?>? _key;

    internal DiskMemoFunc(EntryStore<TResult> store, Func<T1, T2, TResult> function, Func<T1, T2, object?>? key) =>
        (_store, _function, _key) = (store, function, key);

    /// <inheritdoc/>
    public override string Name => _store.Name;

    /// <inheritdoc/>
    public override string Version => _store.Version;

    /// <inheritdoc/>
    public override DiskCallStatistics Statistics => _store.Statistics;

    /// <summary>The result for these arguments: read from its entry, or computed and written.</summary>
    public TResult Invoke(T1 arg1, T2 arg2) => _store.Get(Key(arg1, arg2), () => _function(arg1, arg2));

    /// <summary>Whether a valid entry for these arguments exists now.</summary>
    public bool IsCached(T1 arg1, T2 arg2) => _store.IsCached(Key(arg1, arg2));

    /// <summary>Removes the entry for these arguments. False when there was none.</summary>
    public bool Invalidate(T1 arg1, T2 arg2) => _store.Invalidate(Key(arg1, arg2));

    /// <inheritdoc/>
    public override long Clear() => _store.ClearFunction();

    private UInt128 Key(T1 arg1, T2 arg2) => _store.Key(h =>
    {
        if (_key is not null)
        {
            h.Add(_key(arg1, arg2));
            return;
        }
        h.Add(arg1);
        h.Add(arg2);
    });
}

/// <summary>A function of three arguments memoized on disk.</summary>
/// <typeparam name="T1">The first argument.</typeparam>
/// <typeparam name="T2">The second argument.</typeparam>
/// <typeparam name="T3">The third argument.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class DiskMemoFunc<T1, T2, T3, TResult> : DiskMemoizedFunction
{
    private readonly EntryStore<TResult> _store;
    private readonly Func<T1, T2, T3, TResult> _function;
    private readonly Func<T1, T2, T3, object?>? _key;

    internal DiskMemoFunc(EntryStore<TResult> store, Func<T1, T2, T3, TResult> function, Func<T1, T2, T3, object?>? key) =>
        (_store, _function, _key) = (store, function, key);

    /// <inheritdoc/>
    public override string Name => _store.Name;

    /// <inheritdoc/>
    public override string Version => _store.Version;

    /// <inheritdoc/>
    public override DiskCallStatistics Statistics => _store.Statistics;

    /// <summary>The result for these arguments: read from its entry, or computed and written.</summary>
    public TResult Invoke(T1 arg1, T2 arg2, T3 arg3) => _store.Get(Key(arg1, arg2, arg3), () => _function(arg1, arg2, arg3));

    /// <summary>Whether a valid entry for these arguments exists now.</summary>
    public bool IsCached(T1 arg1, T2 arg2, T3 arg3) => _store.IsCached(Key(arg1, arg2, arg3));

    /// <summary>Removes the entry for these arguments. False when there was none.</summary>
    public bool Invalidate(T1 arg1, T2 arg2, T3 arg3) => _store.Invalidate(Key(arg1, arg2, arg3));

    /// <inheritdoc/>
    public override long Clear() => _store.ClearFunction();

    private UInt128 Key(T1 arg1, T2 arg2, T3 arg3) => _store.Key(h =>
    {
        if (_key is not null)
        {
            h.Add(_key(arg1, arg2, arg3));
            return;
        }
        h.Add(arg1);
        h.Add(arg2);
        h.Add(arg3);
    });
}

/// <summary>A function of four arguments memoized on disk.</summary>
/// <typeparam name="T1">The first argument.</typeparam>
/// <typeparam name="T2">The second argument.</typeparam>
/// <typeparam name="T3">The third argument.</typeparam>
/// <typeparam name="T4">The fourth argument.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class DiskMemoFunc<T1, T2, T3, T4, TResult> : DiskMemoizedFunction
{
    private readonly EntryStore<TResult> _store;
    private readonly Func<T1, T2, T3, T4, TResult> _function;
    private readonly Func<T1, T2, T3, T4, object?>? _key;

    internal DiskMemoFunc(EntryStore<TResult> store, Func<T1, T2, T3, T4, TResult> function, Func<T1, T2, T3, T4, object?>? key) =>
        (_store, _function, _key) = (store, function, key);

    /// <inheritdoc/>
    public override string Name => _store.Name;

    /// <inheritdoc/>
    public override string Version => _store.Version;

    /// <inheritdoc/>
    public override DiskCallStatistics Statistics => _store.Statistics;

    /// <summary>The result for these arguments: read from its entry, or computed and written.</summary>
    public TResult Invoke(T1 arg1, T2 arg2, T3 arg3, T4 arg4) => _store.Get(Key(arg1, arg2, arg3, arg4), () => _function(arg1, arg2, arg3, arg4));

    /// <summary>Whether a valid entry for these arguments exists now.</summary>
    public bool IsCached(T1 arg1, T2 arg2, T3 arg3, T4 arg4) => _store.IsCached(Key(arg1, arg2, arg3, arg4));

    /// <summary>Removes the entry for these arguments. False when there was none.</summary>
    public bool Invalidate(T1 arg1, T2 arg2, T3 arg3, T4 arg4) => _store.Invalidate(Key(arg1, arg2, arg3, arg4));

    /// <inheritdoc/>
    public override long Clear() => _store.ClearFunction();

    private UInt128 Key(T1 arg1, T2 arg2, T3 arg3, T4 arg4) => _store.Key(h =>
    {
        if (_key is not null)
        {
            h.Add(_key(arg1, arg2, arg3, arg4));
            return;
        }
        h.Add(arg1);
        h.Add(arg2);
        h.Add(arg3);
        h.Add(arg4);
    });
}
