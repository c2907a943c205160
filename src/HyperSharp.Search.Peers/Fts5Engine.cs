using HyperSharp.Search;
using Microsoft.Data.Sqlite;

namespace HyperSharp.Search.Peers;

/// <summary>
/// SQLite FTS5 through Microsoft.Data.Sqlite, as a .NET application embeds it: one file, a virtual table
/// <c>fts5(body, tokenize = 'unicode61 remove_diacritics 0')</c> (positions kept: <c>detail=full</c>, the default),
/// every document inserted with its number as rowid in one transaction, committed before the build's clock stops.
/// unicode61 makes tokens of Unicode letters and numbers (categories L*, N*, and Co) and folds case: our analyzer
/// on letters and decimal digits; it also keeps other numbers (², Ⅻ) and private-use characters, which ours
/// splits on. Queries: each term quoted, alternatives <c>(… OR …)</c>, clauses joined by AND, exclusions by NOT;
/// COUNT is <c>count(*)</c>, TOP_10 <c>ORDER BY rank LIMIT k</c> (rank is FTS5's <c>bm25()</c>, lower is better:
/// its negation is the hit's score).
/// </summary>
internal sealed class Fts5Engine : ISearchEngine
{
    private SqliteConnection? _connection;
    private SqliteCommand? _count;
    private SqliteCommand? _top;
    private string _path = "";
    private string[] _queries = [];

    public string Implementation => "sqlite";

    public string Version { get; private set; } = "SQLite";

    public void Build(IReadOnlyList<string> documents, string folder)
    {
        _path = Path.Combine(folder, "fts5.db");
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        _connection.Open();
        Execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize = 'unicode61 remove_diacritics 0')");
        using (SqliteTransaction transaction = _connection.BeginTransaction())
        {
            using SqliteCommand insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO docs(rowid, body) VALUES ($id, $body)";
            SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Integer);
            SqliteParameter body = insert.Parameters.Add("$body", SqliteType.Text);
            insert.Prepare();
            for (int i = 0; i < documents.Count; i++)
            {
                id.Value = (long)i;
                body.Value = documents[i];
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        using (SqliteCommand version = _connection.CreateCommand())
        {
            version.CommandText = "SELECT sqlite_version()";
            Version = $"SQLite {version.ExecuteScalar()} (Microsoft.Data.Sqlite {typeof(SqliteConnection).Assembly.GetName().Version?.ToString(3)})";
        }
        _count = Statement("SELECT count(*) FROM docs WHERE docs MATCH $q");
        _top = Statement("SELECT rowid, rank FROM docs WHERE docs MATCH $q ORDER BY rank LIMIT $k");
        _top.Parameters.Add("$k", SqliteType.Integer).Value = 10L;
    }

    private void Execute(string sql)
    {
        using SqliteCommand command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteCommand Statement(string sql)
    {
        SqliteCommand command = _connection!.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("$q", SqliteType.Text).Value = "";
        return command;
    }

    public void Prepare(IReadOnlyList<Query> queries) => _queries = [.. queries.Select(Translate)];

    /// <summary>Our query in FTS5's syntax: <c>("a" OR "b c") AND "d" NOT "e"</c>.</summary>
    internal static string Translate(Query query)
    {
        static string Phrase(string[] terms) => "\"" + string.Join(' ', terms).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        string required = string.Join(" AND ", query.Required.Select(c => c.Count == 1 ? Phrase(c[0]) : "(" + string.Join(" OR ", c.Select(Phrase)) + ")"));
        return query.Excluded.Count == 0 ? required : "(" + required + ")" + string.Concat(query.Excluded.Select(e => " NOT " + Phrase(e)));
    }

    public long Count(int q)
    {
        _count!.Parameters[0].Value = _queries[q];
        return (long)_count.ExecuteScalar()!;
    }

    public void Top(int q, int k, List<SearchHit>? hits)
    {
        _top!.Parameters[0].Value = _queries[q];
        _top.Parameters[1].Value = (long)k;
        using SqliteDataReader reader = _top.ExecuteReader();
        while (reader.Read())
            hits?.Add(new SearchHit((int)reader.GetInt64(0), -reader.GetDouble(1)));
    }

    public long Answer(int q, int k, List<SearchHit>? hits)
    {
        long count = Count(q);
        if (k > 0)
            Top(q, k, hits);
        return count;
    }

    public long IndexBytes => File.Exists(_path) ? new FileInfo(_path).Length : 0;

    public void Dispose()
    {
        _count?.Dispose();
        _top?.Dispose();
        _connection?.Dispose();
    }
}
