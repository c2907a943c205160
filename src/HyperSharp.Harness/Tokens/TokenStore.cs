using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using HyperSharp.IO;
using HyperSharp.Ladder;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// A <see cref="TokenBlob"/> as a file, laid out to be mapped and searched in place: a 32-byte header (magic
/// <c>HSTOKENS</c>, version, token count, data bytes, XxHash64 of everything after the header), the count + 1
/// little-endian int32 offsets, then the UTF-8 bytes. Written atomically; a truncated or corrupt file is a one-line
/// <see cref="SpecException"/>.
/// </summary>
public static class TokenStore
{
    /// <summary>The format's version.</summary>
    public const int Version = 1;

    private const int HeaderBytes = 32;
    private static ReadOnlySpan<byte> Magic => "HSTOKENS"u8;

    /// <summary>Writes <paramref name="blob"/> to <paramref name="path"/>, whole or not at all.</summary>
    public static void Write(string path, TokenBlob blob)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The token store is little-endian.");
        ReadOnlySpan<byte> offsets = MemoryMarshal.AsBytes(blob.Offsets.AsSpan());
        var hash = new XxHash64();
        hash.Append(offsets);
        hash.Append(blob.Data);
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), blob.Count);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), blob.Data.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), hash.GetCurrentHashAsUInt64());
        byte[] offsetBytes = offsets.ToArray();
        AtomicFile.Write(path, s =>
        {
            s.Write(header);
            s.Write(offsetBytes);
            s.Write(blob.Data);
        });
    }

    /// <summary>Reads the store at <paramref name="path"/>, checking its header, its size and its checksum.</summary>
    /// <exception cref="SpecException">The file is missing, not a token store, of another version, truncated or corrupt.</exception>
    public static TokenBlob Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"cannot read token store '{path}': {ex.Message}");
        }
        if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
            throw new SpecException($"'{path}' is not a token store (no HSTOKENS header)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != Version)
            throw new SpecException($"'{path}' is a token store of version {version}; this hyper reads version {Version}");
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(12));
        long data = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16));
        long expected = HeaderBytes + 4L * ((long)count + 1) + data;
        if (count < 0 || data < 0 || bytes.LongLength != expected)
            throw new SpecException($"token store '{path}' is truncated or damaged: {bytes.LongLength:N0} bytes, its header says {expected:N0}");
        ReadOnlySpan<byte> body = bytes.AsSpan(HeaderBytes);
        if (XxHash64.HashToUInt64(body) != BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24)))
            throw new SpecException($"token store '{path}' is corrupt: its checksum does not match");
        int[] offsets = MemoryMarshal.Cast<byte, int>(body[..(4 * (count + 1))]).ToArray();
        for (int i = 0; i < count; i++)
            if (offsets[i] > offsets[i + 1])
                throw new SpecException($"token store '{path}' is corrupt: offsets fall");
        if (offsets[0] != 0 || offsets[count] != data)
            throw new SpecException($"token store '{path}' is corrupt: offsets do not span the data");
        return new TokenBlob(body[(4 * (count + 1))..].ToArray(), offsets);
    }
}
