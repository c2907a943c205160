using System.Text;
using HyperSharp.IO;

namespace HyperSharp.Harness.Search;

/// <summary>The synthetic corpus of a <see cref="SearchSpec"/>: documents of Zipf-distributed pronounceable words, the same for a seed everywhere.</summary>
public static class ZipfCorpus
{
    private const string Consonants = "bdfgklmnprstvz";
    private const string Vowels = "aeiou";

    /// <summary>The word of rank <paramref name="rank"/> (0 the most common): syllables of its bijective base-70 numeral, so every rank has its own word.</summary>
    public static string Word(int rank)
    {
        var b = new StringBuilder();
        long n = rank + 1L;
        int syllables = Consonants.Length * Vowels.Length;
        while (n > 0)
        {
            long digit = (n - 1) % syllables;
            b.Append(Consonants[(int)(digit / Vowels.Length)]).Append(Vowels[(int)(digit % Vowels.Length)]);
            n = (n - 1) / syllables;
        }
        return b.ToString();
    }

    /// <summary>Draws ranks from the Zipf law of <paramref name="spec"/>: the cumulative weights, bisected.</summary>
    public sealed class Sampler(SearchSpec spec)
    {
        private readonly double[] _cumulative = Cumulative(spec.Vocabulary, spec.Zipf);

        private static double[] Cumulative(int vocabulary, double s)
        {
            var c = new double[vocabulary];
            double sum = 0;
            for (int r = 0; r < vocabulary; r++)
                c[r] = sum += Math.Pow(r + 1, -s);
            for (int r = 0; r < vocabulary; r++)
                c[r] /= sum;
            return c;
        }

        public int Next(Random random)
        {
            int i = Array.BinarySearch(_cumulative, random.NextDouble());
            return Math.Min(i < 0 ? ~i : i, _cumulative.Length - 1);
        }
    }

    /// <summary>The documents, in order (each a line of words separated by single spaces).</summary>
    public static IEnumerable<string> Documents(SearchSpec spec)
    {
        (int min, int max) = spec.WordRange;
        var random = new Random(unchecked((int)spec.Seed));
        var sampler = new Sampler(spec);
        string[] words = Enumerable.Range(0, spec.Vocabulary).Select(Word).ToArray();
        var b = new StringBuilder();
        for (int d = 0; d < spec.Docs; d++)
        {
            b.Clear();
            int n = random.Next(min, max + 1);
            for (int w = 0; w < n; w++)
                (w == 0 ? b : b.Append(' ')).Append(words[sampler.Next(random)]);
            yield return b.ToString();
        }
    }

    /// <summary>Writes the corpus to <paramref name="path"/> (atomically), one document per line; returns its bytes.</summary>
    public static long Write(SearchSpec spec, string path)
    {
        long bytes = 0;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
            foreach (string doc in Documents(spec))
            {
                writer.Write(doc);
                writer.Write('\n');
                bytes += doc.Length + 1;
            }
        });
        return bytes;
    }
}
