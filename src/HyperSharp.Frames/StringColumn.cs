namespace HyperSharp.Frames;

/// <summary>
/// A dictionary-encoded string column: each row holds a code into <see cref="Dictionary"/>, so that grouping, joining
/// and comparing work on integers. Codes need not be sorted nor every entry used (a filtered column keeps its parent's
/// dictionary).
/// </summary>
public sealed class StringColumn : Column
{
    private int[]? _ranks;

    internal StringColumn(int[] codes, string[] dictionary, ulong[]? validity) : base(codes.Length, validity)
    {
        Codes = codes;
        DictionaryArray = dictionary;
    }

    /// <inheritdoc/>
    public override ColumnType Type => ColumnType.String;

    internal int[] Codes { get; }

    internal string[] DictionaryArray { get; }

    /// <summary>Each row's code into <see cref="Dictionary"/> (unspecified for a null row).</summary>
    public ReadOnlySpan<int> CodeValues => Codes;

    /// <summary>The distinct strings the codes refer to.</summary>
    public IReadOnlyList<string> Dictionary => DictionaryArray;

    /// <summary>Row <paramref name="row"/>'s string, or null.</summary>
    public string? this[int row] => IsNull(row) ? null : DictionaryArray[Codes[row]];

    /// <summary>A column over <paramref name="codes"/> into <paramref name="dictionary"/> (each code checked).</summary>
    public static StringColumn FromCodes(int[] codes, string[] dictionary, bool[]? valid = null)
    {
        ulong[]? validity = valid is null ? null : Bits.FromFlags(valid);
        for (int i = 0; i < codes.Length; i++)
            if ((uint)codes[i] >= (uint)dictionary.Length && (validity is null || Bits.Get(validity, i)))
                throw new ArgumentOutOfRangeException(nameof(codes), $"Code {codes[i]} at row {i} is outside the dictionary of {dictionary.Length}.");
        return new StringColumn(codes, dictionary, validity);
    }

    internal static StringColumn Encode(string?[] values)
    {
        var lookup = new Dictionary<string, int>(StringComparer.Ordinal);
        var dictionary = new List<string>();
        var codes = new int[values.Length];
        ulong[]? validity = null;
        for (int i = 0; i < values.Length; i++)
        {
            string? s = values[i];
            if (s is null)
            {
                validity ??= Bits.AllSet(values.Length);
                Bits.Clear(validity, i);
                continue;
            }
            if (!lookup.TryGetValue(s, out int code))
            {
                code = dictionary.Count;
                lookup.Add(s, code);
                dictionary.Add(s);
            }
            codes[i] = code;
        }
        return new StringColumn(codes, [.. dictionary], validity);
    }

    /// <inheritdoc/>
    public override object? GetValue(int row) => this[row];

    /// <inheritdoc/>
    public override string Format(int row) => this[row] ?? "";

    /// <inheritdoc/>
    public override Column Gather(ReadOnlySpan<int> rows)
    {
        var codes = GC.AllocateUninitializedArray<int>(rows.Length);
        for (int i = 0; i < rows.Length; i++)
            codes[i] = rows[i] >= 0 ? Codes[rows[i]] : 0;
        return new StringColumn(codes, DictionaryArray, Bits.Gather(Validity, rows));
    }

    /// <summary>The ordinal rank of each dictionary entry, so that rows compare as integers.</summary>
    internal int[] Ranks => _ranks ??= ComputeRanks();

    private int[] ComputeRanks()
    {
        var order = new int[DictionaryArray.Length];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        Array.Sort(order, (a, b) => string.CompareOrdinal(DictionaryArray[a], DictionaryArray[b]));
        var ranks = new int[order.Length];
        for (int r = 0; r < order.Length; r++)
            ranks[order[r]] = r;
        return ranks;
    }

    internal override int CompareRows(int a, int b)
    {
        if (Nulls.Compare(this, a, b) is int n)
            return n;
        int[] ranks = Ranks;
        return ranks[Codes[a]].CompareTo(ranks[Codes[b]]);
    }

    /// <inheritdoc/>
    public override Column FillNull(Column fill)
    {
        if (fill is not StringColumn other || other.Length != Length)
            throw new ArgumentException("A string column is filled from a string column of the same length.", nameof(fill));
        if (Validity is null)
            return this;
        var values = new string?[Length];
        for (int i = 0; i < values.Length; i++)
            values[i] = this[i] ?? other[i];
        return Encode(values);
    }
}
