using System.Diagnostics;
using System.Text;
using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Harness.Search;

/// <summary>A vocabulary of distinct terms with Zipf frequencies, and prefixes to complete, drawn with a fixed seed.</summary>
/// <param name="Terms">Distinct terms.</param>
/// <param name="Lookups">Prefixes to complete.</param>
/// <param name="Zipf">Exponent of the frequencies (term of rank r occurs ⌈10⁹ / r^s⌉ times) and of the prefixes' draw.</param>
/// <param name="Seed">Seed of the prefixes.</param>
/// <param name="Top">Completions per lookup.</param>
public sealed record CompleteSpec(int Terms, int Lookups, double Zipf, long Seed, int Top);

/// <summary>What every completion rung receives: the terms (rank order), their frequencies, the prefixes.</summary>
public sealed class CompleteProblem
{
    private readonly Lazy<int[]> _sorted;

    public CompleteProblem(CompleteSpec spec)
        : this([.. Enumerable.Range(0, spec.Terms).Select(ZipfCorpus.Word)],
            [.. Enumerable.Range(0, spec.Terms).Select(r => (long)Math.Ceiling(1e9 / Math.Pow(r + 1, spec.Zipf)))],
            Draw(spec), spec.Top)
    {
    }

    /// <summary>A problem over terms of one's own (distinct), for tests of awkward vocabularies.</summary>
    public static CompleteProblem Of(string[] terms, long[] frequencies, string[] prefixes, int top) =>
        terms.Length == frequencies.Length && terms.Distinct(StringComparer.Ordinal).Count() == terms.Length && top >= 1
            ? new(terms, frequencies, prefixes, top)
            : throw new ArgumentException("terms must be distinct, one frequency each, and top at least 1", nameof(terms));

    private CompleteProblem(string[] terms, long[] frequencies, string[] prefixes, int top)
    {
        (Terms, Frequencies, Prefixes, Top) = (terms, frequencies, prefixes, top);
        _sorted = new(() =>
        {
            int[] order = [.. Enumerable.Range(0, Terms.Length)];
            string[] keys = [.. Terms];
            Array.Sort(keys, order, StringComparer.Ordinal); // keys beside: no delegate and double lookup per comparison
            return order;
        });
    }

    public string[] Terms { get; }

    public long[] Frequencies { get; }

    public string[] Prefixes { get; }

    public int Top { get; }

    /// <summary>The terms' numbers in ordinal order, sorted once per problem (rungs only read it).</summary>
    public int[] Sorted => _sorted.Value;

    private static string[] Draw(CompleteSpec spec)
    {
        var random = new Random(unchecked((int)(spec.Seed * 31 + 7)));
        var sampler = new ZipfCorpus.Sampler(new SearchSpec(0, "0", spec.Terms, spec.Zipf, spec.Seed, 1, 0));
        return [.. Enumerable.Range(0, spec.Lookups).Select(_ =>
        {
            string w = ZipfCorpus.Word(sampler.Next(random));
            return w[..random.Next(1, w.Length + 1)];
        })];
    }

    /// <summary>Whether term <paramref name="a"/> ranks before <paramref name="b"/>: more frequent, then first in ordinal (= UTF-8 byte) order.</summary>
    public bool Better(int a, int b) => CompletionTrie.Better(Frequencies[a], 0, Frequencies[b], 0) ||
        (Frequencies[a] == Frequencies[b] && string.CompareOrdinal(Terms[a], Terms[b]) < 0);

    /// <summary>The best <see cref="Top"/> of <paramref name="candidates"/>, best first.</summary>
    public int[] Best(IEnumerable<int> candidates) =>
        [.. candidates.OrderByDescending(t => Frequencies[t]).ThenBy(t => Terms[t], StringComparer.Ordinal).Take(Top)];

    /// <summary>Every lookup, each timed into <paramref name="latency"/>.</summary>
    public int[][] RunAll(Func<string, int[]> lookup, LatencyRecorder? latency)
    {
        var answers = new int[Prefixes.Length][];
        for (int i = 0; i < Prefixes.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            answers[i] = lookup(Prefixes[i]);
            latency?.RecordSince(start);
        }
        return answers;
    }
}

/// <summary>
/// Prefix completion (Lanaro ch. 2: a trie instead of a linear scan of the word list): the most frequent terms
/// starting with a prefix. Every rung returns the same term numbers in the same order.
/// </summary>
public sealed class CompleteLadder() : Ladder<CompleteSpec, CompleteProblem, int[][]>([new CompleteScan(), new CompleteBisect(), new CompleteTrie(), new CompleteFst()])
{
    public override string Name => "complete";
    public override string Title => "Completion: the most frequent terms with a prefix, scan, bisect, trie and the index's trie section (Lanaro ch. 2)";
    public override string Unit => "lookups/s";

    public override SpecDeclaration<CompleteSpec> Spec { get; } =
        new SpecDeclaration<CompleteSpec>(v => new CompleteSpec(v.Int("terms"), v.Int("lookups"), v.Real("zipf"), v.Long("seed"), v.Int("top")))
            .Integer("terms", "Distinct terms in the vocabulary.", s => s.Terms, 100_000, 1, 10_000_000,
                axis: new SweepAxis("terms", [30_000, 1_000_000], Report: [30_000, 100_000]))
            .Integer("lookups", "Prefixes to complete.", s => s.Lookups, 10_000, 1, 10_000_000)
            .Real("zipf", "Exponent of the term frequencies and of the prefixes' draw.", s => s.Zipf, 1.1, 0, 5)
            .Integer("seed", "Seed of the prefixes.", s => s.Seed, 1, 0, int.MaxValue)
            .Integer("top", "Completions per lookup.", s => s.Top, 10, 1, 1000);

    public override CompleteProblem Build(CompleteSpec spec) => new(spec);

    /// <summary>
    /// The book's <c>bisect</c> under CPython and PyPy, and the tries Debian packages for Python (<c>import marisa</c>,
    /// <c>import datrie</c>), each skipped with the reason where its interpreter or module is missing. All exact.
    /// Each CPython peer ranks every term of a prefix in Python (milliseconds a lookup at 200,000 terms, three
    /// repeats of every lookup): it runs up to <see cref="PythonPeerMaxWork"/> term tests (30,000 terms), PyPy at any size.
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("complete", "python-bisect", "bisect", maxWork: PythonPeerMaxWork, exact: true),
        PeerProgram.PyPy("complete", "pypy-bisect", "bisect", maxWork: double.PositiveInfinity, exact: true),
        PeerProgram.Python("complete", "python-marisa", "marisa", maxWork: PythonPeerMaxWork, exact: true),
        PeerProgram.Python("complete", "python-datrie", "datrie", maxWork: PythonPeerMaxWork, exact: true),
    ];

    private const double PythonPeerMaxWork = 3e8;

    /// <summary>A peer's time grows with the terms a lookup ranks as well as with the lookups: terms × lookups.</summary>
    public override double PeerWork(CompleteSpec spec) => (double)spec.Terms * spec.Lookups;

    public override string? PeerWorkUnit => "term tests";

    /// <summary>The terms with their frequencies (<c>term TAB frequency</c>, rank order) and the prefixes, one a line, written once per spec.</summary>
    public override IReadOnlyList<string> PeerArguments(CompleteSpec spec, Func<CompleteProblem> problem, string directory)
    {
        string stem = Path.Combine(directory, $"complete-{spec.Terms}-{spec.Lookups}-{spec.Zipf.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{spec.Seed}");
        string terms = stem + ".terms.tsv", prefixes = stem + ".prefixes.txt";
        if (!File.Exists(prefixes))
        {
            CompleteProblem p = problem();
            SearchLadder.WriteLines(terms, p.Terms.Select((t, i) => $"{t}\t{p.Frequencies[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
            SearchLadder.WriteLines(prefixes, p.Prefixes);
        }
        return ["--input", terms, "--prefix-file", prefixes];
    }

    public override double Work(CompleteSpec spec) => spec.Lookups;

    /// <summary>
    /// The reference tests every term per lookup: fewer lookups (the same first ones: the same draw), the same terms,
    /// at about <paramref name="maxWork"/> term tests. Lookups alone would have it test 10¹⁰ at 10⁶ terms.
    /// </summary>
    public override CompleteSpec ShrinkTo(CompleteSpec spec, double maxWork)
    {
        double perLookup = Math.Max(1, spec.Terms);
        return spec.Lookups * perLookup <= maxWork ? spec : spec with { Lookups = (int)Math.Clamp(maxWork / perLookup, 1, spec.Lookups) };
    }

    public override double Checksum(int[][] result) => result.Sum(a => a.Sum(t => (double)t));

    /// <summary>SHA-256 of, per lookup, its count then its term numbers, as little-endian int32s.</summary>
    public override Fingerprint? Fingerprint(int[][] result) => Ladder.Fingerprint.Of([.. result.SelectMany(a => a.Prepend(a.Length))]);

    public override Verification Verify(int[][] reference, int[][] candidate, double tolerance)
    {
        int wrong = reference.Length != candidate.Length ? 1 : reference.Zip(candidate).Count(p => !p.First.AsSpan().SequenceEqual(p.Second));
        return Verification.Within(wrong, tolerance, "lookups whose completions differ");
    }
}

/// <summary>The reference: every term tested against the prefix.</summary>
public sealed class CompleteScan : SyncRung<CompleteProblem, int[][]>
{
    public override string Name => "scan";
    public override RungKind Kind => RungKind.Reference;
    public override string Technique => "linear scan of the word list, then sort the matches";
    public override double MaxBenchWork => 200;

    protected override int[][] Compute(CompleteProblem problem, RunContext context) =>
        problem.RunAll(p => problem.Best(Enumerable.Range(0, problem.Terms.Length).Where(t => problem.Terms[t].StartsWith(p, StringComparison.Ordinal))), context.Latency);
}

/// <summary>The book's bisect: the sorted word list, the prefix's range found by two binary searches, its best kept in a heap.</summary>
public sealed class CompleteBisect : StagedRung<CompleteProblem, int[], int[][]>
{
    public override string Name => "bisect";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "sorted array + binary search for the prefix's range, top-k heap over it";

    protected override int[] Stage(CompleteProblem problem, RunContext context) => problem.Sorted;

    protected override int[][] Compute(int[] sorted, CompleteProblem problem, RunContext context) => problem.RunAll(p =>
    {
        string[] terms = problem.Terms;
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (string.CompareOrdinal(terms[sorted[mid]], p) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        int from = lo;
        hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (terms[sorted[mid]].StartsWith(p, StringComparison.Ordinal))
                lo = mid + 1;
            else
                hi = mid;
        }
        // A min-heap of the best so far (its root the worst kept).
        var heap = new PriorityQueue<int, int>(Comparer<int>.Create((a, b) => problem.Better(a, b) ? 1 : problem.Better(b, a) ? -1 : 0));
        for (int i = from; i < lo; i++)
        {
            int t = sorted[i];
            if (heap.Count < problem.Top)
                heap.Enqueue(t, t);
            else if (problem.Better(t, heap.Peek()))
                heap.EnqueueDequeue(t, t);
        }
        var best = new int[heap.Count];
        for (int i = best.Length - 1; i >= 0; i--)
            best[i] = heap.Dequeue();
        return best;
    }, context.Latency);
}

/// <summary>A radix (patricia) trie: edges labelled with whole substrings, every node holding its subtree's best completions, precomputed.</summary>
public sealed class CompleteTrie : BuiltOnceRung<CompleteProblem, CompleteTrie.Index, int[][]>
{
    public override string Name => "trie";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "radix trie, each node with its subtree's top-k precomputed: a lookup walks the prefix and reads a list";

    // The trie is only read by a run: built once per problem, not once per run (at 10⁶ terms a build is seconds).
    protected override Index Build(CompleteProblem problem, RunContext context) => Index.Build(problem.Terms, problem.Frequencies, problem.Sorted, problem.Top);

    protected override int[][] Compute(Index trie, CompleteProblem problem, RunContext context) => problem.RunAll(trie.Lookup, context.Latency);

    /// <summary>
    /// The trie in flat arrays, nodes breadth first so that each node's children are contiguous (no object per node:
    /// a 10⁶-term trie is two million nodes). A node's edge label is <c>Terms[LabelTerm][parent's depth..Depth]</c>.
    /// </summary>
    public sealed class Index
    {
        private readonly string[] _terms;
        private readonly Node[] _nodes;
        private readonly char[] _firstChar; // each node's label's first character, apart: a node's children are one IndexOf
        private readonly int[] _best;

        private struct Node
        {
            public int LabelTerm, Depth, FirstChild, ChildCount, BestStart, BestCount;
        }

        private Index(string[] terms, Node[] nodes, char[] firstChar, int[] best) =>
            (_terms, _nodes, _firstChar, _best) = (terms, nodes, firstChar, best);

        /// <summary>Node count, for tests.</summary>
        public int Count => _nodes.Length;

        /// <summary>
        /// One pass over the terms in ordinal order, top down: each node's range of sorted terms splits by the next
        /// character into its children's ranges. Then bottom up (children come after their parent), each node's best
        /// from its own term and its children's lists, which hold every candidate: a term outside a child's top-k
        /// is outside its parent's.
        /// </summary>
        public static Index Build(string[] terms, long[] frequencies, int[] sorted, int top)
        {
            int n = sorted.Length;
            var nodes = new Node[Math.Max(1, 2 * n)]; // every node but the root has an own term or two children: at most 2n
            var firstChar = new char[nodes.Length];
            var lo = new int[nodes.Length];
            var hi = new int[nodes.Length];
            int count = 1, bestTotal = Math.Min(top, n);
            nodes[0] = new Node { LabelTerm = n > 0 ? sorted[0] : 0, BestCount = bestTotal };
            hi[0] = n;
            for (int v = 0; v < count; v++)
            {
                int d = nodes[v].Depth, i = lo[v], end = hi[v];
                if (i < end && terms[sorted[i]].Length == d)
                    i++; // the node's own term sorts first
                nodes[v].FirstChild = count;
                while (i < end)
                {
                    string first = terms[sorted[i]];
                    char c = first[d];
                    int j = i + 1;
                    while (j < end && terms[sorted[j]][d] == c)
                        j++;
                    // Compress the edge: the longest prefix all of sorted[i..j) share (first and last bound it, being sorted).
                    string last = terms[sorted[j - 1]];
                    int depth = d + 1;
                    while (depth < first.Length && depth < last.Length && first[depth] == last[depth])
                        depth++;
                    int kept = Math.Min(top, j - i);
                    nodes[count] = new Node { LabelTerm = sorted[i], Depth = depth, BestStart = bestTotal, BestCount = kept };
                    firstChar[count] = c;
                    lo[count] = i;
                    hi[count] = j;
                    bestTotal += kept;
                    count++;
                    i = j;
                }
                nodes[v].ChildCount = count - nodes[v].FirstChild;
            }

            // Bottom up, in sorted positions (their order is the ordinal tie-break), mapped to term numbers at the end.
            var rank = new long[n];
            for (int s = 0; s < n; s++)
                rank[s] = frequencies[sorted[s]];
            var by = new ByRank(rank);
            int[] best = new int[bestTotal];
            int[] candidates = [];
            for (int v = count - 1; v >= 0; v--)
            {
                ref Node node = ref nodes[v];
                int m = 0, need = 1 + node.ChildCount * top;
                if (candidates.Length < need)
                    candidates = new int[Math.Max(need, 2 * candidates.Length)];
                if (lo[v] < hi[v] && terms[sorted[lo[v]]].Length == node.Depth)
                    candidates[m++] = lo[v];
                for (int c = node.FirstChild; c < node.FirstChild + node.ChildCount; c++)
                {
                    best.AsSpan(nodes[c].BestStart, nodes[c].BestCount).CopyTo(candidates.AsSpan(m));
                    m += nodes[c].BestCount;
                }
                Span<int> all = candidates.AsSpan(0, m);
                if (m > 1)
                    all.Sort(by);
                all[..node.BestCount].CopyTo(best.AsSpan(node.BestStart));
            }
            for (int k = 0; k < best.Length; k++)
                best[k] = sorted[best[k]];
            return new Index(terms, nodes[..count], firstChar[..count], best);
        }

        /// <summary>The best completions of <paramref name="prefix"/>: walk its characters down the edges, copy the node's list.</summary>
        public int[] Lookup(string prefix)
        {
            int v = 0, at = 0;
            while (at < prefix.Length)
            {
                ref readonly Node node = ref _nodes[v];
                int k = _firstChar.AsSpan(node.FirstChild, node.ChildCount).IndexOf(prefix[at]);
                if (k < 0)
                    return [];
                v = node.FirstChild + k;
                int end = Math.Min(_nodes[v].Depth, prefix.Length);
                // The first character matched; the rest of the label, as far as the prefix goes.
                if (!_terms[_nodes[v].LabelTerm].AsSpan(at + 1, end - at - 1).SequenceEqual(prefix.AsSpan(at + 1, end - at - 1)))
                    return [];
                at = end;
            }
            return _best.AsSpan(_nodes[v].BestStart, _nodes[v].BestCount).ToArray();
        }

        /// <summary>More frequent first, then first in sorted (ordinal) position.</summary>
        private readonly struct ByRank(long[] frequency) : IComparer<int>
        {
            public int Compare(int a, int b) => frequency[a] != frequency[b] ? frequency[b].CompareTo(frequency[a]) : a.CompareTo(b);
        }
    }
}

/// <summary>The index file's completion section, built over the same terms and read in place: heavy prefixes only, each with its top list.</summary>
public sealed class CompleteFst : BuiltOnceRung<CompleteProblem, CompleteFst.State, int[][]>
{
    public override string Name => "fst";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "the index file's compact trie: only prefixes shared by over 16 terms, 20-byte nodes with top-16 lists, bisection below";

    /// <summary>The section's bytes, the terms in byte order, and the map back to term numbers.</summary>
    public sealed record State(byte[] Section, byte[][] Names, long[] Frequencies, int[] Order);

    // The section is only read by a run: built once per problem.
    protected override State Build(CompleteProblem problem, RunContext context)
    {
        int[] order = problem.Sorted;
        byte[][] names = [.. order.Select(t => Encoding.UTF8.GetBytes(problem.Terms[t]))];
        long[] frequencies = [.. order.Select(t => problem.Frequencies[t])];
        return new State(CompletionTrie.Build(names, frequencies), names, frequencies, order);
    }

    protected override int[][] Compute(State state, CompleteProblem problem, RunContext context)
    {
        var table = new CompletionTrie.ArrayTable(state.Names, state.Frequencies);
        byte[] key = new byte[256];
        return problem.RunAll(p =>
        {
            int n = Encoding.UTF8.GetBytes(p, key);
            List<int> best = CompletionTrie.Lookup(state.Section, table, key.AsSpan(0, n), problem.Top);
            var answer = new int[best.Count];
            for (int i = 0; i < answer.Length; i++)
                answer[i] = state.Order[best[i]];
            return answer;
        }, context.Latency);
    }
}
