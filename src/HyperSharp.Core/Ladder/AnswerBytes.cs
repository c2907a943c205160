using System.Buffers.Binary;

namespace HyperSharp.Ladder;

/// <summary>Reads a peer's answer file (<c>--answer</c>): the fingerprint's canonical little-endian bytes.</summary>
public static class AnswerBytes
{
    /// <summary><paramref name="count"/> little-endian float64, or null when the file holds another number of bytes.</summary>
    public static double[]? Doubles(byte[] bytes, long count)
    {
        if (bytes.LongLength != count * sizeof(double))
            return null;
        var values = new double[count];
        for (long i = 0; i < count; i++)
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan((int)(i * sizeof(double)), sizeof(double)));
        return values;
    }

    /// <summary>The arrays one after another as little-endian float64: what <see cref="Doubles"/> reads back.</summary>
    public static byte[] Of(params ReadOnlySpan<double[]> parts)
    {
        long count = 0;
        foreach (double[] part in parts)
            count += part.LongLength;
        byte[] bytes = new byte[checked(count * sizeof(double))];
        int at = 0;
        foreach (double[] part in parts)
        {
            foreach (double v in part)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(at, sizeof(double)), v);
                at += sizeof(double);
            }
        }
        return bytes;
    }
}
