using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using HyperSharp.Collections;

namespace HyperSharp.Harness.Tables;

/// <summary>
/// The timed loops of the collections table: each performs one operation <c>k</c> times on a structure built
/// beforehand, untimed, and returns a checksum of what the operations gave (popped values summed, positions found
/// summed, hits counted) so the work cannot be optimised away and the tests can check the answers.
/// <para>Each loop is compiled straight to optimised code (<see cref="MethodImplOptions.AggressiveOptimization"/>):
/// a loop called a few dozen times would otherwise be timed partly in tier-0 code.</para>
/// </summary>
internal static class CollectionOps
{
    private const MethodImplOptions Optimized = MethodImplOptions.AggressiveOptimization;

    /// <summary>
    /// The j-th pseudo-random value below <paramref name="m"/>: j·2654435761 mod m (Knuth's multiplicative hash, a
    /// prime). The Python peer computes the same numbers, so both sides search and push the same values.
    /// </summary>
    public static int Spread(long j, int m) => (int)((ulong)j * 2654435761UL % (ulong)m);

    /// <summary>The k targets of a batch: Spread(1..k, m) (Spread(0) is 0, the first element, the easiest search).</summary>
    public static int[] Targets(int k, int m)
    {
        var ts = new int[k];
        for (int j = 0; j < k; j++)
            ts[j] = Spread(j + 1, m);
        return ts;
    }

    /// <summary>The values a heap or sorted list starts with: Spread(0..count−1, 2N).</summary>
    public static int[] Values(int count, int n)
    {
        var values = new int[count];
        for (int i = 0; i < count; i++)
            values[i] = Spread(i, 2 * n);
        return values;
    }

    public static List<int> Range(int count) => [.. Enumerable.Range(0, count)];

    [MethodImpl(Optimized)]
    public static long ListPopBack(List<int> list, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += list[^1];
            list.RemoveAt(list.Count - 1);
        }
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long ListPopFront(List<int> list, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += list[0];
            list.RemoveAt(0);
        }
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long ListAdd(List<int> list, int k)
    {
        for (int i = 0; i < k; i++)
            list.Add(1);
        return list.Count;
    }

    [MethodImpl(Optimized)]
    public static long ListInsertFront(List<int> list, int k)
    {
        for (int i = 0; i < k; i++)
            list.Insert(0, 1);
        return list.Count;
    }

    [MethodImpl(Optimized)]
    public static long DequePopBack(Deque<int> deque, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
            sum += deque.PopBack();
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long DequePopFront(Deque<int> deque, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
            sum += deque.PopFront();
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long DequePushBack(Deque<int> deque, int k)
    {
        for (int i = 0; i < k; i++)
            deque.PushBack(1);
        return deque.Count;
    }

    [MethodImpl(Optimized)]
    public static long DequePushFront(Deque<int> deque, int k)
    {
        for (int i = 0; i < k; i++)
            deque.PushFront(1);
        return deque.Count;
    }

    [MethodImpl(Optimized)]
    public static long DequeAt(Deque<int> deque, int index, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
            sum += deque[index];
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long LinkedRemoveLast(LinkedList<int> list, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += list.Last!.Value;
            list.RemoveLast();
        }
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long LinkedRemoveFirst(LinkedList<int> list, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += list.First!.Value;
            list.RemoveFirst();
        }
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long LinkedAddLast(LinkedList<int> list, int k)
    {
        for (int i = 0; i < k; i++)
            list.AddLast(1);
        return list.Count;
    }

    [MethodImpl(Optimized)]
    public static long LinkedAddFirst(LinkedList<int> list, int k)
    {
        for (int i = 0; i < k; i++)
            list.AddFirst(1);
        return list.Count;
    }

    /// <summary>
    /// The element at <paramref name="index"/>, walking from the nearer end as CPython's deque does (its blocks form a
    /// linked list): O(1) at either end, O(N) in the middle.
    /// </summary>
    [MethodImpl(Optimized)]
    public static long LinkedAt(LinkedList<int> list, int index, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
        {
            LinkedListNode<int> node;
            if (index < list.Count / 2)
            {
                node = list.First!;
                for (int s = 0; s < index; s++)
                    node = node.Next!;
            }
            else
            {
                node = list.Last!;
                for (int s = list.Count - 1; s > index; s--)
                    node = node.Previous!;
            }
            sum += node.Value;
        }
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long ListAt(List<int> list, int index, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
            sum += list[index];
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long IndexOf(List<int> list, int[] targets)
    {
        long sum = 0;
        foreach (int t in targets)
            sum += list.IndexOf(t);
        return sum;
    }

    /// <summary>The position of each target in a sorted list without duplicates (the book's <c>index_bisect</c>).</summary>
    [MethodImpl(Optimized)]
    public static long BinarySearch(List<int> list, int[] targets)
    {
        long sum = 0;
        foreach (int t in targets)
            sum += list.BinarySearch(t);
        return sum;
    }

    [MethodImpl(Optimized)]
    public static long ListContains(List<int> list, int[] targets)
    {
        long hits = 0;
        foreach (int t in targets)
            hits += list.Contains(t) ? 1 : 0;
        return hits;
    }

    [MethodImpl(Optimized)]
    public static long SetContains(HashSet<int> set, int[] targets)
    {
        long hits = 0;
        foreach (int t in targets)
            hits += set.Contains(t) ? 1 : 0;
        return hits;
    }

    [MethodImpl(Optimized)]
    public static long FrozenSetContains(FrozenSet<int> set, int[] targets)
    {
        long hits = 0;
        foreach (int t in targets)
            hits += set.Contains(t) ? 1 : 0;
        return hits;
    }

    [MethodImpl(Optimized)]
    public static long DictionaryContains(Dictionary<int, int> dictionary, int[] targets)
    {
        long hits = 0;
        foreach (int t in targets)
            hits += dictionary.ContainsKey(t) ? 1 : 0;
        return hits;
    }

    [MethodImpl(Optimized)]
    public static long FrozenDictionaryContains(FrozenDictionary<int, int> dictionary, int[] targets)
    {
        long hits = 0;
        foreach (int t in targets)
            hits += dictionary.ContainsKey(t) ? 1 : 0;
        return hits;
    }

    /// <summary>Pushes every target; the smallest element after, as <c>heap[0]</c>.</summary>
    [MethodImpl(Optimized)]
    public static long HeapPush(PriorityQueue<int, int> heap, int[] targets)
    {
        foreach (int t in targets)
            heap.Enqueue(t, t);
        return heap.Peek();
    }

    [MethodImpl(Optimized)]
    public static long HeapPop(PriorityQueue<int, int> heap, int k)
    {
        long sum = 0;
        for (int i = 0; i < k; i++)
            sum += heap.Dequeue();
        return sum;
    }

    /// <summary>Inserts every target where it keeps the list sorted (<c>bisect.insort</c>); the smallest element after.</summary>
    [MethodImpl(Optimized)]
    public static long SortedInsert(List<int> sorted, int[] targets)
    {
        foreach (int t in targets)
        {
            int i = sorted.BinarySearch(t);
            sorted.Insert(i < 0 ? ~i : i, t);
        }
        return sorted[0];
    }

    /// <summary>The smallest element of a list kept sorted largest first, popped from its end: a sorted list's O(1) pop-min.</summary>
    [MethodImpl(Optimized)]
    public static long SortedPopMin(List<int> descending, int k) => ListPopBack(descending, k);
}
