using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using HyperSharp.Ladder;
using Microsoft.Win32.SafeHandles;

namespace HyperSharp.TimeSeries;

/// <summary>
/// The last valid date (the first 10 characters of an ISO timestamp) and its day number: the rows of a day share it,
/// so a row whose first 10 characters are the same bytes needs no date checks.
/// </summary>
internal struct DateCache
{
    private ulong _a, _b;
    private uint _c;
    private bool _valid;

    public long Civil { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool Holds<T>(ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        Read(text, out ulong a, out ulong b, out uint c);
        return _valid && a == _a && b == _b && c == _c;
    }

    public void Remember<T>(ReadOnlySpan<T> text, long civil) where T : unmanaged, IBinaryInteger<T>
    {
        Read(text, out _a, out _b, out _c);
        Civil = civil;
        _valid = true;
    }

    /// <summary>The first 10 characters' bytes: 10 (UTF-8) or 20 (UTF-16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Read<T>(ReadOnlySpan<T> text, out ulong a, out ulong b, out uint c) where T : unmanaged, IBinaryInteger<T>
    {
        ReadOnlySpan<byte> raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(text[..10]);
        a = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(raw);
        if (raw.Length == 10)
        {
            b = System.Runtime.InteropServices.MemoryMarshal.Read<ushort>(raw[8..]);
            c = 0;
        }
        else
        {
            b = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(raw[8..]);
            c = System.Runtime.InteropServices.MemoryMarshal.Read<uint>(raw[16..]);
        }
    }
}

/// <summary>
/// The file format, parsed once for every rung: a header <c>timestamp,value</c>, then one row per line — a timestamp
/// (ISO 8601, <c>2024-01-01T00:00:00Z</c>, with optional fraction and <c>Z</c> or <c>±HH:MM</c>, no zone meaning UTC;
/// or Unix seconds, optionally fractional) and a finite decimal number. LF or CRLF; a final newline is optional;
/// blank lines are skipped. Generic over the character type: bytes (UTF-8) for the rungs that read the file
/// themselves, chars for Sep.
/// </summary>
internal static class TimeSeriesCsv
{
    public const string Header = "timestamp,value";

    /// <summary>The longest line a rung accepts; a longer one is a corrupt file.</summary>
    public const int MaxLine = 4096;

    private static readonly double[] s_pow10 =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

    /// <summary>One data line (no newline; a trailing CR is allowed) into its UTC day and value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseRow<T>(ReadOnlySpan<T> line, out long day, out double value) where T : unmanaged, IBinaryInteger<T>
    {
        var cache = new DateCache();
        return TryParseRow(line, ref cache, out day, out value);
    }

    /// <summary>As above, remembering the last date seen: consecutive rows mostly share it, and its checks are skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseRow<T>(ReadOnlySpan<T> line, ref DateCache cache, out long day, out double value) where T : unmanaged, IBinaryInteger<T>
    {
        if (line.Length > 0 && line[^1] == T.CreateTruncating('\r'))
            line = line[..^1];
        int comma = line.IndexOf(T.CreateTruncating(','));
        value = 0;
        day = 0;
        return comma >= 0 && TryParseDay(line[..comma], ref cache, out day) && TryParseValue(line[(comma + 1)..], out value);
    }

    /// <summary>Whether a line (after stripping a CR) is empty: skipped, as pandas skips blank lines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlank<T>(ReadOnlySpan<T> line) where T : unmanaged, IBinaryInteger<T> =>
        line.Length == 0 || (line.Length == 1 && line[0] == T.CreateTruncating('\r'));

    /// <summary>The UTC day (days since 1970-01-01) of an ISO 8601 or Unix-seconds timestamp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDay<T>(ReadOnlySpan<T> text, out long day) where T : unmanaged, IBinaryInteger<T>
    {
        var cache = new DateCache();
        return TryParseDay(text, ref cache, out day);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseDay<T>(ReadOnlySpan<T> text, ref DateCache cache, out long day) where T : unmanaged, IBinaryInteger<T>
    {
        bool parsed = text.Length >= 10 && text[4] == T.CreateTruncating('-') ? TryParseIso(text, ref cache, out day) : TryParseUnix(text, out day);
        return parsed && day >= MinDay && day <= MaxDay;
    }

    /// <summary>The days <see cref="DateOnly"/> can name (0001-01-01 to 9999-12-31), as days since 1970-01-01.</summary>
    public const long MinDay = -AnomalousDay.UnixEpochDayNumber, MaxDay = 3_652_058 - AnomalousDay.UnixEpochDayNumber;

    private static bool TryParseIso<T>(ReadOnlySpan<T> t, ref DateCache cache, out long day) where T : unmanaged, IBinaryInteger<T>
    {
        day = 0;
        long civil;
        if (cache.Holds(t))
        {
            civil = cache.Civil;
        }
        else
        {
            if (!(Digits(t, 0, 4, out int year) && t[4] == T.CreateTruncating('-') && Digits(t, 5, 2, out int month) && t[7] == T.CreateTruncating('-')
                  && Digits(t, 8, 2, out int dayOfMonth)))
                return false;
            if (month is < 1 or > 12 || dayOfMonth < 1 || year < 1 || dayOfMonth > DateTime.DaysInMonth(year, month))
                return false;
            civil = DaysFromCivil(year, month, dayOfMonth);
            cache.Remember(t, civil);
        }
        if (t.Length == 10)
        {
            day = civil;
            return true;
        }
        char sep = Char(t[10]);
        if (t.Length < 19 || (sep != 'T' && sep != ' ') || !Digits(t, 11, 2, out int hour) || t[13] != T.CreateTruncating(':')
            || !Digits(t, 14, 2, out int minute) || t[16] != T.CreateTruncating(':') || !Digits(t, 17, 2, out int second)
            || hour > 23 || minute > 59 || second > 59)
            return false;
        int i = 19;
        if (i < t.Length && t[i] == T.CreateTruncating('.'))
        {
            int start = ++i;
            while (i < t.Length && IsDigit(t[i]))
                i++;
            if (i == start)
                return false;
        }
        long offset = 0;
        if (i < t.Length)
        {
            char zone = Char(t[i]);
            if (zone == 'Z' && i + 1 == t.Length)
                i++;
            else if ((zone == '+' || zone == '-') && t.Length == i + 6 && Digits(t, i + 1, 2, out int oh) && t[i + 3] == T.CreateTruncating(':')
                     && Digits(t, i + 4, 2, out int om) && oh <= 23 && om <= 59)
            {
                offset = (zone == '+' ? 1 : -1) * (oh * 3600L + om * 60L);
                i = t.Length;
            }
            else
                return false;
        }
        long seconds = civil * 86_400 + hour * 3600L + minute * 60L + second - offset;
        day = Math.DivRem(seconds, 86_400L, out long rest) - (rest < 0 ? 1 : 0);
        return true;
    }

    private static bool TryParseUnix<T>(ReadOnlySpan<T> t, out long day) where T : unmanaged, IBinaryInteger<T>
    {
        day = 0;
        int i = 0;
        bool negative = t.Length > 0 && t[0] == T.CreateTruncating('-');
        if (negative)
            i++;
        int start = i;
        long seconds = 0;
        while (i < t.Length && IsDigit(t[i]))
        {
            if (i - start >= 15) // beyond any date DateOnly can name
                return false;
            seconds = seconds * 10 + Digit(t[i++]);
        }
        if (i == start)
            return false;
        bool fraction = false;
        if (i < t.Length && t[i] == T.CreateTruncating('.'))
        {
            int f = ++i;
            while (i < t.Length && IsDigit(t[i]))
                fraction |= t[i++] != T.CreateTruncating('0');
            if (i == f)
                return false;
        }
        if (i != t.Length)
            return false;
        if (negative)
            seconds = -seconds - (fraction ? 1 : 0); // floor: -0.5 s is in the day before the epoch
        day = Math.DivRem(seconds, 86_400L, out long rest) - (rest < 0 ? 1 : 0);
        return true;
    }

    /// <summary>
    /// A finite decimal number. The common case — at most 15 significant digits and a power of ten within 10^±22 — is
    /// m·10^e or m/10^−e in one correctly rounded operation (both exact doubles: Clinger's fast path), so it equals
    /// what <see cref="double.Parse(string)"/> gives; anything else is left to the runtime's parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseValue<T>(ReadOnlySpan<T> t, out double value) where T : unmanaged, IBinaryInteger<T>
    {
        int i = 0;
        bool negative = false;
        if (t.Length > 0 && (t[0] == T.CreateTruncating('-') || t[0] == T.CreateTruncating('+')))
        {
            negative = t[0] == T.CreateTruncating('-');
            i++;
        }
        long mantissa = 0;
        int digits = 0, scale = 0, start = i;
        while (i < t.Length && IsDigit(t[i]))
        {
            mantissa = mantissa * 10 + Digit(t[i++]);
            if (mantissa != 0)
                digits++;
            if (digits > 15)
                return Slow(t, out value);
        }
        bool any = i > start;
        if (i < t.Length && t[i] == T.CreateTruncating('.'))
        {
            i++;
            int f = i;
            while (i < t.Length && IsDigit(t[i]))
            {
                mantissa = mantissa * 10 + Digit(t[i++]);
                if (mantissa != 0)
                    digits++;
                if (digits > 15)
                    return Slow(t, out value);
            }
            scale = -(i - f);
            any |= i > f;
        }
        if (!any)
            return Fail(out value);
        if (i < t.Length && (t[i] == T.CreateTruncating('e') || t[i] == T.CreateTruncating('E')))
        {
            i++;
            bool negativeExponent = false;
            if (i < t.Length && (t[i] == T.CreateTruncating('-') || t[i] == T.CreateTruncating('+')))
                negativeExponent = t[i++] == T.CreateTruncating('-');
            int e = 0, es = i;
            while (i < t.Length && IsDigit(t[i]))
            {
                e = e * 10 + Digit(t[i++]);
                if (e > 100_000)
                    return Slow(t, out value);
            }
            if (i == es)
                return Fail(out value);
            scale += negativeExponent ? -e : e;
        }
        if (i != t.Length)
            return Fail(out value);
        if (scale < -22 || scale > 22)
            return Slow(t, out value);
        double m = mantissa;
        value = scale >= 0 ? m * s_pow10[scale] : m / s_pow10[-scale];
        if (negative)
            value = -value;
        return double.IsFinite(value);
    }

    private static bool Fail(out double value)
    {
        value = 0;
        return false;
    }

    /// <summary>Many digits or a far exponent: the runtime's correctly rounded parser, after the fast path checked the syntax.</summary>
    private static bool Slow<T>(ReadOnlySpan<T> t, out double value) where T : unmanaged, IBinaryInteger<T>
    {
        Span<char> chars = stackalloc char[Math.Min(t.Length, MaxLine)];
        if (t.Length > chars.Length)
            return Fail(out value);
        for (int i = 0; i < t.Length; i++)
        {
            char c = Char(t[i]);
            if (!(char.IsAsciiDigit(c) || c is '+' or '-' or '.' or 'e' or 'E'))
                return Fail(out value);
            chars[i] = c;
        }
        return double.TryParse(chars, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                   CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit<T>(T c) where T : unmanaged, IBinaryInteger<T> => uint.CreateTruncating(c) - '0' <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Digit<T>(T c) where T : unmanaged, IBinaryInteger<T> => (int)(uint.CreateTruncating(c) - '0');

    private static char Char<T>(T c) where T : unmanaged, IBinaryInteger<T> => (char)uint.CreateTruncating(c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Digits<T>(ReadOnlySpan<T> t, int at, int count, out int value) where T : unmanaged, IBinaryInteger<T>
    {
        value = 0;
        for (int i = at; i < at + count; i++)
        {
            if (!IsDigit(t[i]))
                return false;
            value = value * 10 + Digit(t[i]);
        }
        return true;
    }

    /// <summary>Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).</summary>
    public static long DaysFromCivil(int year, int month, int day)
    {
        long y = month <= 2 ? year - 1 : year;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /// <summary>Whether a line is the header (spaces around the names and their case do not matter).</summary>
    public static bool IsHeader(string line)
    {
        string[] names = line.TrimEnd('\r').Split(',');
        return names.Length == 2 && names[0].Trim().Equals("timestamp", StringComparison.OrdinalIgnoreCase)
               && names[1].Trim().Equals("value", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Checks the header of <paramref name="file"/> and returns the offset of its first data row (after a UTF-8 BOM and
    /// the header line). A one-line error otherwise.
    /// </summary>
    public static long DataStart(SafeFileHandle file, string path)
    {
        Span<byte> head = stackalloc byte[MaxLine];
        int n = RandomAccess.Read(file, head, 0);
        head = head[..n];
        int bom = head.StartsWith("\uFEFF"u8) ? 3 : 0;
        if (n == bom)
            throw new SpecException($"{path}: empty file: expected the header '{Header}'");
        int newline = head[bom..].IndexOf((byte)'\n');
        if (newline < 0 && n == MaxLine)
            throw Error(path, 1, $"expected the header '{Header}'");
        ReadOnlySpan<byte> line = newline < 0 ? head[bom..] : head.Slice(bom, newline);
        if (!IsHeader(Encoding.UTF8.GetString(line)))
            throw Error(path, 1, $"expected the header '{Header}', found '{Shorten(Encoding.UTF8.GetString(line).TrimEnd('\r'))}'");
        return newline < 0 ? n : bom + newline + 1;
    }

    public static SpecException Error(string path, long line, string what) => new($"{path} line {line}: {what}");

    /// <summary>The error for a line that does not parse, saying which field is wrong.</summary>
    public static SpecException RowError<T>(string path, long line, ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        if (text.Length > 0 && text[^1] == T.CreateTruncating('\r'))
            text = text[..^1];
        string shown = Shorten(Text(text));
        int comma = text.IndexOf(T.CreateTruncating(','));
        if (comma < 0)
            return Error(path, line, $"'{shown}' is not a row '{Header}' (no comma)");
        if (!TryParseDay(text[..comma], out _))
            return Error(path, line, $"'{Shorten(Text(text[..comma]))}' is not a timestamp (ISO 8601 such as 2024-01-01T00:00:00Z, or Unix seconds)");
        return Error(path, line, $"'{Shorten(Text(text[(comma + 1)..]))}' is not a finite number");
    }

    private static string Text<T>(ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        if (typeof(T) == typeof(byte))
            return Encoding.UTF8.GetString(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text));
        var chars = new char[text.Length];
        for (int i = 0; i < chars.Length; i++)
            chars[i] = Char(text[i]);
        return new string(chars);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..37] + "...";

    /// <summary>The 1-based line number of the line that starts at byte <paramref name="offset"/> (counted only on an error).</summary>
    public static long LineAt(SafeFileHandle file, long offset)
    {
        byte[] buffer = new byte[1 << 16];
        long lines = 1, position = 0;
        while (position < offset)
        {
            int n = RandomAccess.Read(file, buffer.AsSpan(0, (int)Math.Min(buffer.Length, offset - position)), position);
            if (n == 0)
                break;
            lines += buffer.AsSpan(0, n).Count((byte)'\n');
            position += n;
        }
        return lines;
    }
}
