using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Hashing;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace HyperSharp.Memo;

/// <summary>
/// A stable content hash of arguments (XxHash128): the same values give the same hash in every process and on every
/// run, so a disk cache written today is found tomorrow. Every value is written with a tag of its type first, so
/// <c>1</c> (int) and <c>1L</c> (long) differ, and with its length, so <c>("ab", "c")</c> and <c>("a", "bc")</c> differ.
/// </summary>
/// <remarks>
/// By content: null; <see cref="bool"/>, <see cref="char"/>, the integer and floating-point types,
/// <see cref="decimal"/>; <see cref="string"/> (UTF-16); enums (type name and value); <see cref="DateTime"/>,
/// <see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>, <see cref="Guid"/>; arrays of primitive element type by their
/// bytes, other arrays and ordered sequences (<see cref="IEnumerable"/>) element by element; <see cref="ReadOnlyMemory{T}"/>
/// and <see cref="Memory{T}"/> of primitives by their bytes; tuples item by item; records, classes and structs by
/// their public properties and fields in declaration order, after the type's name. Refused (a
/// <see cref="NotSupportedException"/> asking for a key function): dictionaries and sets, whose order is not part of
/// their content, pointers and delegates, and objects nested more than 64 deep (a cycle).
/// </remarks>
public sealed class ArgumentHasher
{
    private const int MaxDepth = 64;
    private static readonly ConcurrentDictionary<Type, MemberInfo[]> s_members = new();
    private static readonly ConcurrentDictionary<Type, Action<ArgumentHasher, object>> s_memories = new();
    private readonly XxHash128 _hash = new();
    private int _depth;

    internal ArgumentHasher()
    {
    }

    /// <summary>Adds raw bytes, with their length.</summary>
    public void AddBytes(ReadOnlySpan<byte> bytes)
    {
        AddTag("bytes");
        AddInt64(bytes.Length);
        _hash.Append(bytes);
    }

    /// <summary>Adds a span of unmanaged values by their bytes (padding of structs included: use primitives), with the element type and length.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    public void AddSpan<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        AddTag("span");
        AddText(typeof(T).FullName ?? typeof(T).Name);
        AddInt64(values.Length);
        _hash.Append(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Adds one value by its content (see the class remarks for what is hashed how).</summary>
    public void Add(object? value)
    {
        if (++_depth > MaxDepth)
            throw new NotSupportedException($"an argument nests more than {MaxDepth} objects deep (a cycle?): give the memo a key function");
        try
        {
            AddValue(value);
        }
        finally
        {
            _depth--;
        }
    }

    internal UInt128 Digest() => _hash.GetCurrentHashAsUInt128();

    private void AddValue(object? value)
    {
        switch (value)
        {
            case null: AddTag("null"); return;
            case string s: AddTag("string"); AddText(s); return;
            case bool b: AddTag("bool"); AddInt64(b ? 1 : 0); return;
            case Enum e:
                AddTag("enum");
                AddText(e.GetType().FullName!);
                AddText(Convert.ToString(Convert.ChangeType(e, Enum.GetUnderlyingType(e.GetType()), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)!);
                return;
            case char c: AddTag("char"); AddInt64(c); return;
            case byte v: AddTag("u8"); AddInt64(v); return;
            case sbyte v: AddTag("i8"); AddInt64(v); return;
            case short v: AddTag("i16"); AddInt64(v); return;
            case ushort v: AddTag("u16"); AddInt64(v); return;
            case int v: AddTag("i32"); AddInt64(v); return;
            case uint v: AddTag("u32"); AddInt64(v); return;
            case long v: AddTag("i64"); AddInt64(v); return;
            case ulong v: AddTag("u64"); AddInt64(unchecked((long)v)); return;
            case nint v: AddTag("nint"); AddInt64(v); return;
            case nuint v: AddTag("nuint"); AddInt64(unchecked((long)v)); return;
            case Int128 v: AddTag("i128"); AddRaw(v); return;
            case UInt128 v: AddTag("u128"); AddRaw(v); return;
            case Half v: AddTag("f16"); AddRaw(v); return;
            case float v: AddTag("f32"); AddRaw(v); return;
            case double v: AddTag("f64"); AddRaw(v); return;
            case decimal v: AddTag("decimal"); AddRaw(v); return;
            case DateTime v: AddTag("datetime"); AddInt64(v.Ticks); AddInt64((long)v.Kind); return;
            case DateTimeOffset v: AddTag("datetimeoffset"); AddInt64(v.Ticks); AddInt64(v.Offset.Ticks); return;
            case TimeSpan v: AddTag("timespan"); AddInt64(v.Ticks); return;
            case Guid v: AddTag("guid"); AddRaw(v); return;
            case Array a: AddArray(a); return;
            case ITuple t:
                AddTag("tuple");
                AddInt64(t.Length);
                for (int i = 0; i < t.Length; i++)
                    Add(t[i]);
                return;
            case IDictionary or Delegate or Pointer:
                throw Unsupported(value.GetType());
        }
        Type type = value.GetType();
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>) || type.GetGenericTypeDefinition() == typeof(Memory<>)))
        {
            s_memories.GetOrAdd(type, MemoryHasher)(this, value);
            return;
        }
        if (IsSet(type) || type.IsPointer || type.IsByRefLike)
            throw Unsupported(type);
        if (value is IEnumerable sequence)
        {
            AddTag("sequence");
            long count = 0;
            foreach (object? item in sequence)
            {
                Add(item);
                count++;
            }
            AddInt64(count);
            return;
        }
        MemberInfo[] members = s_members.GetOrAdd(type, PublicMembers);
        if (members.Length == 0)
            throw Unsupported(type);
        AddTag("object");
        AddText(type.FullName ?? type.Name);
        foreach (MemberInfo m in members)
        {
            AddText(m.Name);
            Add(m is PropertyInfo p ? p.GetValue(value) : ((FieldInfo)m).GetValue(value));
        }
    }

    private void AddArray(Array a)
    {
        Type element = a.GetType().GetElementType()!;
        AddTag("array");
        AddText(element.FullName ?? element.Name);
        AddInt64(a.Rank);
        for (int d = 0; d < a.Rank; d++)
            AddInt64(a.GetLength(d));
        if (element.IsPrimitive)
        {
            // Primitive elements have no padding: their bytes are their content.
            ref byte start = ref MemoryMarshal.GetArrayDataReference(a);
            _hash.Append(MemoryMarshal.CreateReadOnlySpan(ref start, Buffer.ByteLength(a)));
            return;
        }
        foreach (object? item in a)
            Add(item);
    }

    private static Action<ArgumentHasher, object> MemoryHasher(Type type)
    {
        Type element = type.GetGenericArguments()[0];
        if (!element.IsPrimitive)
        {
            return (h, value) =>
            {
                // ToArray, then element by element: not the fast path, but the same content gives the same hash.
                object array = type.GetMethod("ToArray")!.Invoke(value, null)!;
                h.Add(array);
            };
        }
        MethodInfo add = typeof(ArgumentHasher).GetMethod(nameof(AddMemory), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element);
        return add.CreateDelegate<Action<ArgumentHasher, object>>();
    }

    private static void AddMemory<T>(ArgumentHasher h, object value) where T : unmanaged
    {
        ReadOnlySpan<T> span = value is Memory<T> m ? m.Span : ((ReadOnlyMemory<T>)value).Span;
        // Hashed as an array of the same elements would be, so a T[] and its ReadOnlyMemory<T> share entries.
        h.AddTag("array");
        h.AddText(typeof(T).FullName!);
        h.AddInt64(1);
        h.AddInt64(span.Length);
        h._hash.Append(MemoryMarshal.AsBytes(span));
    }

    private static bool IsSet(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ISet<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlySet<>) || i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    private static MemberInfo[] PublicMembers(Type type) =>
        type.GetMembers(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m is FieldInfo || m is PropertyInfo { CanRead: true } p && p.GetIndexParameters().Length == 0)
            .OrderBy(m => m.MetadataToken) // declaration order: stable across runs, unlike reflection's own order
            .ToArray();

    private static NotSupportedException Unsupported(Type type) =>
        new($"cannot hash an argument of type {type.FullName} by content: give the memo a key function");

    private void AddTag(string tag) => AddText(tag);

    private void AddText(string text)
    {
        AddInt64(text.Length);
        _hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));
    }

    private void AddInt64(long value) => AddRaw(value);

    private void AddRaw<T>(T value) where T : unmanaged
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Argument hashes are defined on little-endian bytes.");
        _hash.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)));
    }

    /// <summary>The hash of a text, as 32 lower-case hex digits (folder and version names).</summary>
    internal static string HexOf(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(XxHash128.Hash(bytes));

    internal static string HexOf(string text) => HexOf(Encoding.UTF8.GetBytes(text));
}
