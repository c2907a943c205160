namespace HyperSharp.Harness.Tokens;

/// <summary>
/// Exact heap sizes of the objects the token rungs hold, by CoreCLR's 64-bit layout (an object's 8-byte header and
/// 8-byte method table; arrays add their 8-byte length; every object rounded up to 8 bytes), so each rung's bytes are
/// counted the same way and do not depend on what else the heap holds.
/// </summary>
internal static class ObjectSizes
{
    private const long ObjectHeader = 16, ArrayHeader = 24;

    /// <summary>A string: the header, its length, its UTF-16 code units and a terminating NUL.</summary>
    public static long String(string s) => Align(ObjectHeader + 4 + 2L * (s.Length + 1));

    /// <summary>The strings themselves, which every per-string structure holds one of per token.</summary>
    public static long Strings(IEnumerable<string> strings) => strings.Sum(String);

    /// <summary>An array of <paramref name="length"/> elements of <paramref name="elementBytes"/> bytes (8 for a reference).</summary>
    public static long Array(long length, int elementBytes) => Align(ArrayHeader + length * elementBytes);

    /// <summary>An object with <paramref name="fieldBytes"/> bytes of fields.</summary>
    public static long Object(int fieldBytes) => Align(ObjectHeader + fieldBytes);

    private static long Align(long bytes) => (bytes + 7) & ~7L;
}
