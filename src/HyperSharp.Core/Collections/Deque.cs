using System.Collections;
using System.Runtime.CompilerServices;

namespace HyperSharp.Collections;

/// <summary>
/// A double-ended queue on a ring buffer: push and pop at both ends in amortised O(1), and — unlike CPython's
/// <c>collections.deque</c>, a linked list of 64-slot blocks — indexing anywhere in O(1). .NET has no deque type
/// (<see cref="LinkedList{T}"/> allocates a node per element and cannot index), hence this one.
/// <para>The capacity is a power of two so that a logical index maps to a slot with a mask instead of a division.
/// When full, the buffer doubles and the elements are copied out in order, front first.</para>
/// </summary>
public sealed class Deque<T> : IReadOnlyList<T>
{
    private T[] _items;
    private int _head; // slot of the front element
    private int _count;
    private int _version; // enumerators fail fast if the deque changes under them, as List<T>'s do

    /// <summary>An empty deque; the first push allocates.</summary>
    public Deque()
        : this(0)
    {
    }

    /// <summary>A deque with room for at least <paramref name="capacity"/> elements before it grows.</summary>
    public Deque(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _items = capacity == 0 ? [] : new T[RoundUp(capacity)];
    }

    /// <summary>A deque holding <paramref name="items"/>, the first one at the front.</summary>
    public Deque(IEnumerable<T> items)
        : this(items is ICollection<T> c ? c.Count : 0)
    {
        foreach (T item in items)
            PushBack(item);
    }

    /// <summary>Elements held.</summary>
    public int Count => _count;

    /// <summary>Slots allocated (a power of two, or 0).</summary>
    public int Capacity => _items.Length;

    /// <summary>The element <paramref name="index"/> places from the front, in O(1).</summary>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
                ThrowIndex(index);
            return _items[(_head + index) & (_items.Length - 1)];
        }
        set
        {
            if ((uint)index >= (uint)_count)
                ThrowIndex(index);
            _items[(_head + index) & (_items.Length - 1)] = value;
            _version++;
        }
    }

    /// <summary>Appends <paramref name="item"/> at the back (amortised O(1)).</summary>
    public void PushBack(T item)
    {
        if (_count == _items.Length)
            Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
        _version++;
    }

    /// <summary>Inserts <paramref name="item"/> at the front (amortised O(1)).</summary>
    public void PushFront(T item)
    {
        if (_count == _items.Length)
            Grow();
        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = item;
        _count++;
        _version++;
    }

    /// <summary>Removes and returns the back element.</summary>
    /// <exception cref="InvalidOperationException">The deque is empty.</exception>
    public T PopBack()
    {
        if (_count == 0)
            ThrowEmpty();
        int slot = (_head + _count - 1) & (_items.Length - 1);
        T item = _items[slot];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            _items[slot] = default!; // let the GC have what the deque no longer holds
        _count--;
        _version++;
        return item;
    }

    /// <summary>Removes and returns the front element.</summary>
    /// <exception cref="InvalidOperationException">The deque is empty.</exception>
    public T PopFront()
    {
        if (_count == 0)
            ThrowEmpty();
        T item = _items[_head];
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            _items[_head] = default!;
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        _version++;
        return item;
    }

    /// <summary>The front element, left in place.</summary>
    /// <exception cref="InvalidOperationException">The deque is empty.</exception>
    public T PeekFront() => _count == 0 ? ThrowEmpty() : _items[_head];

    /// <summary>The back element, left in place.</summary>
    /// <exception cref="InvalidOperationException">The deque is empty.</exception>
    public T PeekBack() => _count == 0 ? ThrowEmpty() : _items[(_head + _count - 1) & (_items.Length - 1)];

    /// <summary>Removes every element; the capacity stays.</summary>
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
            Array.Clear(_items);
        _head = 0;
        _count = 0;
        _version++;
    }

    /// <summary>Enumerates front to back without allocating; fails if the deque changes meanwhile.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void Grow()
    {
        var bigger = new T[_items.Length == 0 ? 4 : checked(_items.Length * 2)];
        // The live elements may wrap around the end of the buffer: copy the run from the head, then the wrapped part.
        int first = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, bigger, 0, first);
        Array.Copy(_items, 0, bigger, first, _count - first);
        _items = bigger;
        _head = 0;
    }

    private static int RoundUp(int capacity) =>
        capacity > 1 << 30 ? throw new ArgumentOutOfRangeException(nameof(capacity)) : (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)capacity);

    private void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, $"index must be from 0 to {_count - 1}");

    private static T ThrowEmpty() => throw new InvalidOperationException("the deque is empty");

    /// <summary>Front to back.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly Deque<T> _deque;
        private readonly int _version;
        private int _index;

        internal Enumerator(Deque<T> deque)
        {
            _deque = deque;
            _version = deque._version;
            _index = -1;
        }

        /// <inheritdoc/>
        public readonly T Current => _deque[_index];

        readonly object? IEnumerator.Current => Current;

        /// <summary>Moves to the next element.</summary>
        /// <exception cref="InvalidOperationException">The deque changed since enumeration began.</exception>
        public bool MoveNext()
        {
            if (_version != _deque._version)
                throw new InvalidOperationException("the deque changed during enumeration");
            return ++_index < _deque._count;
        }

        /// <inheritdoc/>
        public void Reset() => _index = -1;

        /// <summary>Nothing to release.</summary>
        public readonly void Dispose()
        {
        }
    }
}
