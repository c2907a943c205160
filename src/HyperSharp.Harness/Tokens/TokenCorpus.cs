using System.Text;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// Synthetic word-like tokens, deterministic in the seed: a stem drawn log-uniformly by rank (Zipf-ish: a few stems
/// carry many forms) from a vocabulary of syllables, an optional prefix and a suffix, so tokens share prefixes and
/// lengths the way words do; about one stem in fifty carries a non-ASCII letter. A draw already taken grows by a
/// syllable until it is new, so <see cref="Generate"/> always ends with <c>count</c> distinct tokens.
/// </summary>
public static class TokenCorpus
{
    /// <summary>The most tokens a corpus holds.</summary>
    public const int MaxCount = 20_000_000;

    private static readonly string[] s_onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "ch", "sh", "pl", "gr"];
    private static readonly string[] s_vowels = ["a", "e", "i", "o", "u", "a", "e", "o", "ea", "ou"];
    private static readonly string[] s_codas = ["", "", "", "n", "r", "s", "t", "l", "nd", "ck"];
    private static readonly string[] s_accents = ["é", "ö", "ñ", "ß", "ç", "ø", "å", "ł"];
    private static readonly string[] s_prefixes = ["un", "re", "pre", "over", "dis", "co"];
    // Suffixes in falling frequency: the plain stem is the most common form.
    private static readonly string[] s_suffixes = ["", "s", "ed", "ing", "er", "ers", "ly", "ness", "tion", "able", "ment", "ful", "less", "ish", "ize", "ized", "izing", "ist", "ism", "ity"];

    /// <summary><paramref name="count"/> distinct tokens in the order drawn.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or above <see cref="MaxCount"/>.</exception>
    public static string[] Generate(int count, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var random = new Random(unchecked((int)(seed * 1_000_003 + 11)));
        int stems = count / 4 + 16;
        var stemOf = new Dictionary<int, string>();
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        var tokens = new string[count];
        var b = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            // log-uniform rank: P(rank ≤ r) = log r / log S, a Zipf exponent of about 1.
            int rank = Math.Min(stems - 1, (int)Math.Pow(stems, random.NextDouble()) - 1);
            if (!stemOf.TryGetValue(rank, out string? stem))
                stemOf[rank] = stem = Stem(new Random(unchecked((int)(seed * 7919 + rank))));
            b.Clear();
            if (random.Next(8) == 0)
                b.Append(s_prefixes[random.Next(s_prefixes.Length)]);
            b.Append(stem);
            b.Append(s_suffixes[Math.Min(s_suffixes.Length - 1, (int)Math.Pow(s_suffixes.Length + 1, random.NextDouble()) - 1)]);
            while (!seen.Add(b.ToString()))
                Syllable(random, b);
            tokens[i] = b.ToString();
        }
        return tokens;
    }

    /// <summary>One to four syllables, now and then with an accented letter.</summary>
    private static string Stem(Random random)
    {
        var b = new StringBuilder();
        int syllables = 1 + random.Next(4);
        for (int s = 0; s < syllables; s++)
            Syllable(random, b);
        if (random.Next(50) == 0)
            b.Insert(random.Next(b.Length + 1), s_accents[random.Next(s_accents.Length)]);
        return b.ToString();
    }

    private static void Syllable(Random random, StringBuilder b) =>
        b.Append(s_onsets[random.Next(s_onsets.Length)]).Append(s_vowels[random.Next(s_vowels.Length)]).Append(s_codas[random.Next(s_codas.Length)]);

    /// <summary>Debian's biggest English word list where installed (wamerican-insane), else <c>/usr/share/dict/words</c>, else null.</summary>
    public static string? InstalledWordList =>
        new[] { "/usr/share/dict/american-english-insane", "/usr/share/dict/words" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// Up to <paramref name="count"/> of the distinct non-empty lines of the word list at <paramref name="path"/>
    /// (UTF-8; all of them when it has no more), in an order drawn from <paramref name="seed"/>.
    /// </summary>
    public static string[] Sample(string path, int count, long seed)
    {
        string[] words = [.. File.ReadLines(path, Encoding.UTF8).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal)];
        new Random(unchecked((int)(seed * 1_000_003 + 29))).Shuffle(words);
        return words.Length <= count ? words : words[..count];
    }

    /// <summary>Writes <paramref name="tokens"/> one per line (UTF-8, no byte-order mark, <c>\n</c>) to <paramref name="path"/>, whole or not at all.</summary>
    public static void Write(string path, IEnumerable<string> tokens) => HyperSharp.IO.AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        foreach (string t in tokens)
            writer.WriteLine(t);
    });
}
