using System.Globalization;
using HyperSharp.Frames;

namespace HyperSharp.Harness.Frames;

/// <summary>
/// The db-benchmark tables (h2oai's groupby-datagen and join-datagen), generated in memory from a seed.
/// <para>Group-by (<c>G1_N_K_NA_SORT</c>): <c>id1</c>, <c>id2</c> strings <c>id001</c>…<c>idK</c>; <c>id3</c> strings
/// <c>id0000000001</c>… of N/K levels; <c>id4</c>, <c>id5</c> ints 1…K; <c>id6</c> ints 1…N/K; <c>v1</c>, <c>v2</c>
/// ints 1…5; <c>v3</c> uniform in [0, 100) rounded to 4 decimals. With NA, each cell is missing with that probability;
/// sorted means by id1…id6.</para>
/// <para>Join (<c>J1_N_…</c>): each key set of n keys is split as db-benchmark's <c>split_xlr</c>: 90 % shared by both
/// sides, 10 % only on the left, 10 % only on the right. The left table has N rows of <c>id1</c> (of N/10⁶ keys),
/// <c>id2</c> (N/10³), <c>id3</c> (N) and their strings <c>id4</c>, <c>id5</c>, <c>id6</c> (<c>id</c> + number),
/// and <c>v1</c>; small (N/10⁶ rows, unique <c>id1</c>), medium (N/10³ rows, unique <c>id2</c>) and big (N rows,
/// unique <c>id3</c>) right tables carry <c>v2</c>.</para>
/// </summary>
public static class DbBenchmarkData
{
    /// <summary>The group-by table of <paramref name="rows"/> rows and <paramref name="k"/> groups for id1/id2/id4/id5.</summary>
    public static DataFrame GroupBy(long rows, int k, int naPercent, bool sorted, long seed)
    {
        int n = checked((int)rows);
        int big = (int)Math.Max(1, rows / k);
        var random = new Random(unchecked((int)(seed * 1_000_003 + 17)));
        double na = naPercent / 100.0;
        var columns = new List<(string, Column)>
        {
            ("id1", Strings(random, n, k, "id{0:000}", na)),
            ("id2", Strings(random, n, k, "id{0:000}", na)),
            ("id3", Strings(random, n, big, "id{0:0000000000}", na)),
            ("id4", Ints(random, n, k, na)),
            ("id5", Ints(random, n, k, na)),
            ("id6", Ints(random, n, big, na)),
            ("v1", Ints(random, n, 5, na)),
            ("v2", Ints(random, n, 5, na)),
            ("v3", Uniform(random, n, na)),
        };
        var frame = new DataFrame(columns.ToArray());
        return sorted ? frame.Sort("id1", "id2", "id3", "id4", "id5", "id6") : frame;
    }

    /// <summary>The four join tables.</summary>
    public sealed record JoinTables(DataFrame X, DataFrame Small, DataFrame Medium, DataFrame Big);

    /// <summary>The join tables for a left table of <paramref name="rows"/> rows.</summary>
    public static JoinTables Join(long rows, int naPercent, bool sorted, long seed)
    {
        int n = checked((int)rows);
        var random = new Random(unchecked((int)(seed * 1_000_003 + 29)));
        double na = naPercent / 100.0;
        KeySplit k1 = KeySplit.Of(random, Math.Max(2, n / 1_000_000)), k2 = KeySplit.Of(random, Math.Max(2, n / 1_000)), k3 = KeySplit.Of(random, Math.Max(2, n));

        int[] id1 = Sample(random, k1.Left, n), id2 = Sample(random, k2.Left, n), id3 = Sample(random, k3.Left, n);
        var x = new DataFrame(
            ("id1", Nulls(random, Column.Create(id1), na)), ("id2", Nulls(random, Column.Create(id2), na)), ("id3", Nulls(random, Column.Create(id3), na)),
            ("id4", Nulls(random, Names(id1), na)), ("id5", Nulls(random, Names(id2), na)), ("id6", Nulls(random, Names(id3), na)),
            ("v1", Uniform(random, n, na)));

        int[] s1 = Shuffle(random, k1.Right);
        var small = new DataFrame(("id1", Column.Create(s1)), ("id4", Names(s1)), ("v2", Uniform(random, s1.Length, na)));

        int[] m2 = Shuffle(random, k2.Right), m1 = Sample(random, k1.Right, m2.Length);
        var medium = new DataFrame(("id1", Column.Create(m1)), ("id2", Column.Create(m2)), ("id4", Names(m1)), ("id5", Names(m2)),
            ("v2", Uniform(random, m2.Length, na)));

        int[] b3 = Shuffle(random, k3.Right), b1 = Sample(random, k1.Right, b3.Length), b2 = Sample(random, k2.Right, b3.Length);
        var bigTable = new DataFrame(("id1", Column.Create(b1)), ("id2", Column.Create(b2)), ("id3", Column.Create(b3)),
            ("id4", Names(b1)), ("id5", Names(b2)), ("id6", Names(b3)), ("v2", Uniform(random, b3.Length, na)));
        if (sorted)
            return new JoinTables(x.Sort("id1", "id2", "id3"), small.Sort("id1"), medium.Sort("id2"), bigTable.Sort("id3"));
        return new JoinTables(x, small, medium, bigTable);
    }

    /// <summary>split_xlr: a random permutation of n + n/10 keys; the left draws from the first n, the right from the last n.</summary>
    private sealed record KeySplit(int[] Left, int[] Right)
    {
        public static KeySplit Of(Random random, int n)
        {
            int side = Math.Max(1, n / 10), shared = Math.Max(1, n - side);
            int[] keys = Shuffle(random, Enumerable.Range(1, shared + 2 * side).ToArray());
            return new KeySplit(keys[..(shared + side)], [.. keys[..shared], .. keys[(shared + side)..]]);
        }
    }

    private static int[] Shuffle(Random random, int[] values)
    {
        int[] copy = (int[])values.Clone();
        random.Shuffle(copy);
        return copy;
    }

    private static int[] Sample(Random random, int[] from, int n)
    {
        var r = new int[n];
        for (int i = 0; i < n; i++)
            r[i] = from[random.Next(from.Length)];
        return r;
    }

    private static StringColumn Names(int[] ids)
    {
        var codes = new int[ids.Length];
        var lookup = new Dictionary<int, int>();
        var dictionary = new List<string>();
        for (int i = 0; i < ids.Length; i++)
        {
            if (!lookup.TryGetValue(ids[i], out int code))
            {
                code = dictionary.Count;
                lookup.Add(ids[i], code);
                dictionary.Add("id" + ids[i].ToString(CultureInfo.InvariantCulture));
            }
            codes[i] = code;
        }
        return StringColumn.FromCodes(codes, [.. dictionary]);
    }

    private static Column Strings(Random random, int n, int levels, string format, double na)
    {
        string[] dictionary = Enumerable.Range(1, levels).Select(i => string.Format(CultureInfo.InvariantCulture, format, i)).ToArray();
        var codes = new int[n];
        for (int i = 0; i < n; i++)
            codes[i] = random.Next(levels);
        return Nulls(random, StringColumn.FromCodes(codes, dictionary), na);
    }

    private static Column Ints(Random random, int n, int max, double na)
    {
        var values = new int[n];
        for (int i = 0; i < n; i++)
            values[i] = random.Next(1, max + 1);
        return Nulls(random, Column.Create(values), na);
    }

    private static Column Uniform(Random random, int n, double na)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
            values[i] = Math.Round(random.NextDouble() * 100, 4);
        return Nulls(random, Column.Create(values), na);
    }

    /// <summary>The column with each row missing with probability <paramref name="na"/> (none drawn when 0).</summary>
    private static Column Nulls(Random random, Column column, double na)
    {
        if (na <= 0)
            return column;
        var keep = new int[column.Length];
        for (int i = 0; i < keep.Length; i++)
            keep[i] = random.NextDouble() < na ? -1 : i;
        return column.Gather(keep);
    }
}
