using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace HyperSharp.Memo;

/// <summary>
/// One disk entry: a 64-byte header, then the payload. The header holds a magic, the format version, the kind of
/// payload, its length, its XxHash3 checksum, the full 128-bit key and a checksum of the header itself, so that a
/// truncated, torn or corrupt file, or a file of another key, is detected and never decoded.
/// </summary>
/// <remarks>
/// Layout (little-endian): 0 magic "HSMEMO\0\x01"; 8 format (u32); 12 kind (u32); 16 payload length (i64);
/// 24 payload XxHash3 (u64); 32 key (16 bytes); 48 element size of a raw array (u32); 52 reserved (u32);
/// 56 XxHash3 of bytes 0–55 (u64).
/// </remarks>
internal static class EntryFile
{
    public const int HeaderSize = 64;
    public const int Format = 1;
    public const string Extension = ".memo";
    private const ulong Magic = 0x01_00_4F_4D_45_4D_53_48; // "HSMEMO\0\x01" read as a little-endian u64
    // Payloads this large are read through a memory map (no copy into a read buffer); smaller ones with one read.
    private const int MapThreshold = 64 * 1024;

    public enum Outcome
    {
        Missing,
        Corrupt,
        Found,
    }

    /// <summary>Writes an entry completely or not at all: a temporary file of a name no other writer uses, then a rename over the entry.</summary>
    public static long Write<T>(string path, UInt128 key, ValueCodec<T> codec, T value)
    {
        string directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileNameWithoutExtension(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        long written = 0;
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                codec.Encode(value, payload =>
                {
                    Span<byte> header = stackalloc byte[HeaderSize];
                    WriteHeader(header, codec.Kind, codec.ElementSize, key, payload);
                    stream.Write(header);
                    stream.Write(payload);
                    written = HeaderSize + payload.Length;
                });
            }
            try
            {
                // rename(2) replaces the entry atomically: a reader sees the old file or the new one, never a part.
                File.Move(temp, path, overwrite: true);
            }
            catch (IOException)
            {
                // Another process holds the entry open where that blocks a rename (Windows): its entry stands.
                return 0;
            }
            return written;
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    private static void WriteHeader(Span<byte> header, EntryKind kind, int elementSize, UInt128 key, ReadOnlySpan<byte> payload)
    {
        header.Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(header, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Format);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], (uint)kind);
        BinaryPrimitives.WriteInt64LittleEndian(header[16..], payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(header[24..], XxHash3.HashToUInt64(payload));
        BinaryPrimitives.WriteUInt128LittleEndian(header[32..], key);
        BinaryPrimitives.WriteUInt32LittleEndian(header[48..], (uint)elementSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header[56..], XxHash3.HashToUInt64(header[..56]));
    }

    /// <summary>
    /// Reads the entry at <paramref name="path"/>: Missing when there is none, Corrupt when any check fails (the value
    /// is then not decoded, let alone returned), Found with the value. A hit marks the entry as used now (its
    /// modification time, updated when more than a second old), which the size limit's least-recently-used eviction
    /// orders by.
    /// </summary>
    public static unsafe Outcome Read<T>(string path, UInt128 key, ValueCodec<T> codec, bool touch, out T value)
    {
        value = default!;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Outcome.Missing;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Outcome.Corrupt;
        }
        using (handle)
        {
            long length = RandomAccess.GetLength(handle);
            if (length < HeaderSize)
                return Outcome.Corrupt;
            Span<byte> header = stackalloc byte[HeaderSize];
            if (RandomAccess.Read(handle, header, 0) != HeaderSize || !HeaderValid(header, key, codec, length, out long payloadLength, out ulong checksum))
                return Outcome.Corrupt;
            bool decoded;
            if (payloadLength < MapThreshold)
            {
                byte[] payload = new byte[payloadLength];
                if (RandomAccess.Read(handle, payload, HeaderSize) != payloadLength || XxHash3.HashToUInt64(payload) != checksum)
                    return Outcome.Corrupt;
                decoded = codec.TryDecode(payload, out value);
            }
            else
            {
                using var map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
                using MemoryMappedViewAccessor view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
                byte* start = null;
                view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
                try
                {
                    var payload = new ReadOnlySpan<byte>(start + view.PointerOffset + HeaderSize, (int)payloadLength);
                    decoded = XxHash3.HashToUInt64(payload) == checksum && codec.TryDecode(payload, out value);
                }
                finally
                {
                    view.SafeMemoryMappedViewHandle.ReleasePointer();
                }
            }
            if (!decoded)
                return Outcome.Corrupt;
            if (touch)
                Touch(handle);
            return Outcome.Found;
        }
    }

    private static bool HeaderValid<T>(ReadOnlySpan<byte> header, UInt128 key, ValueCodec<T> codec, long fileLength, out long payloadLength, out ulong checksum)
    {
        payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        checksum = BinaryPrimitives.ReadUInt64LittleEndian(header[24..]);
        return BinaryPrimitives.ReadUInt64LittleEndian(header) == Magic
            && BinaryPrimitives.ReadUInt64LittleEndian(header[56..]) == XxHash3.HashToUInt64(header[..56])
            && BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) == Format
            && BinaryPrimitives.ReadUInt32LittleEndian(header[12..]) == (uint)codec.Kind
            && BinaryPrimitives.ReadUInt32LittleEndian(header[48..]) == (uint)codec.ElementSize
            && BinaryPrimitives.ReadUInt128LittleEndian(header[32..]) == key
            && payloadLength is >= 0 and <= int.MaxValue
            && fileLength == HeaderSize + payloadLength;
    }

    private static void Touch(SafeFileHandle handle)
    {
        try
        {
            // At most once a second per entry: a hit then costs an fstat, not a metadata write, and the LRU order
            // is kept to the second.
            DateTime now = DateTime.UtcNow;
            if (now - File.GetLastWriteTimeUtc(handle) > TimeSpan.FromSeconds(1))
                File.SetLastWriteTimeUtc(handle, now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A read-only cache (another user's) still serves hits; it just cannot record them.
        }
    }
}
