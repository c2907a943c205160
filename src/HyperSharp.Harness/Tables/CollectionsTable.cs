using System.Collections.Frozen;
using HyperSharp.Collections;
using static HyperSharp.Harness.Tables.CollectionOps;

namespace HyperSharp.Harness.Tables;

/// <summary>
/// One row of Lanaro's ch. 2 tables: the book's label and figures, the Python that is timed (the book's statement,
/// run by the peer <c>peers/python/collections_table.py</c> with <c>timeit</c>), and its .NET counterparts.
/// </summary>
/// <param name="Key">Stable id, shared with the Python peer's output.</param>
/// <param name="Group">list, deque, bisect, hash or heap.</param>
/// <param name="Book">The row as the book writes it.</param>
/// <param name="Setup">Python, untimed, run before each timed run; sees <c>n</c>, <c>k</c>, <c>ts</c> (the k
/// targets), <c>spread</c>, <c>deque</c>, <c>heapq</c>, <c>bisect</c>, <c>index_bisect</c>.</param>
/// <param name="Statement">Python, timed, once per target <c>t</c> in <c>ts</c> (k times): ts[j] = spread(j + 1, Span·N).</param>
/// <param name="Span">Targets are spread over [0, Span·N): 2 makes about half of them miss a structure of 0..N−1.</param>
/// <param name="Stated">The complexity the book (or CPython's documentation) states.</param>
/// <param name="BookMicros">The book's µs at N = 10,000 to 30,000, where it gives them.</param>
/// <param name="Batch">Operations per timed run at size N (a mutating batch stays within 10 % of N).</param>
public sealed record OperationRow(
    string Key, string Group, string Book, string Setup, string Statement, int Span, string Stated, string? BookMicros,
    Func<int, int> Batch, IReadOnlyList<Counterpart> DotNet);

/// <summary>The rows of the collections table, in the book's order.</summary>
public static class CollectionsTable
{
    public static IReadOnlyList<int> DefaultSizes { get; } = [10_000, 20_000, 30_000];

    private static int Tenth(int n) => Math.Max(1, n / 10);
    private static int Hundredth(int n) => Math.Max(1, n / 100);
    // A linear search's cost depends on where its target is: at least 20 targets, so the batch averages over them.
    private static int Searches(int n) => Math.Max(20, n / 1000);

    public static IReadOnlyList<OperationRow> Rows { get; } = Build();

    private static IReadOnlyList<OperationRow> Build()
    {
        const string list = "lst = list(range(n))", listK = "lst = list(range(n + k))";
        const string dq = "dq = deque(range(n))", dqK = "dq = deque(range(n + k))";
        static List<int> Grown(int n, int k) => Range(n + k);
        static Deque<int> DequeOf(int count) => new(Enumerable.Range(0, count));
        static LinkedList<int> LinkedOf(int count) => new(Enumerable.Range(0, count));
        static (List<int>, int[]) ListWithTargets(int n, int k, int span) => (Range(n), CollectionOps.Targets(k, span * n));
        // Room for the k adds of the timed batch: .NET grows by doubling, so a batch that crossed a doubling would pay
        // a whole copy and one that did not would pay none — a step at some N that no growth law fits (CPython's list
        // and deque grow in small steps instead). The adds are timed at steady state; the growth table shows the copies.
        static List<int> Roomy(int n, int k) { var l = new List<int>(n + k); l.AddRange(Enumerable.Range(0, n)); return l; }
        static Deque<int> RoomyDeque(int n, int k) { var d = new Deque<int>(n + k); for (int i = 0; i < n; i++) d.PushBack(i); return d; }
        static PriorityQueue<int, int> RoomyHeap(int n, int k) { var q = new PriorityQueue<int, int>(n + k); q.EnqueueRange(Values(n, n).Select(v => (v, v))); return q; }

        return
        [
            new("list.pop", "list", "list.pop()", listK, "lst.pop()", 1, "O(1)", "0.50", Tenth,
                [Counterpart.Of("List<int>.RemoveAt(Count - 1)", true, Grown, ListPopBack)]),
            new("list.pop0", "list", "list.pop(0)", listK, "lst.pop(0)", 1, "O(N)", "4.20–12.09", Hundredth,
                [Counterpart.Of("List<int>.RemoveAt(0)", true, Grown, ListPopFront)]),
            new("list.append", "list", "list.append(1)", list, "lst.append(1)", 1, "O(1)", null, Tenth,
                [Counterpart.Of("List<int>.Add(1)", true, (n, k) => Roomy(n, k), ListAdd)]),
            new("list.insert0", "list", "list.insert(0, 1)", list, "lst.insert(0, 1)", 1, "O(N)", "6.20–17.41", Hundredth,
                [Counterpart.Of("List<int>.Insert(0, 1)", true, (n, _) => Range(n), ListInsertFront)]),

            new("deque.pop", "deque", "deque.pop()", dqK, "dq.pop()", 1, "O(1)", "≈0.4–0.5", Tenth,
            [
                Counterpart.Of("Deque<int>.PopBack()", true, (n, k) => DequeOf(n + k), DequePopBack),
                Counterpart.Of("LinkedList<int>.RemoveLast()", true, (n, k) => LinkedOf(n + k), LinkedRemoveLast),
            ]),
            new("deque.popleft", "deque", "deque.popleft()", dqK, "dq.popleft()", 1, "O(1)", "≈0.4–0.5", Tenth,
            [
                Counterpart.Of("Deque<int>.PopFront()", true, (n, k) => DequeOf(n + k), DequePopFront),
                Counterpart.Of("LinkedList<int>.RemoveFirst()", true, (n, k) => LinkedOf(n + k), LinkedRemoveFirst),
            ]),
            new("deque.append", "deque", "deque.append(1)", dq, "dq.append(1)", 1, "O(1)", "≈0.4–0.5", Tenth,
            [
                Counterpart.Of("Deque<int>.PushBack(1)", true, (n, k) => RoomyDeque(n, k), DequePushBack),
                Counterpart.Of("LinkedList<int>.AddLast(1)", true, (n, _) => LinkedOf(n), LinkedAddLast),
            ]),
            new("deque.appendleft", "deque", "deque.appendleft(1)", dq, "dq.appendleft(1)", 1, "O(1)", "≈0.4–0.5", Tenth,
            [
                Counterpart.Of("Deque<int>.PushFront(1)", true, (n, k) => RoomyDeque(n, k), DequePushFront),
                Counterpart.Of("LinkedList<int>.AddFirst(1)", true, (n, _) => LinkedOf(n), LinkedAddFirst),
            ]),
            new("deque.first", "deque", "deque[0]", dq, "dq[0]", 1, "O(1)", null, Tenth,
            [
                Counterpart.Of("Deque<int>[0]", false, (n, _) => DequeOf(n), (d, k) => DequeAt(d, 0, k)),
                Counterpart.Of("LinkedList<int>, node 0", false, (n, _) => LinkedOf(n), (l, k) => LinkedAt(l, 0, k)),
            ]),
            new("deque.last", "deque", "deque[N - 1]", dq, "dq[n - 1]", 1, "O(1)", null, Tenth,
            [
                Counterpart.Of("Deque<int>[N - 1]", false, (n, _) => DequeOf(n), (d, k) => DequeAt(d, d.Count - 1, k)),
                Counterpart.Of("LinkedList<int>, node N - 1", false, (n, _) => LinkedOf(n), (l, k) => LinkedAt(l, l.Count - 1, k)),
            ]),
            new("deque.middle", "deque", "deque[int(N / 2)]", dq, "dq[n // 2]", 1, "O(N)", "1.14–2.48", Hundredth,
            [
                Counterpart.Of("Deque<int>[N / 2] (ring buffer)", false, (n, _) => DequeOf(n), (d, k) => DequeAt(d, d.Count / 2, k)),
                Counterpart.Of("LinkedList<int>, node N / 2", false, (n, _) => LinkedOf(n), (l, k) => LinkedAt(l, l.Count / 2, k)),
                Counterpart.Of("List<int>[N / 2]", false, (n, _) => Range(n), (l, k) => ListAt(l, l.Count / 2, k)),
            ]),

            new("list.index", "bisect", "list.index(a)", list, "lst.index(t)", 1, "O(N)", null, Searches,
                [Counterpart.Of("List<int>.IndexOf(a)", false, (n, k) => ListWithTargets(n, k, 1), (s, _) => IndexOf(s.Item1, s.Item2))]),
            new("bisect", "bisect", "index_bisect(list, a)", list, "index_bisect(lst, t)", 1, "O(log N)", null, Tenth,
                [Counterpart.Of("List<int>.BinarySearch(a)", false, (n, k) => ListWithTargets(n, k, 1), (s, _) => BinarySearch(s.Item1, s.Item2))]),

            new("list.in", "hash", "a in list", list, "t in lst", 2, "O(N)", null, Searches,
                [Counterpart.Of("List<int>.Contains(a)", false, (n, k) => ListWithTargets(n, k, 2), (s, _) => ListContains(s.Item1, s.Item2))]),
            new("set.in", "hash", "a in set", "st = set(range(n))", "t in st", 2, "O(1)", null, Tenth,
            [
                Counterpart.Of("HashSet<int>.Contains(a)", false, (n, k) => (new HashSet<int>(Enumerable.Range(0, n)), CollectionOps.Targets(k, 2 * n)),
                    (s, _) => SetContains(s.Item1, s.Item2)),
                Counterpart.Of("FrozenSet<int>.Contains(a)", false, (n, k) => (Enumerable.Range(0, n).ToFrozenSet(), CollectionOps.Targets(k, 2 * n)),
                    (s, _) => FrozenSetContains(s.Item1, s.Item2)),
            ]),
            new("dict.in", "hash", "a in dict", "dct = {i: i for i in range(n)}", "t in dct", 2, "O(1)", null, Tenth,
            [
                Counterpart.Of("Dictionary<int, int>.ContainsKey(a)", false,
                    (n, k) => (Enumerable.Range(0, n).ToDictionary(i => i), CollectionOps.Targets(k, 2 * n)),
                    (s, _) => DictionaryContains(s.Item1, s.Item2)),
                Counterpart.Of("FrozenDictionary<int, int>.ContainsKey(a)", false,
                    (n, k) => (Enumerable.Range(0, n).ToFrozenDictionary(i => i), CollectionOps.Targets(k, 2 * n)),
                    (s, _) => FrozenDictionaryContains(s.Item1, s.Item2)),
            ]),

            new("heap.push", "heap", "heapq.heappush(heap, x)", "heap = [spread(i, 2 * n) for i in range(n)]; heapq.heapify(heap)",
                "heapq.heappush(heap, t)", 2, "O(log N)", null, Tenth,
                [Counterpart.Of("PriorityQueue<int, int>.Enqueue(x, x)", true,
                    (n, k) => (RoomyHeap(n, k), CollectionOps.Targets(k, 2 * n)),
                    (s, _) => HeapPush(s.Item1, s.Item2))]),
            new("heap.insort", "heap", "bisect.insort(list, x)", "lst = sorted(spread(i, 2 * n) for i in range(n))",
                "bisect.insort(lst, t)", 2, "O(N)", null, Hundredth,
                [Counterpart.Of("List<int>.Insert(BinarySearch(x), x)", true,
                    (n, k) => (Values(n, n).Order().ToList(), CollectionOps.Targets(k, 2 * n)),
                    (s, _) => SortedInsert(s.Item1, s.Item2))]),
            new("heap.pop", "heap", "heapq.heappop(heap)", "heap = [spread(i, 2 * n) for i in range(n + k)]; heapq.heapify(heap)",
                "heapq.heappop(heap)", 1, "O(log N)", null, Tenth,
            [
                Counterpart.Of("PriorityQueue<int, int>.Dequeue()", true,
                    (n, k) => new PriorityQueue<int, int>(Values(n + k, n).Select(v => (v, v))), HeapPop),
                Counterpart.Of("sorted List<int> (largest first), RemoveAt(Count - 1)", true,
                    (n, k) => Values(n + k, n).OrderDescending().ToList(), SortedPopMin),
            ]),
        ];
    }
}
