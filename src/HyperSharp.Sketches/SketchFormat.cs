using System.Buffers.Binary;
using System.IO.Hashing;

namespace HyperSharp.Sketches;

/// <summary>
/// The frame every serialized sketch shares: 4 magic bytes, a version byte, the precision, the representation, a
/// reserved zero byte, the body, and the XxHash3 of all the bytes before it (8 bytes, little-endian).
/// </summary>
internal static class SketchFormat
{
    public const int HeaderBytes = 8;
    public const int ChecksumBytes = 8;
    public const byte Version = 1;

    public static byte[] Frame(ReadOnlySpan<byte> magic, byte precision, byte representation, int bodyBytes, out Span<byte> body)
    {
        var bytes = new byte[HeaderBytes + bodyBytes + ChecksumBytes];
        magic.CopyTo(bytes);
        bytes[4] = Version;
        bytes[5] = precision;
        bytes[6] = representation;
        body = bytes.AsSpan(HeaderBytes, bodyBytes);
        return bytes;
    }

    public static void Seal(byte[] bytes)
    {
        int end = bytes.Length - ChecksumBytes;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(end), XxHash3.HashToUInt64(bytes.AsSpan(0, end)));
    }

    /// <summary>Checks the frame and returns the body; any mismatch is an <see cref="InvalidDataException"/>.</summary>
    public static ReadOnlySpan<byte> Open(ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> magic, string what, out byte precision, out byte representation)
    {
        if (bytes.Length < HeaderBytes + ChecksumBytes)
            throw new InvalidDataException($"not a {what}: {bytes.Length} bytes is shorter than its header");
        if (!bytes[..4].SequenceEqual(magic))
            throw new InvalidDataException($"not a {what}: wrong magic bytes");
        if (bytes[4] != Version)
            throw new InvalidDataException($"{what} format version {bytes[4]} is not supported (this library reads version {Version})");
        int end = bytes.Length - ChecksumBytes;
        if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[end..]) != XxHash3.HashToUInt64(bytes[..end]))
            throw new InvalidDataException($"corrupt {what}: checksum mismatch");
        if (bytes[7] != 0)
            throw new InvalidDataException($"corrupt {what}: reserved byte is not zero");
        precision = bytes[5];
        representation = bytes[6];
        return bytes[HeaderBytes..end];
    }
}
