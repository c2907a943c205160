using System.Collections.Concurrent;
using BitFaster.Caching.Counters;
using BitFaster.Caching.Lru;

namespace HyperSharp.Memo;

/// <summary>
/// The cache behind every in-memory memoized function: BitFaster.Caching's <see cref="ConcurrentLru{K,V}"/> when
/// bounded (its striped hit/miss/eviction counters cost a few nanoseconds), a <see cref="ConcurrentDictionary{K,V}"/>
/// with striped counters when unbounded. Two sealed fields and a branch rather than an interface: the hit path stays a
/// direct call.
/// </summary>
internal sealed class MemoStore<TKey, TResult> where TKey : notnull
{
    private readonly ConcurrentLru<TKey, TResult>? _lru;
    private readonly ConcurrentDictionary<TKey, TResult>? _all;
    private readonly Counter? _hits;
    private readonly Counter? _misses;
    private readonly Func<TKey, TResult> _compute;
    private readonly Func<TKey, TResult>? _computeCounted;

    public MemoStore(Func<TKey, TResult> compute, int? capacity)
    {
        _compute = compute;
        if (capacity is { } c)
        {
            // ConcurrentLru splits its capacity into hot, warm and cold queues, one entry each at least.
            ArgumentOutOfRangeException.ThrowIfLessThan(c, 3, nameof(capacity));
            _lru = new ConcurrentLru<TKey, TResult>(c);
        }
        else
        {
            _all = new ConcurrentDictionary<TKey, TResult>();
            _hits = new Counter();
            _misses = new Counter();
            _computeCounted = key =>
            {
                _misses.Increment();
                return compute(key);
            };
        }
        Capacity = capacity;
    }

    public int? Capacity { get; }

    public TResult Get(TKey key)
    {
        if (_lru is not null)
            return _lru.GetOrAdd(key, _compute);
        if (_all!.TryGetValue(key, out TResult? value))
        {
            _hits!.Increment();
            return value;
        }
        return _all.GetOrAdd(key, _computeCounted!);
    }

    public bool Remove(TKey key) => _lru is not null ? _lru.TryRemove(key) : _all!.TryRemove(key, out _);

    public void Clear()
    {
        _lru?.Clear();
        _all?.Clear();
    }

    public MemoStatistics Statistics()
    {
        if (_lru is not null)
        {
            var m = _lru.Metrics.Value!;
            return new MemoStatistics(m.Hits, m.Misses, m.Evicted, _lru.Count, Capacity);
        }
        return new MemoStatistics(_hits!.Count(), _misses!.Count(), 0, _all!.Count, null);
    }
}
