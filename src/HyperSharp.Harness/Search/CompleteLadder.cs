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
public sealed class CompleteProblem(CompleteSpec spec)
{
    public string[] Terms { get; } = [.. Enumerable.Range(0, spec.Terms).Select(ZipfCorpus.Word)];

    public long[] Frequencies { get; } = [.. Enumerable.Range(0, spec.Terms).Select(r => (long)Math.Ceiling(1e9 / Math.Pow(r + 1, spec.Zipf)))];

    public string[] Prefixes { get; } = Draw(spec);

    public int Top { get; } = spec.Top;

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

    /// <summary>The terms' numbers in ordinal order.</summary>
    public int[] SortedOrder()
    {
        int[] order = [.. Enumerable.Range(0, Terms.Length)];
        string[] terms = Terms;
        Array.Sort(order, (a, b) => string.CompareOrdinal(terms[a], terms[b]));
        return order;
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
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("complete", "python-bisect", "bisect", exact: true),
        PeerProgram.PyPy("complete", "pypy-bisect", "bisect", maxWork: double.PositiveInfinity, exact: true),
        PeerProgram.Python("complete", "python-marisa", "marisa", exact: true),
        PeerProgram.Python("complete", "python-datrie", "datrie", exact: true),
    ];

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

    public override CompleteSpec ShrinkTo(CompleteSpec spec, double maxWork) =>
        spec.Lookups <= maxWork ? spec : spec with { Lookups = Math.Max(1, (int)maxWork) };

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

    protected override int[] Stage(CompleteProblem problem, RunContext context) => problem.SortedOrder();

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
public sealed class CompleteTrie : StagedRung<CompleteProblem, CompleteTrie.Node, int[][]>
{
    public override string Name => "trie";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "radix trie, each node with its subtree's top-k precomputed: a lookup walks the prefix and reads a list";

    /// <summary>A node: the edge label into it, its children by first character, its subtree's best terms.</summary>
    public sealed class Node(string label)
    {
        public string Label { get; } = label;
        public List<Node> Children { get; } = [];
        public int[] Best { get; set; } = [];
    }

    protected override Node Stage(CompleteProblem problem, RunContext context)
    {
        int[] sorted = problem.SortedOrder();
        return Build(problem, sorted, 0, sorted.Length, 0, "");
    }

    /// <summary>The node over sorted[lo..hi), whose terms share their first <paramref name="depth"/> characters.</summary>
    private static Node Build(CompleteProblem problem, int[] sorted, int lo, int hi, int depth, string label)
    {
        string[] terms = problem.Terms;
        var node = new Node(label);
        var candidates = new List<int>();
        int i = lo;
        while (i < hi && terms[sorted[i]].Length == depth)
            candidates.Add(sorted[i++]); // the node's own term sorts first
        while (i < hi)
        {
            char c = terms[sorted[i]][depth];
            int j = i;
            while (j < hi && terms[sorted[j]][depth] == c)
                j++;
            // Compress the edge: the longest prefix all of sorted[i..j) share (first and last bound it, being sorted).
            string first = terms[sorted[i]], last = terms[sorted[j - 1]];
            int end = depth + 1;
            while (end < first.Length && end < last.Length && first[end] == last[end])
                end++;
            Node child = Build(problem, sorted, i, j, end, first[depth..end]);
            node.Children.Add(child);
            candidates.AddRange(child.Best);
            i = j;
        }
        node.Best = problem.Best(candidates);
        return node;
    }

    protected override int[][] Compute(Node root, CompleteProblem problem, RunContext context) => problem.RunAll(p =>
    {
        Node node = root;
        int at = 0;
        while (at < p.Length)
        {
            Node? next = null;
            foreach (Node c in node.Children)
            {
                if (c.Label[0] == p[at])
                {
                    next = c;
                    break;
                }
            }
            if (next is null)
                return [];
            int n = Math.Min(next.Label.Length, p.Length - at);
            if (string.CompareOrdinal(next.Label, 0, p, at, n) != 0)
                return [];
            at += n;
            node = next;
        }
        return node.Best;
    }, context.Latency);
}

/// <summary>The index file's completion section, built over the same terms and read in place: heavy prefixes only, each with its top list.</summary>
public sealed class CompleteFst : StagedRung<CompleteProblem, CompleteFst.State, int[][]>
{
    public override string Name => "fst";
    public override RungKind Kind => RungKind.Algorithm;
    public override string Technique => "the index file's compact trie: only prefixes shared by over 16 terms, 20-byte nodes with top-16 lists, bisection below";

    /// <summary>The section's bytes, the terms in byte order, and the map back to term numbers.</summary>
    public sealed record State(byte[] Section, byte[][] Names, long[] Frequencies, int[] Order);

    protected override State Stage(CompleteProblem problem, RunContext context)
    {
        int[] order = problem.SortedOrder();
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
