using System.Buffers.Binary;

namespace HyperSharp.Search;

/// <summary>
/// Documents matching part of a query, in increasing order (doc-at-a-time evaluation). <see cref="Doc"/> starts
/// at −1 and ends at <see cref="NoMore"/>; <see cref="Advance"/> moves to the first match at or after a target.
/// </summary>
internal abstract class DocCursor
{
    public const int NoMore = int.MaxValue;

    public int Doc = -1;

    /// <summary>An estimate of the matches, to order a conjunction rarest first.</summary>
    public abstract long Cost { get; }

    public abstract int Next();

    public abstract int Advance(int target);

    /// <summary>The BM25 score of the current document.</summary>
    public abstract double Score();
}

/// <summary>A term no document has.</summary>
internal sealed class EmptyCursor : DocCursor
{
    public override long Cost => 0;

    public override int Next() => Doc = NoMore;

    public override int Advance(int target) => Doc = NoMore;

    public override double Score() => 0;
}

/// <summary>Scores with the index's document lengths.</summary>
internal sealed class Bm25Scorer(SearchIndex index)
{
    public readonly SearchIndex Index = index;
    public readonly double AverageLength = index.AverageDocumentLength;
    public readonly int Documents = index.DocumentCount;

    public double Score(double idf, int tf, int doc) => Bm25.Score(idf, tf, Index.DocumentLength(doc), AverageLength);
}

/// <summary>One term's compressed postings, read from the mapped file a block at a time, skipping blocks by their last document.</summary>
internal sealed unsafe class TermCursor : DocCursor
{
    private readonly byte* _region;
    private readonly int _length;
    private readonly int _df;
    private readonly int _blocks;
    private readonly Bm25Scorer? _scorer;
    private readonly double _idf;
    private readonly uint[] _docs = new uint[BitPacking.BlockSize];
    private readonly uint[] _freqs = new uint[BitPacking.BlockSize];
    private int _block = -1;
    private int _n;
    private int _i;
    private int _positionsAt;
    private int _positionsDoc;

    public TermCursor(SearchIndex index, int term, Bm25Scorer? scorer)
    {
        (IntPtr address, int length) = index.PostingsAddress(term);
        _region = (byte*)address;
        _length = length;
        _df = index.DocumentFrequency(term);
        _blocks = (_df + BitPacking.BlockSize - 1) / BitPacking.BlockSize;
        _scorer = scorer;
        _idf = scorer is null ? 0 : Bm25.Idf(scorer.Documents, _df);
    }

    public double Idf => _idf;

    public override long Cost => _df;

    private ReadOnlySpan<byte> Region => new(_region, _length);

    private int LastDoc(int block) => (int)BinaryPrimitives.ReadUInt32LittleEndian(Region[(block * IndexLayout.SkipEntryBytes)..]);

    public int Freq => (int)_freqs[_i] + 1;

    public override int Next()
    {
        if (Doc == NoMore)
            return NoMore;
        if (++_i < _n)
            return Doc = (int)_docs[_i];
        if (_block + 1 >= _blocks)
            return Doc = NoMore;
        Load(_block + 1);
        return Doc = (int)_docs[_i = 0];
    }

    public override int Advance(int target)
    {
        if (Doc >= target)
            return Doc;
        if (_block < 0 || LastDoc(_block) < target)
        {
            // Gallop over the skip table from the next block, then bisect: blocks whose last document is below the target are never decoded.
            int lo = _block + 1, step = 1, hi = lo;
            while (hi < _blocks && LastDoc(hi) < target)
            {
                lo = hi + 1;
                hi += step;
                step <<= 1;
            }
            if (lo >= _blocks)
                return Doc = NoMore;
            hi = Math.Min(hi, _blocks - 1);
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (LastDoc(mid) < target)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            Load(lo);
            _i = -1;
        }
        while (++_i < _n)
        {
            if (_docs[_i] >= (uint)target)
                return Doc = (int)_docs[_i];
        }
        return Doc = NoMore; // not reached: the block's last document is at or past the target
    }

    private void Load(int block)
    {
        ReadOnlySpan<byte> region = Region;
        ReadOnlySpan<byte> skip = region.Slice(block * IndexLayout.SkipEntryBytes, IndexLayout.SkipEntryBytes);
        int at = (int)BinaryPrimitives.ReadUInt32LittleEndian(skip[4..]);
        _positionsAt = (int)BinaryPrimitives.ReadUInt32LittleEndian(skip[8..]);
        _positionsDoc = 0;
        _n = Math.Min(BitPacking.BlockSize, _df - block * BitPacking.BlockSize);
        at = Unpack(region, at, _docs);
        Unpack(region, at, _freqs);
        uint previous = block == 0 ? uint.MaxValue : (uint)LastDoc(block - 1);
        for (int i = 0; i < _n; i++)
            _docs[i] = previous = previous + _docs[i] + 1;
        if (_docs[_n - 1] != (uint)LastDoc(block))
            throw new IndexFormatException("a postings block disagrees with its skip entry");
        _block = block;
    }

    private int Unpack(ReadOnlySpan<byte> region, int at, uint[] into)
    {
        if ((uint)at >= (uint)region.Length)
            throw new IndexFormatException("a postings block lies outside its term's postings");
        int bits = region[at];
        if (bits > 32)
            throw new IndexFormatException("a postings block has a bit width over 32");
        int bytes = BitPacking.PackedBytes(_n, bits);
        if (at + 1 + bytes > region.Length)
            throw new IndexFormatException("a postings block lies outside its term's postings");
        BitPacking.Unpack(region.Slice(at + 1, bytes), bits, into.AsSpan(0, _n));
        return at + 1 + bytes;
    }

    /// <summary>The current document's positions, into <paramref name="into"/> (grown as needed); returns their count.</summary>
    public int Positions(ref int[] into)
    {
        ReadOnlySpan<byte> region = Region;
        int at = _positionsAt;
        for (; _positionsDoc < _i; _positionsDoc++)
        {
            for (int f = (int)_freqs[_positionsDoc]; f >= 0; f--)
                _ = BitPacking.ReadVarint(region, ref at);
        }
        int count = Freq;
        if (into.Length < count)
            into = new int[Math.Max(count, into.Length * 2)];
        int position = 0;
        for (int k = 0; k < count; k++)
            into[k] = position += (int)BitPacking.ReadVarint(region, ref at);
        _positionsAt = at;
        _positionsDoc = _i + 1;
        return count;
    }

    public override double Score() => _scorer!.Score(_idf, Freq, Doc);
}

/// <summary>Documents where every cursor matches (rarest first, leapfrogging) and no excluded one does.</summary>
internal sealed class AndCursor : DocCursor
{
    private readonly DocCursor[] _required;
    private readonly DocCursor[] _inQueryOrder;
    private readonly DocCursor[] _excluded;

    public AndCursor(IEnumerable<DocCursor> required, IEnumerable<DocCursor> excluded)
    {
        _inQueryOrder = [.. required];
        _required = [.. _inQueryOrder.OrderBy(c => c.Cost)];
        _excluded = [.. excluded];
    }

    public override long Cost => _required[0].Cost;

    public override int Next() => Doc == NoMore ? NoMore : Align(_required[0].Next());

    public override int Advance(int target) => Doc >= target ? Doc : Align(_required[0].Advance(target));

    private int Align(int candidate)
    {
        while (candidate != NoMore)
        {
            bool all = true;
            for (int k = 1; k < _required.Length; k++)
            {
                int d = _required[k].Advance(candidate);
                if (d > candidate)
                {
                    candidate = _required[0].Advance(d);
                    all = false;
                    break;
                }
            }
            if (!all)
                continue;
            bool excluded = false;
            foreach (DocCursor e in _excluded)
            {
                if (e.Advance(candidate) == candidate)
                {
                    excluded = true;
                    break;
                }
            }
            if (!excluded)
                return Doc = candidate;
            candidate = _required[0].Next();
        }
        return Doc = NoMore;
    }

    public override double Score()
    {
        // Summed in the query's order, not the rarest-first order: every evaluator then rounds alike.
        double s = 0;
        foreach (DocCursor c in _inQueryOrder)
            s += c.Score();
        return s;
    }
}

/// <summary>Documents where any cursor matches; the score sums the cursors on the document.</summary>
internal sealed class OrCursor(DocCursor[] alternatives) : DocCursor
{
    public override long Cost => alternatives.Sum(a => a.Cost);

    public override int Next()
    {
        if (Doc == NoMore)
            return NoMore;
        int current = Doc;
        foreach (DocCursor a in alternatives)
        {
            if (a.Doc == current)
                a.Next();
        }
        return Doc = Min();
    }

    public override int Advance(int target)
    {
        if (Doc >= target)
            return Doc;
        foreach (DocCursor a in alternatives)
        {
            if (a.Doc < target)
                a.Advance(target);
        }
        return Doc = Min();
    }

    private int Min()
    {
        int min = NoMore;
        foreach (DocCursor a in alternatives)
            min = Math.Min(min, a.Doc);
        return min;
    }

    public override double Score()
    {
        double s = 0;
        foreach (DocCursor a in alternatives)
        {
            if (a.Doc == Doc)
                s += a.Score();
        }
        return s;
    }
}

/// <summary>Documents where the terms occur at consecutive positions; tf is the number of places they do.</summary>
internal sealed class PhraseCursor : DocCursor
{
    private readonly TermCursor[] _terms;
    private readonly AndCursor _all;
    private readonly Bm25Scorer? _scorer;
    private readonly double _idf;
    private int[][] _positions;
    private readonly int[] _counts;
    private readonly int[] _at;
    private int _frequency;

    public PhraseCursor(TermCursor[] terms, Bm25Scorer? scorer)
    {
        _terms = terms;
        _all = new AndCursor(terms, []);
        _scorer = scorer;
        _idf = terms.Sum(t => t.Idf);
        _positions = terms.Select(_ => new int[8]).ToArray();
        _counts = new int[terms.Length];
        _at = new int[terms.Length];
    }

    public override long Cost => _all.Cost;

    public override int Next() => Doc == NoMore ? NoMore : Check(_all.Next());

    public override int Advance(int target) => Doc >= target ? Doc : Check(_all.Advance(target));

    private int Check(int candidate)
    {
        while (candidate != NoMore)
        {
            for (int k = 0; k < _terms.Length; k++)
                _counts[k] = _terms[k].Positions(ref _positions[k]);
            _frequency = Occurrences();
            if (_frequency > 0)
                return Doc = candidate;
            candidate = _all.Next();
        }
        return Doc = NoMore;
    }

    /// <summary>Start positions p with term k at p + k for every k (each list sorted, merged forward).</summary>
    private int Occurrences()
    {
        Span<int> at = _at;
        at.Clear();
        int found = 0;
        for (int s = 0; s < _counts[0]; s++)
        {
            int p = _positions[0][s];
            bool all = true;
            for (int k = 1; k < _terms.Length && all; k++)
            {
                while (at[k] < _counts[k] && _positions[k][at[k]] < p + k)
                    at[k]++;
                all = at[k] < _counts[k] && _positions[k][at[k]] == p + k;
            }
            if (all)
                found++;
        }
        return found;
    }

    public override double Score() => _scorer!.Score(_idf, _frequency, Doc);
}
