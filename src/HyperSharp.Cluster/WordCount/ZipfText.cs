using System.Text;
using HyperSharp.IO;

namespace HyperSharp.Cluster.WordCount;

/// <summary>
/// Synthetic text for the word count: words drawn from a Zipf law over a vocabulary of pronounceable words (one in
/// fifty with an accented letter, so the analyzer's non-ASCII path is exercised), in sentences that start with a
/// capital and end with a full stop, commas here and there, lines of 8 to 24 words. The same bytes for a seed
/// everywhere (its own generator, not <see cref="Random"/>).
/// </summary>
public static class ZipfText
{
    private const string Consonants = "bdfgklmnprstvz";
    private const string Vowels = "aeiou";
    private const string Accented = "áéíóú";

    /// <summary>The word of rank <paramref name="rank"/> (0 the most common), lower-case; every rank its own word.</summary>
    public static string Word(int rank)
    {
        var b = new StringBuilder();
        long n = rank + 1L;
        int syllables = Consonants.Length * Vowels.Length;
        while (n > 0)
        {
            long digit = (n - 1) % syllables;
            b.Append(Consonants[(int)(digit / Vowels.Length)]);
            // An accented vowel is a letter of its own: the word stays distinct from every other rank's.
            b.Append(rank % 50 == 7 && b.Length == 1 ? Accented[(int)(digit % Vowels.Length)] : Vowels[(int)(digit % Vowels.Length)]);
            n = (n - 1) / syllables;
        }
        return b.ToString();
    }

    /// <summary>Writes about <paramref name="bytes"/> bytes (whole lines; at least that many) to <paramref name="path"/>, atomically; returns the bytes written.</summary>
    public static long Write(string path, long bytes, int vocabulary, double zipf, long seed)
    {
        long written = 0;
        AtomicFile.Write(path, stream => written = Generate(stream, bytes, vocabulary, zipf, seed));
        return written;
    }

    /// <summary>Writes the text to <paramref name="stream"/>; returns its bytes.</summary>
    public static long Generate(Stream stream, long bytes, int vocabulary, double zipf, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabulary, 1);
        byte[][] lower = new byte[vocabulary][], capital = new byte[vocabulary][];
        for (int r = 0; r < vocabulary; r++)
        {
            string w = Word(r);
            lower[r] = Encoding.UTF8.GetBytes(w);
            capital[r] = Encoding.UTF8.GetBytes(char.ToUpperInvariant(w[0]) + w[1..]);
        }
        var alias = new AliasTable(vocabulary, zipf);
        var rng = new SplitMix(seed);
        var buffer = new byte[1 << 16];
        int used = 0;
        long flushed = 0;
        bool sentenceStart = true;
        while (flushed + used < bytes)
        {
            int words = 8 + (int)rng.Below(17);
            for (int w = 0; w < words; w++)
            {
                int rank = alias.Next(ref rng);
                byte[] word = sentenceStart ? capital[rank] : lower[rank];
                sentenceStart = false;
                if (used + word.Length + 3 > buffer.Length)
                {
                    stream.Write(buffer, 0, used);
                    flushed += used;
                    used = 0;
                }
                if (w > 0)
                    buffer[used++] = (byte)' ';
                word.CopyTo(buffer, used);
                used += word.Length;
                ulong punctuation = rng.Below(16);
                if (punctuation == 0)
                {
                    buffer[used++] = (byte)'.';
                    sentenceStart = true;
                }
                else if (punctuation == 1 && w + 1 < words)
                {
                    buffer[used++] = (byte)',';
                }
            }
            buffer[used++] = (byte)'\n';
        }
        stream.Write(buffer, 0, used);
        return flushed + used;
    }

    /// <summary>SplitMix64: a small, fast generator whose stream is fixed by its seed.</summary>
    internal struct SplitMix(long seed)
    {
        private ulong _state = (ulong)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;

        public ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, n) (the high bits, scaled: bias below 2⁻³² for the n used here).</summary>
        public ulong Below(ulong n) => (ulong)(((UInt128)Next() * n) >> 64);

        public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Walker's alias method: a Zipf draw in constant time (a column, then a biased coin).</summary>
    private sealed class AliasTable
    {
        private readonly double[] _keep;
        private readonly int[] _alias;

        public AliasTable(int n, double s)
        {
            var p = new double[n];
            double sum = 0;
            for (int r = 0; r < n; r++)
                sum += p[r] = Math.Pow(r + 1, -s);
            _keep = new double[n];
            _alias = new int[n];
            var small = new Stack<int>();
            var large = new Stack<int>();
            for (int r = 0; r < n; r++)
            {
                p[r] = p[r] * n / sum;
                (p[r] < 1 ? small : large).Push(r);
            }
            while (small.Count > 0 && large.Count > 0)
            {
                int lo = small.Pop(), hi = large.Pop();
                _keep[lo] = p[lo];
                _alias[lo] = hi;
                p[hi] -= 1 - p[lo];
                (p[hi] < 1 ? small : large).Push(hi);
            }
            foreach (int r in small.Concat(large))
            {
                _keep[r] = 1;
                _alias[r] = r;
            }
        }

        public int Next(ref SplitMix rng)
        {
            int column = (int)rng.Below((ulong)_keep.Length);
            return rng.NextDouble() < _keep[column] ? column : _alias[column];
        }
    }
}
