using System.Buffers.Binary;
using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using HyperSharp.IO;
using HyperSharp.Ladder;
using HyperSharp.Search;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// The savable token structures as files, laid out to be mapped and searched in place: a 32-byte header (an 8-byte
/// magic naming the structure, version, token count, body bytes, XxHash64 of the body), then the body — for
/// <c>HSTOKENS</c> (the blob) the count + 1 little-endian int32 offsets and the UTF-8 bytes, for <c>HSTOKDFA</c> (the
/// succinct rung's automaton) its encoded bytes. Written atomically; a truncated, corrupt or foreign file is a one-line
/// <see cref="SpecException"/>.
/// </summary>
public static class TokenStore
{
    /// <summary>The format's version.</summary>
    public const int Version = 1;

    internal const int HeaderBytes = 32;
    internal static ReadOnlySpan<byte> BlobMagic => "HSTOKENS"u8;
    internal static ReadOnlySpan<byte> AutomatonMagic => "HSTOKDFA"u8;

    /// <summary>The rungs whose structure has a file form.</summary>
    public static IReadOnlyList<string> Rungs { get; } = ["blob", "succinct"];

    /// <summary>Writes <paramref name="blob"/> to <paramref name="path"/>, whole or not at all.</summary>
    public static void Write(string path, TokenBlob blob) =>
        Write(path, BlobMagic, blob.Count, MemoryMarshal.AsBytes(blob.Offsets.AsSpan()).ToArray(), blob.Data);

    /// <summary>Writes <paramref name="automaton"/> to <paramref name="path"/>, whole or not at all.</summary>
    public static void Write(string path, TokenAutomaton automaton) =>
        Write(path, AutomatonMagic, automaton.Count, automaton.Bytes.ToArray());

    private static void Write(string path, ReadOnlySpan<byte> magic, int count, params byte[][] body)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The token store is little-endian.");
        var hash = new XxHash64();
        foreach (byte[] part in body)
            hash.Append(part);
        var header = new byte[HeaderBytes];
        magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), count);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), body.Sum(p => (long)p.Length));
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(24), hash.GetCurrentHashAsUInt64());
        AtomicFile.Write(path, s =>
        {
            s.Write(header);
            foreach (byte[] part in body)
                s.Write(part);
        });
    }

    /// <summary>The store at <paramref name="path"/>, memory-mapped, its header, size, checksum and structure checked.</summary>
    /// <exception cref="SpecException">The file is missing, not a token store, of another version, truncated or corrupt.</exception>
    public static MappedTokenStore Open(string path) => MappedTokenStore.Open(path);

    /// <summary>A blob store read back into memory (the blob's two arrays).</summary>
    /// <exception cref="SpecException">As <see cref="Open"/>, or the store holds another structure.</exception>
    public static TokenBlob Read(string path)
    {
        using MappedTokenStore store = Open(path);
        if (store.Rung != "blob")
            throw new SpecException($"token store '{path}' holds a {store.Rung} structure, not a blob");
        return store.CopyBlob();
    }
}

/// <summary>
/// A token store mapped read-only (<see cref="MemoryMappedFile"/>): lookups search the file's pages in place, nothing
/// is copied into the heap. Dispose it when done.
/// </summary>
public sealed unsafe class MappedTokenStore : IDisposable
{
    private readonly string _path;
    private readonly MappedFile _map;
    private readonly byte* _base;
    private readonly int _bodyBytes;
    private bool _disposed;

    private MappedTokenStore(string path, MappedFile map, long length)
    {
        (_path, _map, FileBytes) = (path, map, length);
        _base = map.Pointer;
        ReadOnlySpan<byte> header = new(_base, TokenStore.HeaderBytes);
        if (header[..8].SequenceEqual(TokenStore.BlobMagic))
            Rung = "blob";
        else if (header[..8].SequenceEqual(TokenStore.AutomatonMagic))
            Rung = "succinct";
        else
            throw new SpecException($"'{path}' is not a token store (no HSTOKENS or HSTOKDFA header)");
        int version = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (version != TokenStore.Version)
            throw new SpecException($"'{path}' is a token store of version {version}; this hyper reads version {TokenStore.Version}");
        Count = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        long body = BinaryPrimitives.ReadInt64LittleEndian(header[16..]);
        long offsets = Rung == "blob" ? 4L * ((long)Count + 1) : 0;
        long expected = TokenStore.HeaderBytes + body;
        if (Count < 0 || body < offsets || body > int.MaxValue || length != expected)
            throw new SpecException($"token store '{path}' is truncated or damaged: {length:N0} bytes, its header says {expected:N0}");
        _bodyBytes = (int)body;
        if (XxHash64.HashToUInt64(Body) != BinaryPrimitives.ReadUInt64LittleEndian(header[24..]))
            throw new SpecException($"token store '{path}' is corrupt: its checksum does not match");
        if (Rung == "blob")
        {
            ReadOnlySpan<int> o = Offsets;
            for (int i = 0; i < Count; i++)
                if (o[i] > o[i + 1])
                    throw new SpecException($"token store '{path}' is corrupt: offsets fall");
            if (o[0] != 0 || o[Count] != Data.Length)
                throw new SpecException($"token store '{path}' is corrupt: offsets do not span the data");
        }
        else if (_bodyBytes <= TokenAutomaton.StatesStart || Guarded(() => TokenAutomaton.RootCount(Body)) != Count)
            throw Damaged();
    }

    /// <summary>Maps <paramref name="path"/>.</summary>
    internal static MappedTokenStore Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SpecException($"cannot read token store '{path}': {ex.Message}");
        }
        long length = stream.Length;
        if (length < TokenStore.HeaderBytes)
        {
            stream.Dispose();
            throw new SpecException($"'{path}' is not a token store ({length} bytes: too short for the header)");
        }
        MappedFile map = MappedFile.Map(stream);
        try
        {
            return new MappedTokenStore(path, map, length);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>The rung whose structure the store holds: <c>blob</c> or <c>succinct</c>.</summary>
    public string Rung { get; }

    /// <summary>Tokens stored.</summary>
    public int Count { get; }

    /// <summary>The file's size.</summary>
    public long FileBytes { get; }

    private ReadOnlySpan<byte> Body
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new(_base + TokenStore.HeaderBytes, _bodyBytes);
        }
    }

    private ReadOnlySpan<int> Offsets => MemoryMarshal.Cast<byte, int>(Body[..(4 * (Count + 1))]);

    private ReadOnlySpan<byte> Data => Body[(4 * (Count + 1))..];

    /// <summary>Whether <paramref name="key"/> is stored, and how many stored tokens start with it, read from the mapped file.</summary>
    /// <exception cref="SpecException">The structure is damaged (a file whose checksum was forged).</exception>
    public (bool Present, int PrefixCount) Find(ReadOnlySpan<byte> key)
    {
        if (Rung == "blob")
            return (TokenBlob.Contains(Data, Offsets, key), TokenBlob.PrefixCount(Data, Offsets, key));
        try
        {
            return TokenAutomaton.Find(Body, key);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or OverflowException)
        {
            throw Damaged();
        }
    }

    private T Guarded<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or OverflowException)
        {
            throw Damaged();
        }
    }

    private SpecException Damaged() => new($"token store '{_path}' is corrupt: its automaton does not hold {Count:N0} tokens");

    /// <summary>The blob's arrays copied into memory.</summary>
    internal TokenBlob CopyBlob() => new(Data.ToArray(), Offsets.ToArray());

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _map.Dispose();
    }
}
