using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HyperSharp.Frames;

/// <summary>
/// Fast paths for the CSV reader's field parsers. Each takes the common short form (a sign and a few ASCII digits; a
/// decimal with at most 15 significant digits and no exponent) itself and hands everything else to the BCL parser, so
/// what is accepted, and every value produced, is exactly the BCL's.
/// </summary>
internal static class CsvValues
{
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    public static bool TryInt32(ReadOnlySpan<char> text, out int value)
    {
        // Nine characters hold at most nine digits: no overflow is possible.
        if (text.Length <= 9 && TryDigits(text, out long v))
        {
            value = (int)v;
            return true;
        }
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static bool TryInt64(ReadOnlySpan<char> text, out long value)
    {
        if (text.Length <= 18 && TryDigits(text, out value))
            return true;
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An optional sign and one or more ASCII digits (at most 18, so the value fits a long).</summary>
    private static bool TryDigits(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
        }
        if (i == text.Length)
            return false;
        long v = 0;
        for (; i < text.Length; i++)
        {
            uint d = (uint)(text[i] - '0');
            if (d > 9)
                return false;
            v = v * 10 + d;
        }
        value = negative ? -v : v;
        return true;
    }

    public static bool TryDouble(ReadOnlySpan<char> text, out double value)
    {
        // Clinger's fast path: an integer mantissa below 2^53 and a power of ten up to 10^22 are both exact doubles, so
        // one IEEE division gives the correctly rounded value, the one double.Parse returns.
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        int digits = 0, scale = -1;
        for (; i < text.Length; i++)
        {
            char ch = text[i];
            uint d = (uint)(ch - '0');
            if (d <= 9)
            {
                mantissa = mantissa * 10 + d;
                digits++;
                if (scale >= 0)
                    scale++;
            }
            else if (ch == '.' && scale < 0)
            {
                scale = 0;
            }
            else
            {
                digits = 0; // anything else (an exponent, spaces, "NaN"): the BCL decides
                break;
            }
        }
        if (digits is > 0 and <= 15 && scale < Pow10.Length)
        {
            double v = mantissa;
            if (scale > 0)
                v /= Pow10[scale];
            value = negative ? -v : v;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }
}

/// <summary>
/// Interns the strings of one column as codes in first-appearance order: open addressing over a seeded 64-bit hash of
/// the characters. A slot holds the hash, the code and where the characters lie in one shared buffer, so a lookup of a
/// known string touches two places in memory (its slot, its characters), and no string object is made until the end.
/// </summary>
internal sealed class SpanInterner
{
    // Seeded per process: a file cannot be built to make every key collide.
    private static readonly ulong Seed = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));

    [StructLayout(LayoutKind.Sequential)]
    private struct Slot
    {
        public int Hash;
        public int Code; // code + 1; 0 is empty
        public int Offset;
        public int Length;
    }

    private Slot[] _slots;
    private char[] _chars = new char[4096];
    private int _used;
    private int[] _offsets; // by code: its characters' offset, then length
    private int[] _lengths;
    private int[] _hashes;
    private int _count;

    /// <summary>An interner sized for about <paramref name="capacity"/> strings (it grows past them).</summary>
    public SpanInterner(int capacity = 128)
    {
        capacity = Math.Clamp(capacity, 128, 1 << 29);
        _slots = new Slot[(int)BitOperations.RoundUpToPowerOf2((uint)(capacity + capacity / 3 + 1))];
        _offsets = new int[capacity];
        _lengths = new int[capacity];
        _hashes = new int[capacity];
    }

    /// <summary>The hash of code <paramref name="code"/>'s characters (the same in every interner of the process).</summary>
    public int HashOf(int code) => _hashes[code];

    /// <summary>The characters of code <paramref name="code"/>.</summary>
    public ReadOnlySpan<char> Chars(int code) => _chars.AsSpan(_offsets[code], _lengths[code]);

    /// <summary>How many distinct strings have been seen.</summary>
    public int Count => _count;

    /// <summary>The string of code <paramref name="code"/> (a new string each call).</summary>
    public string this[int code] => new(_chars, _offsets[code], _lengths[code]);

    /// <summary>The strings in code order.</summary>
    public string[] ToArray()
    {
        var strings = new string[_count];
        for (int code = 0; code < _count; code++)
            strings[code] = this[code];
        return strings;
    }

    public int Intern(ReadOnlySpan<char> text)
    {
        int hash = Hash(text);
        int mask = _slots.Length - 1;
        int at = hash & mask;
        while (true)
        {
            ref Slot slot = ref _slots[at];
            if (slot.Code == 0)
                break;
            if (slot.Hash == hash && slot.Length == text.Length && text.SequenceEqual(_chars.AsSpan(slot.Offset, slot.Length)))
                return slot.Code - 1;
            at = (at + 1) & mask;
        }
        return Add(text, hash, at);
    }

    private int Add(ReadOnlySpan<char> text, int hash, int at)
    {
        int code = _count++;
        if (code == _offsets.Length)
        {
            Array.Resize(ref _offsets, code * 2);
            Array.Resize(ref _lengths, code * 2);
            Array.Resize(ref _hashes, code * 2);
        }
        if (_used + text.Length > _chars.Length)
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + text.Length));
        text.CopyTo(_chars.AsSpan(_used));
        _offsets[code] = _used;
        _lengths[code] = text.Length;
        _hashes[code] = hash;
        _slots[at] = new Slot { Hash = hash, Code = code + 1, Offset = _used, Length = text.Length };
        _used += text.Length;
        if (_count * 4L > _slots.Length * 3L) // at most three quarters full
            Rehash();
        return code;
    }

    private void Rehash()
    {
        var slots = new Slot[_slots.Length * 2];
        int mask = slots.Length - 1;
        foreach (Slot slot in _slots)
        {
            if (slot.Code == 0)
                continue;
            int at = slot.Hash & mask;
            while (slots[at].Code != 0)
                at = (at + 1) & mask;
            slots[at] = slot;
        }
        _slots = slots;
    }

    private static int Hash(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(text);
        ulong h = Seed ^ ((ulong)bytes.Length * 0x9E3779B97F4A7C15);
        while (bytes.Length >= 8)
        {
            h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * 0xFF51AFD7ED558CCD;
            h ^= h >> 32;
            bytes = bytes[8..];
        }
        if (!bytes.IsEmpty)
        {
            ulong tail = 0;
            foreach (byte b in bytes)
                tail = (tail << 8) | b;
            h = (h ^ tail) * 0xC4CEB9FE1A85EC53;
        }
        h ^= h >> 29;
        h *= 0x94D049BB133111EB;
        return (int)(h ^ (h >> 32));
    }
}
