using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperSharp.Search;

/// <summary>Fixed-width bit packing of a block of unsigned values (the postings' doc gaps and frequencies), little-endian bit order.</summary>
internal static class BitPacking
{
    /// <summary>Postings per block: the unit of decoding and of skipping.</summary>
    public const int BlockSize = 128;

    /// <summary>Bits needed for the largest of <paramref name="values"/> (0 when all are 0).</summary>
    public static int BitsFor(ReadOnlySpan<uint> values)
    {
        uint or = 0;
        foreach (uint v in values)
            or |= v;
        return 32 - BitOperations.LeadingZeroCount(or);
    }

    public static int PackedBytes(int count, int bits) => (count * bits + 7) >> 3;

    /// <summary>Writes <paramref name="values"/> at <paramref name="bits"/> bits each into <paramref name="output"/>.</summary>
    public static void Pack(ReadOnlySpan<uint> values, int bits, Span<byte> output)
    {
        ulong buffer = 0;
        int filled = 0, o = 0;
        foreach (uint v in values)
        {
            buffer |= (ulong)v << filled;
            filled += bits;
            while (filled >= 8)
            {
                output[o++] = (byte)buffer;
                buffer >>= 8;
                filled -= 8;
            }
        }
        if (filled > 0)
            output[o] = (byte)buffer;
    }

    /// <summary>Reads <paramref name="output"/>.Length values of <paramref name="bits"/> bits each from <paramref name="input"/>.</summary>
    public static void Unpack(ReadOnlySpan<byte> input, int bits, Span<uint> output)
    {
        if (bits == 0)
        {
            output.Clear();
            return;
        }
        ulong mask = bits == 32 ? uint.MaxValue : (1UL << bits) - 1;
        // Values whose 8-byte window lies inside the input are read without bounds checks (the hot loop of a query:
        // every block a cursor enters is unpacked); the last few go through a zero-padded copy.
        int fast = input.Length < 8 ? 0 : Math.Min(output.Length, (input.Length - 8) * 8 / bits + 1);
        ref byte source = ref MemoryMarshal.GetReference(input);
        ref uint target = ref MemoryMarshal.GetReference(output);
        int i = 0, bit = 0;
        for (; i < fast; i++, bit += bits)
        {
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, bit >> 3));
            if (!BitConverter.IsLittleEndian)
                word = BinaryPrimitives.ReverseEndianness(word);
            Unsafe.Add(ref target, i) = (uint)((word >> (bit & 7)) & mask);
        }
        Span<byte> tail = stackalloc byte[8];
        for (; i < output.Length; i++, bit += bits)
        {
            tail.Clear();
            input[(bit >> 3)..].CopyTo(tail);
            output[i] = (uint)((BinaryPrimitives.ReadUInt64LittleEndian(tail) >> (bit & 7)) & mask);
        }
    }

    /// <summary>Appends <paramref name="value"/> as a LEB128 varint.</summary>
    public static void WriteVarint(List<byte> output, uint value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }

    /// <summary>Reads a LEB128 varint at <paramref name="at"/>, moving it past; a malformed one is a corrupt index.</summary>
    public static uint ReadVarint(ReadOnlySpan<byte> input, ref int at)
    {
        uint value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if ((uint)at >= (uint)input.Length)
                throw new IndexFormatException("a position list runs past its postings");
            byte b = input[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new IndexFormatException("a malformed position");
    }
}
