namespace HyperSharp.Harness.Tokens;

/// <summary>
/// A radix (patricia) trie over the tokens' UTF-8 bytes, flattened into four arrays: node v's edge label is
/// <c>Labels[LabelStart[v]..LabelStart[v + 1]]</c>, its children are nodes <c>FirstChild[v]..FirstChild[v + 1]</c>
/// (numbered breadth first, so each node's children are one run, in byte order), <c>Count[v]</c> tokens lie below it
/// (a prefix count is one read) and bit v of <c>Terminal</c> says a token ends there. Node 0 is the root, its label empty.
/// </summary>
public sealed class TokenTrie
{
    private readonly byte[] _labels;
    private readonly int[] _labelStart, _firstChild, _count;
    private readonly ulong[] _terminal;

    private TokenTrie(byte[] labels, int[] labelStart, int[] firstChild, int[] count, ulong[] terminal)
    {
        (_labels, _labelStart, _firstChild, _count, _terminal) = (labels, labelStart, firstChild, count, terminal);
    }

    /// <summary>Nodes, the root included.</summary>
    public int Nodes => _count.Length;

    /// <summary>The exact bytes of the five arrays.</summary>
    public long StructureBytes =>
        ObjectSizes.Array(_labels.Length, 1) + ObjectSizes.Array(_labelStart.Length, 4) + ObjectSizes.Array(_firstChild.Length, 4) +
        ObjectSizes.Array(_count.Length, 4) + ObjectSizes.Array(_terminal.Length, 8);

    /// <summary>The trie of the blob's tokens (sorted and distinct: a node's tokens are one range of them).</summary>
    public static TokenTrie Of(TokenBlob blob)
    {
        var labels = new List<byte>();
        var labelStart = new List<int> { 0, 0 }; // the root's empty label
        var firstChild = new List<int>();
        var count = new List<int> { blob.Count };
        var terminal = new List<bool>();
        // Breadth first: node v's range of tokens, all sharing their first `depth` bytes, the end of v's label.
        var queue = new Queue<(int Lo, int Hi, int Depth)>();
        queue.Enqueue((0, blob.Count, 0));
        while (queue.TryDequeue(out var n))
        {
            firstChild.Add(count.Count);
            int i = n.Lo;
            bool ends = i < n.Hi && blob[i].Length == n.Depth; // a token equal to the prefix sorts first
            terminal.Add(ends);
            if (ends)
                i++;
            while (i < n.Hi)
            {
                byte b = blob[i][n.Depth];
                int j = i + 1;
                while (j < n.Hi && blob[j][n.Depth] == b)
                    j++;
                // The edge runs as far as the group's first and last tokens agree (sorted: so do all between).
                ReadOnlySpan<byte> first = blob[i], last = blob[j - 1];
                int end = n.Depth + 1;
                while (end < first.Length && end < last.Length && first[end] == last[end])
                    end++;
                foreach (byte x in first[n.Depth..end])
                    labels.Add(x);
                labelStart.Add(labels.Count);
                count.Add(j - i);
                queue.Enqueue((i, j, end));
                i = j;
            }
        }
        firstChild.Add(count.Count);
        var bits = new ulong[(terminal.Count + 63) / 64];
        for (int v = 0; v < terminal.Count; v++)
            if (terminal[v])
                bits[v >> 6] |= 1UL << v;
        return new TokenTrie([.. labels], [.. labelStart], [.. firstChild], [.. count], bits);
    }

    /// <summary>Whether <paramref name="key"/> is stored, and how many stored tokens start with it.</summary>
    public (bool Present, int PrefixCount) Find(ReadOnlySpan<byte> key)
    {
        int node = 0, at = 0;
        while (at < key.Length)
        {
            int child = Child(node, key[at]);
            if (child < 0)
                return (false, 0);
            ReadOnlySpan<byte> label = _labels.AsSpan(_labelStart[child], _labelStart[child + 1] - _labelStart[child]);
            ReadOnlySpan<byte> rest = key[at..];
            if (rest.Length < label.Length)
                return (false, label.StartsWith(rest) ? _count[child] : 0); // the key ends inside the edge
            if (!rest.StartsWith(label))
                return (false, 0);
            at += label.Length;
            node = child;
        }
        return ((_terminal[node >> 6] & (1UL << node)) != 0, _count[node]);
    }

    /// <summary>The child of <paramref name="node"/> whose label starts with <paramref name="b"/>, or −1: a binary search of its run of children.</summary>
    private int Child(int node, byte b)
    {
        int lo = _firstChild[node], hi = _firstChild[node + 1];
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            byte m = _labels[_labelStart[mid]];
            if (m == b)
                return mid;
            if (m < b)
                lo = mid + 1;
            else
                hi = mid;
        }
        return -1;
    }
}
