using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace HyperSharp.Memo;

internal delegate void PayloadWriter(ReadOnlySpan<byte> payload);

/// <summary>How a disk entry holds a value: System.Text.Json, or an unmanaged array's raw bytes.</summary>
internal abstract class ValueCodec<T>
{
    public abstract EntryKind Kind { get; }

    /// <summary>Element size of a raw array (checked on read); 0 for JSON.</summary>
    public abstract int ElementSize { get; }

    public abstract void Encode(T value, PayloadWriter write);

    /// <summary>The value, or false when the payload is not one (a corrupt entry).</summary>
    public abstract bool TryDecode(ReadOnlySpan<byte> payload, out T value);

    public static ValueCodec<T> For(JsonSerializerOptions? json)
    {
        Type type = typeof(T);
        if (type.IsSZArray && type.GetElementType() is { } element && element.IsValueType && !IsReferenceOrContainsReferences(element))
            return (ValueCodec<T>)Activator.CreateInstance(typeof(RawArrayCodec<>).MakeGenericType(element))!;
        return new JsonCodec<T>(json);
    }

    private static bool IsReferenceOrContainsReferences(Type t) =>
        (bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!.MakeGenericMethod(t).Invoke(null, null)!;
}

internal enum EntryKind
{
    Json = 1,
    RawArray = 2,
}

internal sealed class JsonCodec<T>(JsonSerializerOptions? options) : ValueCodec<T>
{
    public override EntryKind Kind => EntryKind.Json;
    public override int ElementSize => 0;

    public override void Encode(T value, PayloadWriter write) => write(JsonSerializer.SerializeToUtf8Bytes(value, options));

    public override bool TryDecode(ReadOnlySpan<byte> payload, out T value)
    {
        try
        {
            value = JsonSerializer.Deserialize<T>(payload, options)!;
            return true;
        }
        catch (JsonException)
        {
            value = default!;
            return false;
        }
    }
}

/// <summary>An array of unmanaged elements as its bytes: no parsing, one copy out of the (memory-mapped) file.</summary>
internal sealed class RawArrayCodec<TElement> : ValueCodec<TElement[]> where TElement : unmanaged
{
    public override EntryKind Kind => EntryKind.RawArray;
    public override int ElementSize => Unsafe.SizeOf<TElement>();

    public override void Encode(TElement[] value, PayloadWriter write)
    {
        ArgumentNullException.ThrowIfNull(value);
        write(MemoryMarshal.AsBytes(value.AsSpan()));
    }

    public override bool TryDecode(ReadOnlySpan<byte> payload, out TElement[] value)
    {
        if (payload.Length % ElementSize != 0)
        {
            value = [];
            return false;
        }
        value = GC.AllocateUninitializedArray<TElement>(payload.Length / ElementSize);
        payload.CopyTo(MemoryMarshal.AsBytes(value.AsSpan()));
        return true;
    }
}
