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

    /// <summary>Exact: the measure is the number of words whose counts differ (or that only one answer has).</summary>
    public override Verification Verify(WordCounts reference, WordCounts candidate, double tolerance) =>
        Verification.Within(WordCounts.Differences(reference, candidate), tolerance, "words whose counts differ from the reference's");
}
