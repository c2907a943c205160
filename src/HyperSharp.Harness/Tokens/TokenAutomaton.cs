using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace HyperSharp.Harness.Tokens;

/// <summary>
/// The tokens as a minimal acyclic automaton (a DAWG: common prefixes and common suffixes each stored once), built in
/// one pass over the sorted tokens (Daciuk et al. 2000) and encoded into one byte array to be searched in place — in
/// memory or memory-mapped from a store.
/// <para>Layout: a label table (code <c>c</c> in 1…63 stands for byte <c>bytes[c]</c>, the 63 commonest labels), the
/// root's offset (int32 at 64), then the states from offset 68. A state is a LEB128 header <c>count·2 + final</c> (count: the
/// tokens accepted from it, so a prefix count is one read; a state has arcs exactly when count &gt; final), then its
/// arcs in byte order. An arc is a flag byte (bit 7: the state's last arc, bit 6: its target is the state that follows
/// this arc, bits 0–5: the label's code, 0 when the raw label byte follows), then — unless bit 6 — a LEB128 pointer:
/// the target's distance forward from the arc times 2, or its offset times 2 plus 1, whichever is shorter. The 4,096
/// most shared states (common suffixes) are laid out first, at small offsets; then the top of the automaton breadth
/// first from the root (some 64 K arcs, which every search crosses, kept together in cache); then the rest depth first,
/// each last arc's target placed right after its state where it can be, so chains cost one byte an arc.</para>
/// </summary>
public sealed class TokenAutomaton
{
    /// <summary>Where the states start: after the label table (bytes 1…63) and the root's offset (int32 at 64).</summary>
    public const int StatesStart = 68;

    private const byte LastArc = 0x80, NextArc = 0x40, CodeMask = 0x3F;

    /// <summary>The most shared states laid out first, so that pointers to them are short absolute offsets.</summary>
    private const int HotStates = 4096;

    /// <summary>About how many arcs the breadth-first top holds (some 200 KB: it stays in cache).</summary>
    private const int TopArcs = 1 << 16;

    private readonly byte[] _bytes;

    /// <summary>The automaton encoded in <paramref name="bytes"/> (the label table, then the states) for <paramref name="count"/> tokens.</summary>
    public TokenAutomaton(byte[] bytes, int count)
    {
        _bytes = bytes;
        Count = count;
        // The root's arcs are the most scanned (about nine a search on 8 M tokens): followed once here, for every first byte.
        _rootTargets = new int[256];
        int root = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(64));
        for (int b = 0; b < 256; b++)
            _rootTargets[b] = Follow(bytes, root, (byte)b);
    }

    private readonly int[] _rootTargets;

    /// <summary>The encoded automaton: what a store holds and a lookup reads.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Tokens stored.</summary>
    public int Count { get; }

    /// <summary>The exact bytes held: the encoding, and the root's table of targets.</summary>
    public long StructureBytes => ObjectSizes.Array(_bytes.Length, 1) + ObjectSizes.Array(_rootTargets.Length, 4);

    /// <summary>Whether <paramref name="key"/> is stored, and how many stored tokens start with it.</summary>
    public (bool Present, int PrefixCount) Find(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
            return Find(_bytes, key);
        int pos = _rootTargets[key[0]];
        return pos < 0 ? (false, 0) : Walk(_bytes, pos, key[1..]);
    }

    /// <summary>
    /// <see cref="Find(ReadOnlySpan{byte})"/> over an encoded automaton anywhere (a mapped store). A damaged encoding
    /// reads out of range (an <see cref="IndexOutOfRangeException"/>) or answers wrongly, never loops: each arc
    /// followed consumes a byte of the key.
    /// </summary>
    public static (bool Present, int PrefixCount) Find(ReadOnlySpan<byte> automaton, ReadOnlySpan<byte> key) =>
        Walk(automaton, BinaryPrimitives.ReadInt32LittleEndian(automaton[64..]), key);

    /// <summary>The answer for <paramref name="key"/> read from the state at <paramref name="pos"/>.</summary>
    private static (bool Present, int PrefixCount) Walk(ReadOnlySpan<byte> automaton, int pos, ReadOnlySpan<byte> key)
    {
        foreach (byte b in key)
        {
            pos = Follow(automaton, pos, b);
            if (pos < 0)
                return (false, 0);
        }
        ulong end = ReadVarint(automaton, ref pos);
        return ((end & 1) != 0, checked((int)(end >> 1)));
    }

    /// <summary>The state the arc labelled <paramref name="b"/> of the state at <paramref name="pos"/> leads to; −1 when it has none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Follow(ReadOnlySpan<byte> automaton, int pos, byte b)
    {
        ulong header = ReadVarint(automaton, ref pos);
        if (header >> 1 == (header & 1))
            return -1; // no arcs
        while (true)
        {
            int arc = pos;
            byte flags = automaton[pos++];
            int code = flags & CodeMask;
            byte label = code == 0 ? automaton[pos++] : automaton[code];
            if (label == b)
            {
                if ((flags & NextArc) == 0)
                {
                    ulong to = ReadVarint(automaton, ref pos);
                    pos = checked((int)(to >> 1) + ((to & 1) != 0 ? 0 : arc));
                }
                return pos;
            }
            if (label > b || (flags & LastArc) != 0)
                return -1;
            if ((flags & NextArc) == 0)
                SkipVarint(automaton, ref pos);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadVarint(ReadOnlySpan<byte> s, ref int pos)
    {
        byte b = s[pos++];
        if (b < 0x80)
            return b;
        ulong value = b & 0x7FUL;
        for (int shift = 7; ; shift += 7)
        {
            b = s[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80 || shift > 56)
                return value;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SkipVarint(ReadOnlySpan<byte> s, ref int pos)
    {
        while (s[pos++] >= 0x80)
        {
        }
    }

    /// <summary>A pointer: the target's distance forward from the arc, times 2; or its offset, times 2, plus 1 (whichever is shorter).</summary>
    private static ulong Pointer(int arc, int target, int width)
    {
        ulong forward = (ulong)(target - arc) << 1, absolute = ((ulong)target << 1) | 1;
        return target >= arc && VarintBytes(forward) <= width ? forward : absolute;
    }

    private static int PointerBytes(int arc, int target) =>
        Math.Min(VarintBytes(((ulong)target << 1) | 1), target >= arc ? VarintBytes((ulong)(target - arc) << 1) : int.MaxValue);

    private static int VarintBytes(ulong v)
    {
        int n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }
        return n;
    }

    /// <summary>The minimal automaton of the blob's tokens (sorted and distinct, as a blob holds them).</summary>
    public static TokenAutomaton Of(TokenBlob blob) => new Builder().Build(blob);

    /// <summary>Daciuk's incremental construction for sorted input, then the byte layout.</summary>
    private sealed class Builder
    {
        // Frozen (registered) states: state s's arcs are _arcLabel/_arcTarget[_arcStart[s].._arcStart[s + 1]].
        private readonly List<int> _arcStart = [0];
        private readonly List<byte> _arcLabel = [];
        private readonly List<int> _arcTarget = [];
        private readonly List<bool> _final = [];
        private readonly List<int> _count = [];
        private readonly HashSet<int> _register;

        public Builder() => _register = new HashSet<int>(new StateComparer(this));

        /// <summary>A state of the current token's path, not yet frozen: its frozen arcs, then one pending arc to the next.</summary>
        private sealed class Open
        {
            public readonly List<(byte Label, int Target)> Arcs = [];
            public bool Final;
            public byte Pending;
        }

        public TokenAutomaton Build(TokenBlob blob)
        {
            var path = new List<Open> { new() };
            ReadOnlySpan<byte> previous = default;
            for (int i = 0; i < blob.Count; i++)
            {
                ReadOnlySpan<byte> token = blob[i];
                int common = previous.CommonPrefixLength(token);
                FreezeDownTo(path, previous.Length, common);
                for (int d = common; d < token.Length; d++)
                {
                    path[d].Pending = token[d];
                    if (path.Count <= d + 1)
                        path.Add(new Open());
                    Open next = path[d + 1];
                    next.Arcs.Clear();
                    next.Final = false;
                }
                path[token.Length].Final = true;
                previous = token;
            }
            FreezeDownTo(path, previous.Length, 0);
            int root = Freeze(path[0]);
            return new TokenAutomaton(Encode(root), blob.Count);
        }

        /// <summary>Freezes the path's states deeper than <paramref name="depth"/>, each becoming its parent's arc.</summary>
        private void FreezeDownTo(List<Open> path, int from, int depth)
        {
            for (int d = from; d > depth; d--)
                path[d - 1].Arcs.Add((path[d - 1].Pending, Freeze(path[d])));
        }

        /// <summary>The registered state equal to <paramref name="open"/>, registering it if it is new.</summary>
        private int Freeze(Open open)
        {
            int id = _final.Count;
            int count = open.Final ? 1 : 0;
            foreach ((byte label, int target) in open.Arcs)
            {
                _arcLabel.Add(label);
                _arcTarget.Add(target);
                count = checked(count + _count[target]);
            }
            _arcStart.Add(_arcLabel.Count);
            _final.Add(open.Final);
            _count.Add(count);
            if (_register.TryGetValue(id, out int existing))
            {
                // An equal state is registered: drop the tentative one.
                int arcs = _arcStart[id];
                _arcLabel.RemoveRange(arcs, _arcLabel.Count - arcs);
                _arcTarget.RemoveRange(arcs, _arcTarget.Count - arcs);
                _arcStart.RemoveAt(_arcStart.Count - 1);
                _final.RemoveAt(id);
                _count.RemoveAt(id);
                return existing;
            }
            _register.Add(id);
            return id;
        }

        private sealed class StateComparer(Builder b) : IEqualityComparer<int>
        {
            public bool Equals(int x, int y)
            {
                if (b._final[x] != b._final[y])
                    return false;
                int xs = b._arcStart[x], ys = b._arcStart[y], n = b._arcStart[x + 1] - xs;
                if (n != b._arcStart[y + 1] - ys)
                    return false;
                for (int i = 0; i < n; i++)
                    if (b._arcLabel[xs + i] != b._arcLabel[ys + i] || b._arcTarget[xs + i] != b._arcTarget[ys + i])
                        return false;
                return true;
            }

            public int GetHashCode(int s)
            {
                var h = new HashCode();
                h.Add(b._final[s]);
                for (int a = b._arcStart[s]; a < b._arcStart[s + 1]; a++)
                {
                    h.Add(b._arcLabel[a]);
                    h.Add(b._arcTarget[a]);
                }
                return h.ToHashCode();
            }
        }

        private byte[] Encode(int root)
        {
            int states = _final.Count;
            var order = new List<int>(states);
            var placed = new bool[states];
            var stack = new Stack<int>();
            // Depth first from the stack; after a state, its last arc's target when not yet placed (a chain costs no pointers).
            void DepthFirst()
            {
                while (stack.TryPop(out int s))
                {
                    for (int cur = s; cur >= 0 && !placed[cur];)
                    {
                        placed[cur] = true;
                        order.Add(cur);
                        int first = _arcStart[cur], last = _arcStart[cur + 1] - 1;
                        for (int a = last - 1; a >= first; a--)
                            if (!placed[_arcTarget[a]])
                                stack.Push(_arcTarget[a]);
                        cur = last >= first ? _arcTarget[last] : -1;
                    }
                }
            }
            // The most shared states (common suffixes) first, at small offsets: their absolute pointers are short.
            var inDegree = new int[states];
            foreach (int t in _arcTarget)
                inDegree[t]++;
            foreach (int s in Enumerable.Range(0, states).Where(s => inDegree[s] > 1).OrderByDescending(s => inDegree[s]).ThenBy(s => s).Take(HotStates).Reverse())
                stack.Push(s);
            DepthFirst();
            // Then the top of the automaton breadth first, packed together: every search passes through it, and laid
            // out depth first its states lie all over the array, each a cache miss (measured on 8 M tokens: 4.6 jumps
            // of over 4 KB a search).
            int top = order.Count, topArcs = 0;
            var queue = new Queue<int>();
            if (!placed[root])
            {
                placed[root] = true;
                queue.Enqueue(root);
            }
            while (queue.TryDequeue(out int s))
            {
                order.Add(s);
                topArcs += _arcStart[s + 1] - _arcStart[s];
                if (topArcs >= TopArcs)
                    continue;
                for (int a = _arcStart[s]; a < _arcStart[s + 1]; a++)
                    if (!placed[_arcTarget[a]])
                    {
                        placed[_arcTarget[a]] = true;
                        queue.Enqueue(_arcTarget[a]);
                    }
            }
            // The rest depth first below the top, the first state's children first.
            for (int i = order.Count - 1; i >= top; i--)
                for (int a = _arcStart[order[i] + 1] - 1; a >= _arcStart[order[i]]; a--)
                    if (!placed[_arcTarget[a]])
                        stack.Push(_arcTarget[a]);
            DepthFirst();
            // Label codes: the 63 commonest labels.
            var frequency = new long[256];
            foreach (byte l in _arcLabel)
                frequency[l]++;
            byte[] common = [.. Enumerable.Range(0, 256).Where(l => frequency[l] > 0).OrderByDescending(l => frequency[l]).ThenBy(l => l).Take(63).Select(l => (byte)l)];
            var codeOf = new int[256];
            for (int c = 0; c < common.Length; c++)
                codeOf[common[c]] = c + 1;

            // Pointer sizes grow from one byte until every pointer fits: a fixpoint, each pass only widening.
            var arcCount = _arcLabel.Count;
            var width = new byte[arcCount];
            Array.Fill(width, (byte)1);
            var next = new bool[arcCount];
            for (int i = 0; i < order.Count; i++)
            {
                int s = order[i], last = _arcStart[s + 1] - 1;
                if (last >= _arcStart[s] && i + 1 < order.Count && order[i + 1] == _arcTarget[last])
                    next[last] = true;
            }
            var offset = new int[states];
            var arcAt = new int[arcCount];
            long size;
            while (true)
            {
                long pos = StatesStart;
                foreach (int s in order)
                {
                    offset[s] = checked((int)pos);
                    pos += VarintBytes(Header(s));
                    for (int a = _arcStart[s]; a < _arcStart[s + 1]; a++)
                    {
                        arcAt[a] = checked((int)pos);
                        pos += 1 + (codeOf[_arcLabel[a]] == 0 ? 1 : 0) + (next[a] ? 0 : width[a]);
                    }
                }
                size = pos;
                bool widened = false;
                for (int a = 0; a < arcCount; a++)
                {
                    if (next[a])
                        continue;
                    int need = PointerBytes(arcAt[a], offset[_arcTarget[a]]);
                    if (need > width[a])
                    {
                        width[a] = (byte)need;
                        widened = true;
                    }
                }
                if (!widened)
                    break;
            }
            var bytes = new byte[size];
            common.CopyTo(bytes.AsSpan(1));
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(64), offset[root]);
            int at = StatesStart;
            foreach (int s in order)
            {
                at = WriteVarint(bytes, at, Header(s), VarintBytes(Header(s)));
                for (int a = _arcStart[s]; a < _arcStart[s + 1]; a++)
                {
                    int code = codeOf[_arcLabel[a]];
                    bytes[at++] = (byte)((a == _arcStart[s + 1] - 1 ? LastArc : 0) | (next[a] ? NextArc : 0) | code);
                    if (code == 0)
                        bytes[at++] = _arcLabel[a];
                    if (!next[a])
                        at = WriteVarint(bytes, at, Pointer(arcAt[a], offset[_arcTarget[a]], width[a]), width[a]);
                }
            }
            if (at != size)
                throw new InvalidOperationException("the automaton's layout and its encoding disagree");
            return bytes;
        }

        private ulong Header(int s) => ((ulong)_count[s] << 1) | (_final[s] ? 1UL : 0);

        /// <summary>LEB128 in exactly <paramref name="width"/> bytes (padded with continuation bytes: still one value).</summary>
        private static int WriteVarint(byte[] bytes, int at, ulong value, int width)
        {
            for (int i = 0; i < width - 1; i++)
            {
                bytes[at++] = (byte)(0x80 | (value & 0x7F));
                value >>= 7;
            }
            bytes[at++] = (byte)value;
            return at;
        }
    }

    /// <summary>The root's count, as a store checks it against its header.</summary>
    internal static int RootCount(ReadOnlySpan<byte> automaton)
    {
        int pos = BinaryPrimitives.ReadInt32LittleEndian(automaton[64..]);
        return checked((int)(ReadVarint(automaton, ref pos) >> 1));
    }
}
