namespace HyperSharp.Frames;

/// <summary>
/// Hash join: the right table's keys go into an open-addressing table (duplicates chained), the left's are probed in
/// one chunk per thread — counted first, then written at their chunk's offset, so the pairs come out in left-row order
/// whatever the thread count. Keys of both sides are first brought to one 64-bit code: integers as themselves, strings
/// through one shared dictionary, several columns mixed-radix over their joint range.
/// </summary>
internal static class HashJoin
{
    public const string RightSuffix = "_right";

    public static DataFrame Run(DataFrame left, DataFrame right, IReadOnlyList<string> on, JoinKind how, int threads)
    {
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(on);
        if (on.Count == 0)
            throw new ArgumentException("A join needs at least one key column.", nameof(on));
        (long[] lk, ulong[]? lv, long[] rk, ulong[]? rv) = Keys(left, right, on);
        int chunks = Parallelism.ChunksFor(left.RowCount, threads);

        // Build: key → first right row; next[] chains the right rows with the same key, in row order.
        var map = new LongMap(Math.Max(16, right.RowCount * 2));
        var head = new List<int>();
        var next = new int[right.RowCount];
        var tail = new List<int>();
        for (int r = 0; r < rk.Length; r++)
        {
            next[r] = -1;
            if (rv is not null && !Bits.Get(rv, r))
                continue;
            int id = map.GetOrAdd(rk[r], r);
            if (id == head.Count)
            {
                head.Add(r);
                tail.Add(r);
            }
            else
            {
                next[tail[id]] = r;
                tail[id] = r;
            }
        }
        int[] heads = [.. head];
        bool keepLeft = how != JoinKind.Inner;
        var matched = how == JoinKind.Outer ? new bool[right.RowCount] : null;

        // Probe, twice: count each chunk's output rows, then write them at the chunk's offset.
        var counts = new long[chunks];
        Parallelism.For(chunks, lk.Length, (c, s, e) =>
        {
            long n = 0;
            for (int i = s; i < e; i++)
            {
                int id = lv is not null && !Bits.Get(lv, i) ? -1 : map.Find(lk[i]);
                if (id < 0)
                {
                    if (keepLeft)
                        n++;
                    continue;
                }
                for (int r = heads[id]; r >= 0; r = next[r])
                    n++;
            }
            counts[c] = n;
        });
        var offsets = new long[chunks + 1];
        for (int c = 0; c < chunks; c++)
            offsets[c + 1] = offsets[c] + counts[c];
        long pairs = offsets[chunks];
        int unmatchedRight = 0;
        if (pairs > Array.MaxLength)
            throw new InvalidOperationException($"The join has {pairs} rows, more than an array holds.");
        var leftRows = new int[pairs];
        var rightRows = new int[pairs];
        Parallelism.For(chunks, lk.Length, (c, s, e) =>
        {
            long at = offsets[c];
            for (int i = s; i < e; i++)
            {
                int id = lv is not null && !Bits.Get(lv, i) ? -1 : map.Find(lk[i]);
                if (id < 0)
                {
                    if (keepLeft)
                    {
                        leftRows[at] = i;
                        rightRows[at++] = -1;
                    }
                    continue;
                }
                for (int r = heads[id]; r >= 0; r = next[r])
                {
                    leftRows[at] = i;
                    rightRows[at++] = r;
                    if (matched is not null)
                        matched[r] = true; // racing writes of the same value
                }
            }
        });
        if (matched is not null)
        {
            var extraLeft = new List<int>();
            var extraRight = new List<int>();
            for (int r = 0; r < matched.Length; r++)
                if (!matched[r])
                {
                    extraLeft.Add(-1);
                    extraRight.Add(r);
                }
            unmatchedRight = extraRight.Count;
            leftRows = [.. leftRows, .. extraLeft];
            rightRows = [.. rightRows, .. extraRight];
        }
        return Assemble(left, right, on, leftRows, rightRows, unmatchedRight > 0);
    }

    public static DataFrame Assemble(DataFrame left, DataFrame right, IReadOnlyList<string> on, int[] leftRows, int[] rightRows, bool coalesce)
    {
        if (leftRows.Length != rightRows.Length)
            throw new ArgumentException($"{leftRows.Length} left rows for {rightRows.Length} right rows.", nameof(rightRows));
        var columns = new List<KeyValuePair<string, Column>>();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (string k in on)
        {
            Column key = left[k].Gather(leftRows);
            if (coalesce)
                key = Coalesce(key, right[k].Gather(rightRows));
            columns.Add(new(k, key));
            taken.Add(k);
        }
        foreach ((string name, Column c) in left.Pairs())
        {
            if (on.Contains(name))
                continue;
            columns.Add(new(name, c.Gather(leftRows)));
            taken.Add(name);
        }
        foreach ((string name, Column c) in right.Pairs())
        {
            if (on.Contains(name))
                continue;
            string n = name;
            while (!taken.Add(n))
                n += RightSuffix;
            columns.Add(new(n, c.Gather(rightRows)));
        }
        return new DataFrame(columns);
    }

    /// <summary>The left key where it has one, else the right's (an outer join's unmatched right rows).</summary>
    private static Column Coalesce(Column left, Column right)
    {
        if (left is StringColumn ls && right is StringColumn rs)
        {
            var values = new string?[left.Length];
            for (int i = 0; i < values.Length; i++)
                values[i] = ls[i] ?? rs[i];
            return Column.Create(values);
        }
        return left.FillNull(right);
    }

    /// <summary>Both sides' keys as comparable 64-bit codes, with their validity (a null in any key column: no match).</summary>
    private static (long[] Left, ulong[]? LeftValid, long[] Right, ulong[]? RightValid) Keys(DataFrame left, DataFrame right, IReadOnlyList<string> on)
    {
        long[]? lk = null, rk = null;
        ulong[]? lv = null, rv = null;
        foreach (string name in on)
        {
            Column a = left[name], b = right[name];
            (long[] ca, long[] cb, long range) = Codes(name, a, b);
            lv = Bits.And(lv, a.Validity);
            rv = Bits.And(rv, b.Validity);
            if (lk is null)
            {
                lk = ca;
                rk = cb;
                continue;
            }
            // Mixed radix: key = previous × range + code, which needs codes in [0, range) and no overflow.
            long prevRange = Range(lk, rk!);
            if (range <= 0 || prevRange > long.MaxValue / range)
                throw new NotSupportedException($"The join keys {string.Join(", ", on)} span more than 2^63 combinations.");
            long lo = Math.Min(Min(ca), Min(cb));
            long plo = Math.Min(Min(lk), Min(rk!));
            for (int i = 0; i < lk.Length; i++)
                lk[i] = (lk[i] - plo) * range + (ca[i] - lo);
            for (int i = 0; i < rk!.Length; i++)
                rk[i] = (rk[i] - plo) * range + (cb[i] - lo);
        }
        return (lk!, lv, rk!, rv);
    }

    private static long Min(long[] v) => v.Length == 0 ? 0 : v.Min();

    private static long Range(long[] a, long[] b)
    {
        if (a.Length + b.Length == 0)
            return 1;
        long lo = Math.Min(Min(a), Min(b)), hi = Math.Max(a.Length == 0 ? long.MinValue : a.Max(), b.Length == 0 ? long.MinValue : b.Max());
        return hi - lo + 1;
    }

    private static (long[] Left, long[] Right, long Range) Codes(string name, Column a, Column b)
    {
        if (a is StringColumn sa && b is StringColumn sb)
        {
            // One dictionary for both: the left's codes, then the right's strings the left lacks.
            var codeOf = new Dictionary<string, int>(sa.DictionaryArray.Length, StringComparer.Ordinal);
            for (int i = 0; i < sa.DictionaryArray.Length; i++)
                codeOf.TryAdd(sa.DictionaryArray[i], i);
            var remap = new int[sb.DictionaryArray.Length];
            int nextCode = sa.DictionaryArray.Length;
            for (int i = 0; i < remap.Length; i++)
                remap[i] = codeOf.TryGetValue(sb.DictionaryArray[i], out int c) ? c : nextCode++;
            var ca = new long[a.Length];
            for (int i = 0; i < ca.Length; i++)
                ca[i] = sa.Codes[i];
            var cb = new long[b.Length];
            for (int i = 0; i < cb.Length; i++)
                cb[i] = remap[sb.Codes[i]];
            return (ca, cb, Math.Max(1, nextCode));
        }
        if (Numeric.IsInteger(a) && Numeric.IsInteger(b))
        {
            long[] ca = (long[])Numeric.Longs(a).Clone(), cb = (long[])Numeric.Longs(b).Clone();
            return (ca, cb, Range(ca, cb));
        }
        throw new ArgumentException($"Cannot join on '{name}': {a.Type} on the left, {b.Type} on the right (join integers with integers, strings with strings).");
    }
}
