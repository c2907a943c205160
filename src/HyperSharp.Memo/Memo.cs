namespace HyperSharp.Memo;

/// <summary>
/// Memoization: <see cref="Lru{T, TResult}"/> keeps results in memory (as Python's <c>functools.lru_cache</c>),
/// <see cref="Disk"/> keeps them in a folder that outlives the process (as <c>joblib.Memory</c>).
/// </summary>
/// <example>
/// <code>
/// MemoFunc&lt;int, long&gt; fib = null!;
/// fib = Memo.Lru&lt;int, long&gt;(n =&gt; n &lt; 2 ? n : fib.Invoke(n - 1) + fib.Invoke(n - 2), capacity: 1000);
/// long f90 = fib.Invoke(90);          // 91 misses, then hits
/// Console.WriteLine(fib.Statistics);  // hits=88, misses=91, evictions=0, size=91, capacity=1000
///
/// var disk = Memo.Disk("/tmp/memo");
/// var slow = disk.Cache((double[] xs) =&gt; xs.Select(Math.Sqrt).ToArray());
/// double[] roots = slow.Invoke([1, 4, 9]); // computed, written; the next process reads it
/// </code>
/// </example>
public static class Memo
{
    /// <summary>
    /// Memoizes <paramref name="function"/> in memory, keeping at most <paramref name="capacity"/> results. Eviction
    /// is BitFaster.Caching's <c>ConcurrentLru</c>: an approximate LRU in hot, warm and cold queues, in which an entry
    /// read again since it was added outlives entries that were not (a scan of new keys does not flush it).
    /// Thread-safe; two threads missing on one key may both compute it (the function must be pure).
    /// </summary>
    /// <param name="function">A pure function.</param>
    /// <param name="capacity">The most results kept, at least 3.</param>
    /// <typeparam name="T">The argument; not null.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public static MemoFunc<T, TResult> Lru<T, TResult>(Func<T, TResult> function, int capacity) where T : notnull =>
        new(Checked(function), capacity);

    /// <summary>Memoizes a function of two arguments in memory (see the one-argument overload).</summary>
    /// <param name="function">A pure function.</param>
    /// <param name="capacity">The most results kept, at least 3.</param>
    /// <typeparam name="T1">The first argument.</typeparam>
    /// <typeparam name="T2">The second argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public static MemoFunc<T1, T2, TResult> Lru<T1, T2, TResult>(Func<T1, T2, TResult> function, int capacity) => new(Checked(function), capacity);

    /// <summary>Memoizes a function of three arguments in memory (see the one-argument overload).</summary>
    /// <param name="function">A pure function.</param>
    /// <param name="capacity">The most results kept, at least 3.</param>
    /// <typeparam name="T1">The first argument.</typeparam>
    /// <typeparam name="T2">The second argument.</typeparam>
    /// <typeparam name="T3">The third argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public static MemoFunc<T1, T2, T3, TResult> Lru<T1, T2, T3, TResult>(Func<T1, T2, T3, TResult> function, int capacity) => new(Checked(function), capacity);

    /// <summary>Memoizes a function of four arguments in memory (see the one-argument overload).</summary>
    /// <param name="function">A pure function.</param>
    /// <param name="capacity">The most results kept, at least 3.</param>
    /// <typeparam name="T1">The first argument.</typeparam>
    /// <typeparam name="T2">The second argument.</typeparam>
    /// <typeparam name="T3">The third argument.</typeparam>
    /// <typeparam name="T4">The fourth argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public static MemoFunc<T1, T2, T3, T4, TResult> Lru<T1, T2, T3, T4, TResult>(Func<T1, T2, T3, T4, TResult> function, int capacity) =>
        new(Checked(function), capacity);

    /// <summary>Memoizes <paramref name="function"/> in memory with no bound (as <c>functools.cache</c>): nothing is evicted.</summary>
    /// <param name="function">A pure function.</param>
    /// <typeparam name="T">The argument; not null.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public static MemoFunc<T, TResult> Unbounded<T, TResult>(Func<T, TResult> function) where T : notnull => new(Checked(function), null);

    /// <summary>Memoizes a function of two arguments in memory with no bound.</summary>
    /// <param name="function">A pure function.</param>
    /// <typeparam name="T1">The first argument.</typeparam>
    /// <typeparam name="T2">The second argument.</typeparam>
    /// <typeparam name="TResult">The result.</typeparam>
    public static MemoFunc<T1, T2, TResult> Unbounded<T1, T2, TResult>(Func<T1, T2, TResult> function) => new(Checked(function), null);

    /// <summary>
    /// A memo folder (made if missing): functions memoized with its <c>Cache</c> keep their results there, across
    /// processes and restarts.
    /// </summary>
    /// <param name="directory">The folder; several processes may share it.</param>
    /// <param name="sizeLimitBytes">The most bytes its entries may take; beyond, the least recently used are removed. Null: unbounded.</param>
    public static DiskMemo Disk(string directory, long? sizeLimitBytes = null) => new(directory, sizeLimitBytes);

    /// <summary>
    /// The default memo folder: <c>$HYPERSHARP_CACHE_DIR</c> when set, else <c>$XDG_CACHE_HOME/hypersharp</c>, else
    /// <c>~/.cache/hypersharp</c> (on Windows, <c>%LOCALAPPDATA%\hypersharp</c>).
    /// </summary>
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable(CacheDirectoryVariable) is { Length: > 0 } own)
            return own;
        if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg)
            return Path.Combine(xdg, "hypersharp");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "hypersharp");
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "hypersharp");
    }

    /// <summary>The environment variable that overrides <see cref="DefaultDirectory"/>.</summary>
    public const string CacheDirectoryVariable = "HYPERSHARP_CACHE_DIR";

    private static T Checked<T>(T function) where T : Delegate
    {
        ArgumentNullException.ThrowIfNull(function);
        return function;
    }
}
