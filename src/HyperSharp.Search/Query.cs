using System.Text;

namespace HyperSharp.Search;

/// <summary>
/// A parsed query. Terms are ANDed; <c>a OR b</c> matches either (OR binds tighter than AND: <c>x a OR b y</c> is
/// x AND (a OR b) AND y); <c>-term</c> and <c>-"a phrase"</c> exclude; <c>"a phrase"</c> matches the words in order
/// at consecutive positions. Words go through the <see cref="Analyzer"/>: a word it splits (<c>don't</c>) is a phrase
/// of its parts, one it removes entirely (<c>!!!</c>) is ignored. <c>OR</c> is an operator only in capitals.
/// </summary>
public sealed class Query
{
    private Query(IReadOnlyList<IReadOnlyList<string[]>> required, IReadOnlyList<string[]> excluded)
    {
        Required = required;
        Excluded = excluded;
    }

    /// <summary>Every clause that must match: each a list of alternatives, each alternative a phrase (one term or more).</summary>
    internal IReadOnlyList<IReadOnlyList<string[]>> Required { get; }

    /// <summary>Phrases (one term or more) a match must not contain.</summary>
    internal IReadOnlyList<string[]> Excluded { get; }

    /// <summary>The distinct terms the query names, required and excluded, in order of appearance.</summary>
    public IReadOnlyList<string> Terms =>
        Required.SelectMany(c => c.SelectMany(a => a)).Concat(Excluded.SelectMany(a => a)).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Parses <paramref name="text"/>; a <see cref="QueryException"/> (one line) when it is empty or malformed.</summary>
    public static Query Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = new List<(bool Or, bool Not, string[] Terms)>();
        int i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }
            bool not = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                not = true;
                i++;
            }
            string word;
            bool quoted = text[i] == '"';
            if (quoted)
            {
                int end = text.IndexOf('"', i + 1);
                if (end < 0)
                    throw new QueryException($"unterminated quote in query '{text}'");
                word = text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] != '"')
                    i++;
                word = text[start..i];
            }
            if (!quoted && !not && word == "OR")
            {
                items.Add((true, false, []));
                continue;
            }
            string[] terms = [.. Analyzer.Tokenize(word)];
            if (terms.Length > 0)
                items.Add((false, not, terms));
        }

        var required = new List<List<string[]>>();
        var excluded = new List<string[]>();
        for (int k = 0; k < items.Count; k++)
        {
            (bool or, bool not, string[] terms) = items[k];
            if (or)
            {
                if (k == 0 || items[k - 1].Or || k + 1 == items.Count || items[k + 1].Or)
                    throw new QueryException($"OR needs a term on each side in query '{text}'");
                if (items[k - 1].Not || items[k + 1].Not)
                    throw new QueryException($"an excluded term cannot be an alternative of OR in query '{text}'");
                required[^1].Add(items[++k].Terms);
            }
            else if (not)
            {
                excluded.Add(terms);
            }
            else
            {
                required.Add([terms]);
            }
        }
        if (required.Count == 0)
        {
            throw new QueryException(string.IsNullOrWhiteSpace(text)
                ? "the query is empty"
                : $"query '{text}' has no term to search for (only excluded terms, or no letters or digits)");
        }
        return new Query(required, excluded);
    }

    /// <summary>The query in canonical form: analyzed terms, phrases quoted, alternatives in parentheses.</summary>
    public override string ToString()
    {
        var b = new StringBuilder();
        foreach (IReadOnlyList<string[]> clause in Required)
        {
            if (b.Length > 0)
                b.Append(' ');
            if (clause.Count > 1)
                b.Append('(').AppendJoin(" OR ", clause.Select(Phrase)).Append(')');
            else
                b.Append(Phrase(clause[0]));
        }
        foreach (string[] e in Excluded)
            b.Append(" -").Append(Phrase(e));
        return b.ToString();
    }

    private static string Phrase(string[] terms) => terms.Length == 1 ? terms[0] : $"\"{string.Join(' ', terms)}\"";
}
