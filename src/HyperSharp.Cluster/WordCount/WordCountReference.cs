using System.Text;
using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Cluster.WordCount;

/// <summary>The reference: one thread reads each file line by line and counts the analyzer's tokens in a <see cref="Dictionary{TKey,TValue}"/>.</summary>
public sealed class WordCountReference : SyncRung<WordCountProblem, WordCounts>
{
    /// <inheritdoc/>
    public override string Name => "reference";
    /// <inheritdoc/>
    public override RungKind Kind => RungKind.Reference;
    /// <inheritdoc/>
    public override string Technique => "one thread, StreamReader lines, Analyzer.Tokenize strings counted in a Dictionary<string, long>";

    /// <inheritdoc/>
    protected override WordCounts Compute(WordCountProblem problem, RunContext context) => Count(problem.Files);

    /// <summary>The counts of the files' words, the plain way.</summary>
    public static WordCounts Count(IEnumerable<string> files)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string file in files)
        {
            // No byte-order-mark sniffing: the files are UTF-8, as the other rungs read them.
            using var reader = new StreamReader(file, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            while (reader.ReadLine() is { } line)
            {
                foreach (string word in Analyzer.Tokenize(line))
                    counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }
        return WordCounts.From(counts);
    }
}
