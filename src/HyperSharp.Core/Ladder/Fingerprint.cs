using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HyperSharp.Ladder;

/// <summary>
/// A digest of a whole answer — SHA-256 of its canonical little-endian bytes — shown as lower-case hex. Two answers
/// with the same fingerprint are, for any practical purpose, equal bit for bit; peers compute the same bytes and the
/// same digest, so an exact peer is checked by fingerprint, not by a sum that a swap or a shift would not change.
/// </summary>
public readonly record struct Fingerprint(string Hex)
{
    /// <summary>The SHA-256 digest of <paramref name="bytes"/>.</summary>
    public static Fingerprint Of(ReadOnlySpan<byte> bytes) => new(Convert.ToHexStringLower(SHA256.HashData(bytes)));

    /// <summary>The digest of several arrays, one after another, as little-endian bytes (this machine's order).</summary>
    public static Fingerprint Of<T>(params ReadOnlySpan<T[]> parts) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Fingerprints are defined on little-endian bytes.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (T[] part in parts)
            hash.AppendData(MemoryMarshal.AsBytes(part.AsSpan()));
        return new Fingerprint(Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>The digest of one 64-bit value (a count).</summary>
    public static Fingerprint Of(long value) => Of(BitConverter.GetBytes(value));

    /// <inheritdoc/>
    public override string ToString() => Hex;
}
