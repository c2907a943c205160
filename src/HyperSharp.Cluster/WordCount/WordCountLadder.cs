using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using HyperSharp.Ladder;

namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// Map-reduce word count (Lanaro ch. 8, Gorelick ch. 10: Dask bag <c>foldby</c>, Spark <c>reduceByKey</c>): every
/// word of a text as <c>hyper index</c>'s analyzer cuts it, with its count. Work is counted in megabytes (10⁶ bytes)
/// of text. Every rung must give exactly the reference's counts.
/// </summary>
public sealed class WordCountLadder(IEnumerable<Rung<WordCountProblem, WordCounts>> extraRungs)
    : Ladder<WordCountSpec, WordCountProblem, WordCounts>(CpuRungs.Concat(extraRungs))
{
    /// <summary>The in-process rungs and the distributed one (on an embedded cluster).</summary>
    public WordCountLadder() : this([new WordCountDistributed()]) { }

    /// <summary>The in-process rungs, reference first.</summary>
    public static IReadOnlyList<Rung<WordCountProblem, WordCounts>> CpuRungs { get; } = [new WordCountReference(), new WordCountThreads()];

    /// <inheritdoc/>
    public override string Name => "wordcount";
    /// <inheritdoc/>
    public override string Title => "Word count: map-reduce over Zipf text, words as the search analyzer cuts them (Lanaro ch. 8, Gorelick ch. 10)";
    /// <inheritdoc/>
    public override string Unit => "MB/s";

    /// <inheritdoc/>
    public override SpecDeclaration<WordCountSpec> Spec { get; } =
        new SpecDeclaration<WordCountSpec>(v => new WordCountSpec(v.Long("bytes"), v.Int("vocabulary"), v.Real("zipf"), v.Long("seed")))
            .Integer("bytes", "Bytes of synthetic text (whole lines, at least this many).", s => s.Bytes, 20_000_000, 0, 16_000_000_000,
                axis: new SweepAxis("bytes", [20_000_000, 200_000_000], Report: [20_000_000]))
            .Integer("vocabulary", "Distinct words the Zipf law draws from.", s => s.Vocabulary, WordCountSpec.DefaultVocabulary, 1, 10_000_000)
            .Real("zipf", "Exponent s of the Zipf law (rank r has weight 1/r^s).", s => s.Zipf, WordCountSpec.DefaultZipf, 0, 5)
            .Integer("seed", "Seed of the text.", s => s.Seed, WordCountSpec.DefaultSeed, 0, int.MaxValue);

    /// <inheritdoc/>
    public override WordCountProblem Build(WordCountSpec spec) => WordCountProblem.Generate(spec);

    /// <summary>Megabytes (10⁶ bytes) of text.</summary>
    public override double Work(WordCountSpec spec) => spec.Bytes / 1e6;

    /// <summary>Less text (the same seed gives the same first lines).</summary>
    public override WordCountSpec ShrinkTo(WordCountSpec spec, double maxWork) =>
        Work(spec) <= maxWork ? spec : spec with { Bytes = (long)Math.Max(1, maxWork * 1e6) };

    /// <summary>Every word counted, with repeats.</summary>
    public override double Checksum(WordCounts result) => result.Total;

    /// <summary>SHA-256 of <see cref="WordCounts.Canonical"/>: each word's UTF-8 bytes, a 0 byte, its count (int64 little-endian), in ordinal order.</summary>
    public override Fingerprint? Fingerprint(WordCounts result) => Ladder.Fingerprint.Of(result.Canonical());

    /// <summary>
    /// A distributed job's own measurements (the last timed run's; its phase times are the run's phases): bytes
    /// shuffled and how many crossed between nodes, bytes collected, seconds of work inside the map and reduce
    /// grains; none for the in-process rungs.
    /// </summary>
    public override IReadOnlyDictionary<string, double>? Figures(WordCounts result) => result.Job is not { } j ? null : JobFigures(j);

    /// <summary>A job's measurements by snake_case name, the unit in the name (as results and <c>--json</c> carry them).</summary>
    public static IReadOnlyDictionary<string, double> JobFigures(Dataflow.JobStats j) => new Dictionary<string, double>
    {
        ["partitions"] = j.Partitions,
        ["reducers"] = j.Reducers,
        ["map_s"] = j.MapSeconds,
        ["reduce_s"] = j.ReduceSeconds,
        ["collect_s"] = j.CollectSeconds,
        ["map_task_s"] = j.MapTaskSeconds,
        ["reduce_task_s"] = j.ReduceTaskSeconds,
        ["reduce_task_max_s"] = j.ReduceTaskMaxSeconds,
        ["shuffled_bytes"] = j.ShuffledBytes,
        ["cross_node_bytes"] = j.CrossNodeBytes,
        ["collected_bytes"] = j.CollectedBytes,
        ["retries"] = j.Retries,
    };

    /// <summary>Exact: the measure is the number of words whose counts differ (or that only one answer has).</summary>
    public override Verification Verify(WordCounts reference, WordCounts candidate, double tolerance) =>
        Verification.Within(WordCounts.Differences(reference, candidate), tolerance, "words whose counts differ from the reference's");

    /// <summary>
    /// The books' Python (a dict; a Dask bag's <c>foldby</c> on the multiprocessing scheduler and on a
    /// <c>distributed</c> LocalCluster of K workers) and the shell user's coreutils pipeline, on the same file
    /// (<see cref="PeerArguments"/>). Each prints the fingerprint of its whole answer and writes it (<c>--answer</c>);
    /// a fingerprint that is not ours is judged word by word (<see cref="VerifyPeerAnswer"/>).
    /// </summary>
    public override IReadOnlyList<PeerProgram> Peers { get; } =
    [
        PeerProgram.Python("wordcount", "python-dict", "dict"),
        PeerProgram.Python("wordcount", "dask-processes", "dask-processes", parallel: true),
        PeerProgram.Python("wordcount", "dask-distributed", "dask-distributed", parallel: true),
        PeerProgram.Shell("wordcount", "coreutils", "coreutils"),
    ];

    /// <summary>The spec's text, written once per spec into <paramref name="directory"/>: every peer counts the same file.</summary>
    public override IReadOnlyList<string> PeerArguments(WordCountSpec spec, Func<WordCountProblem> problem, string directory)
    {
        string path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"wordcount-{spec.Bytes}-{spec.Vocabulary}-{spec.Zipf}-{spec.Seed}.txt"));
        if (!File.Exists(path))
            ZipfText.Write(path, spec.Bytes, spec.Vocabulary, spec.Zipf, spec.Seed);
        return ["--input", path];
    }

    /// <inheritdoc/>
    public override bool ReadsAnswers => true;

    /// <summary>
    /// The bytes of <see cref="WordCounts.Canonical"/> in any word order (a shell peer's sort orders by bytes): per
    /// word its UTF-8 bytes, a 0 byte, its count as a little-endian int64 (at least 1); a word given twice is summed.
    /// </summary>
    public override bool TryReadAnswer(WordCountSpec spec, byte[] bytes, [MaybeNullWhen(false)] out WordCounts answer)
    {
        answer = null;
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        ReadOnlySpan<byte> rest = bytes;
        while (!rest.IsEmpty)
        {
            int end = rest.IndexOf((byte)0);
            if (end <= 0 || rest.Length < end + 9)
                return false;
            long count = BinaryPrimitives.ReadInt64LittleEndian(rest.Slice(end + 1, 8));
            if (count < 1)
                return false;
            string word = Encoding.UTF8.GetString(rest[..end]);
            counts[word] = counts.GetValueOrDefault(word) + count;
            rest = rest[(end + 9)..];
        }
        answer = WordCounts.From(counts);
        return true;
    }

    /// <summary>The words a peer's top list is compared on.</summary>
    public const int PeerTop = 10;

    /// <summary>
    /// A peer's whole answer against ours: the words whose counts differ (0 to pass), the measure naming its distinct
    /// words, its total and whether its top <see cref="PeerTop"/> is ours.
    /// </summary>
    public override Verification VerifyPeerAnswer(PeerProgram peer, WordCountSpec spec, WordCounts exact, WordCounts answer) =>
        CompareWithOurs(exact, answer);

    /// <summary>What <see cref="VerifyPeerAnswer"/> says of <paramref name="theirs"/> against <paramref name="ours"/>.</summary>
    public static Verification CompareWithOurs(WordCounts ours, WordCounts theirs)
    {
        bool sameTop = ours.Top(PeerTop).SequenceEqual(theirs.Top(PeerTop));
        return Verification.Within(WordCounts.Differences(ours, theirs), 0, string.Create(CultureInfo.InvariantCulture,
            $"words whose counts differ from HyperSharp's (distinct {theirs.Distinct:N0} vs {ours.Distinct:N0}, words {theirs.Total:N0} vs {ours.Total:N0}, top {PeerTop} {(sameTop ? "the same" : "different")})"));
    }
}
