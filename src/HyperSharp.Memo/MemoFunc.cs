namespace HyperSharp.Memo;

/// <summary>
/// What every in-memory memoized function offers beyond the call: its statistics, and emptying it. Thread-safe: the
/// function may be called from any number of threads at once.
/// </summary>
/// <typeparam name="TKey">The cache key: the argument, or a tuple of the arguments.</typeparam>
/// <typeparam name="TResult">The function's result.</typeparam>
public abstract class MemoizedFunction<TKey, TResult> where TKey : notnull
{
    private protected MemoizedFunction(MemoStore<TKey, TResult> store) => Store = store;

    private protected MemoStore<TKey, TResult> Store { get; }

    /// <summary>Hits, misses, evictions and the entries held now (as <c>functools.lru_cache</c>'s <c>cache_info()</c>).</summary>
    public MemoStatistics Statistics => Store.Statistics();

    /// <summary>The most entries held at once; null when unbounded.</summary>
    public int? Capacity => Store.Capacity;

    /// <summary>Drops every entry (as <c>cache_clear()</c>); hit and miss counts go on.</summary>
    public void Clear() => Store.Clear();

    /// <summary>Drops the entry of one key, so its next call computes again. False when there was none.</summary>
    public bool Invalidate(TKey key) => Store.Remove(key);
}

/// <summary>A function of one argument, memoized in memory (<see cref="Memo.Lru{T, TResult}"/>).</summary>
/// <typeparam name="T">The argument; not null.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class MemoFunc<T, TResult> : MemoizedFunction<T, TResult> where T : notnull
{
    internal MemoFunc(Func<T, TResult> function, int? capacity) : base(new MemoStore<T, TResult>(function, capacity))
    {
    }

    /// <summary>The function's result for <paramref name="arg"/>: from the cache, or computed and kept.</summary>
    public TResult Invoke(T arg) => Store.Get(arg);

    /// <summary>The memoized function as a delegate.</summary>
    public static implicit operator Func<T, TResult>(MemoFunc<T, TResult> memo) => memo.Invoke;
}

/// <summary>A function of two arguments, memoized in memory; the key is the tuple of the arguments.</summary>
/// <typeparam name="T1">The first argument.</typeparam>
/// <typeparam name="T2">The second argument.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class MemoFunc<T1, T2, TResult> : MemoizedFunction<(T1, T2), TResult>
{
    internal MemoFunc(Func<T1, T2, TResult> function, int? capacity)
        : base(new MemoStore<(T1, T2), TResult>(k => function(k.Item1, k.Item2), capacity))
    {
    }

    /// <summary>The function's result for these arguments: from the cache, or computed and kept.</summary>
    public TResult Invoke(T1 arg1, T2 arg2) => Store.Get((arg1, arg2));

    /// <summary>The memoized function as a delegate.</summary>
    public static implicit operator Func<T1, T2, TResult>(MemoFunc<T1, T2, TResult> memo) => memo.Invoke;
}

/// <summary>A function of three arguments, memoized in memory; the key is the tuple of the arguments.</summary>
/// <typeparam name="T1">The first argument.</typeparam>
/// <typeparam name="T2">The second argument.</typeparam>
/// <typeparam name="T3">The third argument.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class MemoFunc<T1, T2, T3, TResult> : MemoizedFunction<(T1, T2, T3), TResult>
{
    internal MemoFunc(Func<T1, T2, T3, TResult> function, int? capacity)
        : base(new MemoStore<(T1, T2, T3), TResult>(k => function(k.Item1, k.Item2, k.Item3), capacity))
    {
    }

    /// <summary>The function's result for these arguments: from the cache, or computed and kept.</summary>
    public TResult Invoke(T1 arg1, T2 arg2, T3 arg3) => Store.Get((arg1, arg2, arg3));

    /// <summary>The memoized function as a delegate.</summary>
    public static implicit operator Func<T1, T2, T3, TResult>(MemoFunc<T1, T2, T3, TResult> memo) => memo.Invoke;
}

/// <summary>A function of four arguments, memoized in memory; the key is the tuple of the arguments.</summary>
/// <typeparam name="T1">The first argument.</typeparam>
/// <typeparam name="T2">The second argument.</typeparam>
/// <typeparam name="T3">The third argument.</typeparam>
/// <typeparam name="T4">The fourth argument.</typeparam>
/// <typeparam name="TResult">The result.</typeparam>
public sealed class MemoFunc<T1, T2, T3, T4, TResult> : MemoizedFunction<(T1, T2, T3, T4), TResult>
{
    internal MemoFunc(Func<T1, T2, T3, T4, TResult> function, int? capacity)
        : base(new MemoStore<(T1, T2, T3, T4), TResult>(k => function(k.Item1, k.Item2, k.Item3, k.Item4), capacity))
    {
    }

    /// <summary>The function's result for these arguments: from the cache, or computed and kept.</summary>
    public TResult Invoke(T1 arg1, T2 arg2, T3 arg3, T4 arg4) => Store.Get((arg1, arg2, arg3, arg4));

    /// <summary>The memoized function as a delegate.</summary>
    public static implicit operator Func<T1, T2, T3, T4, TResult>(MemoFunc<T1, T2, T3, T4, TResult> memo) => memo.Invoke;
}
