using System.Text;

namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// A word count's answer: every distinct word with its count, sorted by word (ordinal), so two answers are equal
/// exactly when their arrays are.
/// </summary>
public sealed class WordCounts
{
    private WordCounts(string[] words, long[] counts)
    {
        Words = words;
        Counts = counts;
        foreach (long c in counts)
            Total += c;
    }

    /// <summary>The distinct words, in ordinal order.</summary>
    public string[] Words { get; }

    /// <summary><c>Counts[i]</c> is the count of <c>Words[i]</c>.</summary>
    public long[] Counts { get; }

    /// <summary>Every word, with repeats.</summary>
    public long Total { get; }

    /// <summary>Distinct words.</summary>
    public int Distinct => Words.Length;

    /// <summary>What the job that counted them measured, when a distributed job did (not part of the answer).</summary>
    public Dataflow.JobStats? Job { get; internal set; }

    /// <summary>The answer from words and counts in any order (each word once).</summary>
    public static WordCounts FromUnsorted(string[] words, long[] counts)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(counts);
        if (words.Length != counts.Length)
            throw new ArgumentException("one count per word", nameof(counts));
        Array.Sort(words, counts, StringComparer.Ordinal);
        return new WordCounts(words, counts);
    }

    /// <summary>From a dictionary of counts.</summary>
    public static WordCounts From(IReadOnlyDictionary<string, long> counts) =>
        FromUnsorted([.. counts.Keys], [.. counts.Values]);

    /// <summary>The <paramref name="k"/> most frequent words, ties by word (ordinal).</summary>
    public IReadOnlyList<(string Word, long Count)> Top(int k)
    {
        var order = Enumerable.Range(0, Words.Length).ToArray();
        Array.Sort(order, (a, b) => Counts[a] != Counts[b] ? Counts[b].CompareTo(Counts[a]) : string.CompareOrdinal(Words[a], Words[b]));
        return order.Take(k).Select(i => (Words[i], Counts[i])).ToArray();
    }

    /// <summary>The canonical bytes: per word its UTF-8 bytes, a 0 byte, its count as 8 little-endian bytes.</summary>
    public byte[] Canonical()
    {
        using var stream = new MemoryStream();
        Span<byte> count = stackalloc byte[8];
        for (int i = 0; i < Words.Length; i++)
        {
            stream.Write(Encoding.UTF8.GetBytes(Words[i]));
            stream.WriteByte(0);
            BitConverter.TryWriteBytes(count, Counts[i]);
            stream.Write(count);
        }
        return stream.ToArray();
    }

    /// <summary>Words whose counts differ between two answers, or that only one has.</summary>
    public static long Differences(WordCounts a, WordCounts b)
    {
        long diff = 0;
        int i = 0, j = 0;
        while (i < a.Words.Length || j < b.Words.Length)
        {
            int c = i == a.Words.Length ? 1 : j == b.Words.Length ? -1 : string.CompareOrdinal(a.Words[i], b.Words[j]);
            if (c == 0)
            {
                if (a.Counts[i] != b.Counts[j])
                    diff++;
                i++;
                j++;
            }
            else
            {
                diff++;
                if (c < 0)
                    i++;
                else
                    j++;
            }
        }
        return diff;
    }
}
