using System.Diagnostics;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>One question: is <paramref name="Text"/> stored, and, for a prefix query, how many stored tokens start with it.</summary>
public readonly record struct TokenQuery(string Text, bool IsPrefix);

/// <summary>What every token rung receives: the distinct tokens (in the order drawn) and the questions.</summary>
public sealed class TokensProblem
{
    /// <summary>The problem of <paramref name="tokens"/> (distinct) and <paramref name="queries"/>.</summary>
    /// <exception cref="ArgumentException">A token occurs twice, or a token or query is not well-formed UTF-16 (a lone surrogate).</exception>
    public TokensProblem(string[] tokens, TokenQuery[] queries)
    {
        if (new HashSet<string>(tokens, StringComparer.Ordinal).Count != tokens.Length)
            throw new ArgumentException("The tokens must be distinct.", nameof(tokens));
        foreach (string text in tokens.Concat(queries.Select(q => q.Text)))
        {
            // Byte-wise rungs see UTF-8: a lone surrogate has no UTF-8 form, and would be answered differently.
            try
            {
                s_strict.GetByteCount(text);
            }
            catch (System.Text.EncoderFallbackException)
            {
                throw new ArgumentException($"Not well-formed UTF-16 (a lone surrogate): '{text}'.", nameof(tokens));
            }
        }
        Tokens = tokens;
        Queries = queries;
    }

    private static readonly System.Text.UTF8Encoding s_strict = new(false, throwOnInvalidBytes: true);

    public string[] Tokens { get; }

    public TokenQuery[] Queries { get; }

    /// <summary>
    /// The spec's tokens (synthetic, or sampled from its word list) and a query set drawn from its seed: of every four queries two ask for a stored token, one
    /// for a near miss (a letter changed, added, dropped or two swapped; usually absent) and one counts a prefix of a
    /// stored token (any length, the empty prefix included).
    /// </summary>
    public static TokensProblem Of(TokensSpec spec)
    {
        string[] tokens = spec.Corpus == TokensSpec.Synthetic ? TokenCorpus.Generate(spec.Count, spec.Seed) : TokenCorpus.Sample(spec.Corpus, spec.Count, spec.Seed);
        var random = new Random(unchecked((int)(spec.Seed * 31 + 17)));
        var queries = new TokenQuery[spec.Queries];
        for (int i = 0; i < queries.Length; i++)
        {
            string t = tokens.Length == 0 ? "" : tokens[random.Next(tokens.Length)];
            queries[i] = (i % 4) switch
            {
                0 or 1 => new TokenQuery(t, false),
                2 => new TokenQuery(NearMiss(t, random), false),
                _ => new TokenQuery(t[..random.Next(t.Length + 1)], true),
            };
        }
        return new TokensProblem(tokens, queries);
    }

    private static string NearMiss(string t, Random random)
    {
        char letter = (char)('a' + random.Next(26));
        int at = random.Next(t.Length + 1);
        return (t.Length == 0 ? 1 : random.Next(4)) switch
        {
            0 => t[..^1] + letter,
            1 => t.Insert(at, letter.ToString()),
            2 => t.Remove(Math.Min(at, t.Length - 1), 1),
            _ => t.Length < 2 ? t + letter : Swap(t, Math.Min(at, t.Length - 2)),
        };
    }

    private static string Swap(string t, int at) => string.Create(t.Length, (t, at), static (span, s) =>
    {
        s.t.AsSpan().CopyTo(span);
        (span[s.at], span[s.at + 1]) = (span[s.at + 1], span[s.at]);
    });

    /// <summary>
    /// Every query through <paramref name="find"/>, which answers both questions in one search (a walk down a trie
    /// reads the prefix count where it decides membership), each timed into <paramref name="latency"/>.
    /// </summary>
    public TokensResult RunAll(Func<string, (bool Present, int PrefixCount)> find, long structureBytes, LatencyRecorder? latency) =>
        Run(q => find(q.Text), structureBytes, latency);

    /// <summary>Every query through <paramref name="present"/> and <paramref name="prefixCount"/> (asked of prefix queries only), each timed into <paramref name="latency"/>.</summary>
    public TokensResult RunAll(Func<string, bool> present, Func<string, int> prefixCount, long structureBytes, LatencyRecorder? latency) =>
        Run(q => (present(q.Text), q.IsPrefix ? prefixCount(q.Text) : -1), structureBytes, latency);

    private TokensResult Run(Func<TokenQuery, (bool Present, int PrefixCount)> answer, long structureBytes, LatencyRecorder? latency)
    {
        var found = new bool[Queries.Length];
        var counts = new int[Queries.Length];
        for (int i = 0; i < Queries.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            TokenQuery q = Queries[i];
            (found[i], int count) = answer(q);
            counts[i] = q.IsPrefix ? count : -1;
            latency?.RecordSince(start);
        }
        return new TokensResult(found, counts, structureBytes, Tokens.Length);
    }
}

/// <summary>
/// A rung's answer: for each query whether it is stored and, for a prefix query, the stored tokens starting with it
/// (−1 for the others); and the bytes the rung's structure holds for <paramref name="Tokens"/> tokens (not part of the
/// answer: each rung's own).
/// </summary>
public sealed record TokensResult(bool[] Present, int[] PrefixCounts, long StructureBytes, int Tokens)
{
    /// <summary>Bytes of structure per stored token (the whole structure when none is stored).</summary>
    public double BytesPerToken => StructureBytes / (double)Math.Max(1, Tokens);
}
