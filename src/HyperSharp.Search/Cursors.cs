using System.Buffers.Binary;

namespace HyperSharp.Search;

/// <summary>
/// Documents matching part of a query, in increasing order (doc-at-a-time evaluation). <see cref="Doc"/> starts
/// at −1 and ends at <see cref="NoMore"/>; <see cref="Advance"/> moves to the first match at or after a target.
/// For top-k search a cursor also bounds its scores (<see cref="MaxScore"/>, <see cref="Bound"/>) and may be told the
/// score a document must beat (<see cref="SetMinCompetitive"/>), after which it may skip documents that cannot.
/// </summary>
internal abstract class DocCursor
{
    public const int NoMore = int.MaxValue;

    /// <summary>The last document a region can end at (<see cref="Bound"/>: "to the end").</summary>
    public const int LastDoc = int.MaxValue - 1;

    public int Doc = -1;

    /// <summary>An estimate of the matches, to order a conjunction rarest first.</summary>
    public abstract long Cost { get; }

    public abstract int Next();

    public abstract int Advance(int target);

    /// <summary>The BM25 score of the current document.</summary>
    public abstract double Score();

    /// <summary>At least the score of every document (+∞ when unknown).</summary>
    public virtual double MaxScore => double.PositiveInfinity;

    /// <summary>The sum of the parts' <see cref="MaxScore"/>: a bound of a conjunction's or a disjunction's score.</summary>
    protected static double SumOfMaxScores(DocCursor[] parts)
    {
        double s = 0;
        foreach (DocCursor c in parts)
            s += c.MaxScore;
        return s;
    }

    /// <summary>
    /// A region from <paramref name="target"/>: returns its last document (inclusive), every document in it scoring at
    /// most <paramref name="bound"/>; <see cref="NoMore"/> when no document at or after the target matches. Reads
    /// skip data only (no block is decoded), and does not move the cursor.
    /// </summary>
    public virtual int Bound(int target, out double bound)
    {
        bound = MaxScore;
        return LastDoc;
    }

    /// <summary>
    /// From now on only documents scoring above <paramref name="score"/> matter (a document that scores at most that
    /// cannot enter the top k: documents come in increasing order and ties go to the lower one). The score only grows.
    /// </summary>
    public virtual void SetMinCompetitive(double score)
    {
    }
}

/// <summary>A term no document has.</summary>
internal sealed class EmptyCursor : DocCursor
{
    public override long Cost => 0;

    public override int Next() => Doc = NoMore;

    public override int Advance(int target) => Doc = NoMore;

    public override double Score() => 0;

    public override double MaxScore => 0;

    public override int Bound(int target, out double bound)
    {
        bound = 0;
        return NoMore;
    }
}

/// <summary>Scores with the index's document lengths (read straight from the mapped file: one per scored document).</summary>
internal sealed unsafe class Bm25Scorer
{
    private readonly uint* _lengths;
    public readonly double AverageLength;
    public readonly int Documents;

    public Bm25Scorer(SearchIndex index)
    {
        AverageLength = index.AverageDocumentLength;
        Documents = index.DocumentCount;
        // The mapping outlives the query (a query on a disposed index is refused before a scorer exists).
        fixed (uint* p = index.DocumentLengths())
            _lengths = p;
    }

    public double Score(double idf, int tf, int doc) => Bm25.Score(idf, tf, _lengths[doc], AverageLength);
}

/// <summary>
/// One term's compressed postings, read from the mapped file a block at a time, skipping blocks by their last
/// document. A block's frequencies are unpacked only when a score or positions need them, and its positions only for
/// the documents a phrase asks about.
/// </summary>
internal sealed unsafe class TermCursor : DocCursor
{
    private readonly byte* _region;
    private readonly int _length;
    private readonly int _df;
    private readonly int _blocks;
    private readonly Bm25Scorer? _scorer;
    private readonly double _idf;
    private readonly double _saturation;
    private readonly uint[] _docs = new uint[BitPacking.BlockSize];
    private readonly uint[] _freqs = new uint[BitPacking.BlockSize];
    private int _block = -1;
    private int _n;
    private int _i;
    private int _freqsAt = -1; // the current block's packed frequencies, until unpacked (then −1)
    private int _positionsAt;
    private int _positionsDoc;
    private int _hint; // a block no earlier than the first whose last document reaches _hintTarget
    private int _hintTarget;

    public TermCursor(SearchIndex index, int term, Bm25Scorer? scorer)
    {
        (IntPtr address, int length) = index.PostingsAddress(term);
        _region = (byte*)address;
        _length = length;
        _df = index.DocumentFrequency(term);
        _blocks = (_df + BitPacking.BlockSize - 1) / BitPacking.BlockSize;
        _scorer = scorer;
        _idf = scorer is null ? 0 : Bm25.Idf(scorer.Documents, _df);
        _saturation = index.TermSaturation(term);
    }

    public double Idf => _idf;

    /// <summary>The term's largest saturation in any document.</summary>
    public double Saturation => _saturation;

    public override long Cost => _df;

    public override double MaxScore => Bm25.Bound(_idf, _saturation);

    private ReadOnlySpan<byte> Region => new(_region, _length);

    private int LastDocOf(int block) => (int)BinaryPrimitives.ReadUInt32LittleEndian(Region[(block * IndexLayout.SkipEntryBytes)..]);

    private double SaturationOf(int block) => BinaryPrimitives.ReadSingleLittleEndian(Region[(block * IndexLayout.SkipEntryBytes + 12)..]);

    public int Freq
    {
        get
        {
            if (_freqsAt >= 0)
                UnpackFreqs();
            return (int)_freqs[_i] + 1;
        }
    }

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

    /// <summary>The first block from <paramref name="from"/> whose last document is at or past <paramref name="target"/> (gallop, then bisect), or the block count.</summary>
    private int FindBlock(int from, int target)
    {
        if (_hint > from && target >= _hintTarget)
            from = _hint;
        int lo = from, step = 1, hi = lo;
        while (hi < _blocks && LastDocOf(hi) < target)
        {
            lo = hi + 1;
            hi += step;
            step <<= 1;
        }
        if (lo >= _blocks)
            return _blocks;
        hi = Math.Min(hi, _blocks - 1);
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (LastDocOf(mid) < target)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (LastDocOf(lo) < target)
            return _blocks;
        _hint = lo;
        _hintTarget = target;
        return lo;
    }

    public override int Advance(int target)
    {
        if (Doc >= target)
            return Doc;
        if (_block < 0 || LastDocOf(_block) < target)
        {
            // Blocks whose last document is below the target are never decoded.
            int b = FindBlock(_block + 1, target);
            if (b >= _blocks)
                return Doc = NoMore;
            Load(b);
            _i = 0;
        }
        else
        {
            _i++;
        }
        // Lower bound in the block (its last document is at or past the target).
        int lo = _i, hi = _n - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_docs[mid] < (uint)target)
                lo = mid + 1;
            else
                hi = mid;
        }
        _i = lo;
        return Doc = (int)_docs[lo];
    }

    /// <summary>The block holding the term's first document at or after <paramref name="target"/>: its last document and saturation bound; <see cref="DocCursor.NoMore"/> when none.</summary>
    public int SaturationBound(int target, out double saturation)
    {
        // An exhausted cursor returns nothing more, whatever its blocks hold.
        int b = Doc == NoMore ? _blocks : _block >= 0 && LastDocOf(_block) >= target ? _block : FindBlock(Math.Max(_block, 0), target);
        if (b >= _blocks)
        {
            saturation = 0;
            return NoMore;
        }
        saturation = SaturationOf(b);
        return LastDocOf(b);
    }

    public override int Bound(int target, out double bound)
    {
        int upTo = SaturationBound(target, out double saturation);
        bound = Bm25.Bound(_idf, saturation);
        return upTo;
    }

    private void Load(int block)
    {
        ReadOnlySpan<byte> region = Region;
        ReadOnlySpan<byte> skip = region.Slice(block * IndexLayout.SkipEntryBytes, IndexLayout.SkipEntryBytes);
        int at = (int)BinaryPrimitives.ReadUInt32LittleEndian(skip[4..]);
        _positionsAt = (int)BinaryPrimitives.ReadUInt32LittleEndian(skip[8..]);
        _positionsDoc = 0;
        _n = Math.Min(BitPacking.BlockSize, _df - block * BitPacking.BlockSize);
        _freqsAt = Unpack(region, at, _docs);
        uint previous = block == 0 ? uint.MaxValue : (uint)LastDocOf(block - 1);
        for (int i = 0; i < _n; i++)
            _docs[i] = previous = previous + _docs[i] + 1;
        if (_docs[_n - 1] != (uint)LastDocOf(block))
            throw new IndexFormatException("a postings block disagrees with its skip entry");
        _block = block;
    }

    private void UnpackFreqs()
    {
        Unpack(Region, _freqsAt, _freqs);
        _freqsAt = -1;
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
        if (_freqsAt >= 0)
            UnpackFreqs();
        ReadOnlySpan<byte> region = Region;
        int at = _positionsAt;
        // The positions of the block's earlier documents are passed over, not decoded: a varint ends at a byte below 0x80.
        int pass = 0;
        for (; _positionsDoc < _i; _positionsDoc++)
            pass += (int)_freqs[_positionsDoc] + 1;
        for (; pass > 0; at++)
        {
            if ((uint)at >= (uint)region.Length)
                throw new IndexFormatException("a position list runs past its postings");
            if (region[at] < 0x80)
                pass--;
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
    private double[]? _others; // per required cursor, the others' MaxScore summed

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

    public override double MaxScore => SumOfMaxScores(_required);

    public override int Bound(int target, out double bound)
    {
        bound = 0;
        int upTo = LastDoc;
        foreach (DocCursor c in _required)
        {
            int end = c.Bound(target, out double b);
            if (end == NoMore)
                return NoMore; // one required part has nothing left: neither has the conjunction
            upTo = Math.Min(upTo, end);
            bound += b;
        }
        return upTo;
    }

    /// <summary>Each required part must beat the score less what the others can add at most.</summary>
    public override void SetMinCompetitive(double score)
    {
        if (_others is null)
        {
            _others = new double[_required.Length];
            for (int i = 0; i < _required.Length; i++)
            {
                for (int j = 0; j < _required.Length; j++)
                {
                    if (j != i)
                        _others[i] += _required[j].MaxScore;
                }
            }
        }
        for (int i = 0; i < _required.Length; i++)
            _required[i].SetMinCompetitive(score - _others[i]);
    }
}

/// <summary>
/// Documents where any cursor matches; the score sums the cursors on the document. Told a score to beat, it drops
/// (MaxScore, Turtle &amp; Flood) the alternatives with the smallest bounds whose bounds together cannot beat it: they
/// no longer lead to documents, and are moved onto a document only to add their part to its score. A document whose
/// leading alternatives' scores plus the dropped ones' bounds cannot beat it is passed over.
/// </summary>
internal sealed class OrCursor : DocCursor
{
    private readonly DocCursor[] _alternatives;
    private readonly int[] _byBound; // alternatives, smallest MaxScore first
    private readonly bool[] _dropped;
    private int _droppedCount;
    private double _droppedBound; // their MaxScores summed
    private double _beat = double.NegativeInfinity;

    public OrCursor(DocCursor[] alternatives)
    {
        _alternatives = alternatives;
        _byBound = [.. Enumerable.Range(0, alternatives.Length).OrderBy(k => alternatives[k].MaxScore)];
        _dropped = new bool[alternatives.Length];
    }

    public override long Cost
    {
        get
        {
            long c = 0;
            foreach (DocCursor a in _alternatives)
                c += a.Cost;
            return c;
        }
    }

    public override int Next()
    {
        if (Doc == NoMore)
            return NoMore;
        int current = Doc;
        for (int k = 0; k < _alternatives.Length; k++)
        {
            if (!_dropped[k] && _alternatives[k].Doc == current)
                _alternatives[k].Next();
        }
        return Doc = Competitive(Min());
    }

    public override int Advance(int target)
    {
        if (Doc >= target)
            return Doc;
        for (int k = 0; k < _alternatives.Length; k++)
        {
            if (!_dropped[k] && _alternatives[k].Doc < target)
                _alternatives[k].Advance(target);
        }
        return Doc = Competitive(Min());
    }

    /// <summary>The smallest document of the leading alternatives (they are never behind the cursor).</summary>
    private int Min()
    {
        int min = NoMore;
        for (int k = 0; k < _alternatives.Length; k++)
        {
            if (!_dropped[k])
                min = Math.Min(min, _alternatives[k].Doc);
        }
        return min;
    }

    /// <summary>The first document from <paramref name="candidate"/> that may beat the score (every one when none is set).</summary>
    private int Competitive(int candidate)
    {
        if (double.IsNegativeInfinity(_beat))
            return candidate;
        while (candidate != NoMore)
        {
            double leading = 0;
            for (int k = 0; k < _alternatives.Length; k++)
            {
                if (!_dropped[k] && _alternatives[k].Doc == candidate)
                    leading += _alternatives[k].Score();
            }
            if (leading * (1 + Bm25.BoundSlack) + _droppedBound > _beat)
                return candidate;
            for (int k = 0; k < _alternatives.Length; k++)
            {
                if (!_dropped[k] && _alternatives[k].Doc == candidate)
                    _alternatives[k].Next();
            }
            candidate = Min();
        }
        return candidate;
    }

    public override double Score()
    {
        double s = 0;
        for (int k = 0; k < _alternatives.Length; k++)
        {
            DocCursor a = _alternatives[k];
            if (_dropped[k] && a.Doc < Doc)
                a.Advance(Doc);
            if (a.Doc == Doc)
                s += a.Score();
        }
        return s;
    }

    public override double MaxScore => SumOfMaxScores(_alternatives);

    public override int Bound(int target, out double bound)
    {
        bound = 0;
        int upTo = NoMore;
        foreach (DocCursor a in _alternatives)
        {
            int end = a.Bound(target, out double b);
            if (end == NoMore)
                continue;
            upTo = Math.Min(upTo, end);
            bound += b;
        }
        return upTo;
    }

    public override void SetMinCompetitive(double score)
    {
        _beat = score;
        while (_droppedCount < _alternatives.Length)
        {
            int k = _byBound[_droppedCount];
            double together = _droppedBound + _alternatives[k].MaxScore;
            if (together > score)
                break;
            _dropped[k] = true;
            _droppedBound = together;
            _droppedCount++;
        }
    }
}

/// <summary>
/// Documents where the terms occur at consecutive positions; tf is the number of places they do. Positions are read
/// only for documents the terms' conjunction matches (and, in top-k search, that could still beat the k-th score).
/// </summary>
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
    private double _beat = double.NegativeInfinity;

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
            if (_scorer is not null && !double.IsNegativeInfinity(_beat))
            {
                // The phrase occurs at most as often as its rarest term in the document: a document that cannot beat
                // the score even so is passed over before its positions are read.
                int tf = int.MaxValue;
                foreach (TermCursor t in _terms)
                    tf = Math.Min(tf, t.Freq);
                if (_scorer.Score(_idf, tf, candidate) * (1 + Bm25.BoundSlack) <= _beat)
                {
                    candidate = _all.Next();
                    continue;
                }
            }
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

    public override void SetMinCompetitive(double score) => _beat = score;

    // The phrase's tf is at most each term's tf in the document, and saturation grows with tf: the smallest of the
    // terms' saturation bounds bounds the phrase's.
    public override double MaxScore
    {
        get
        {
            double saturation = double.PositiveInfinity;
            foreach (TermCursor t in _terms)
                saturation = Math.Min(saturation, t.Saturation);
            return Bm25.Bound(_idf, saturation);
        }
    }

    public override int Bound(int target, out double bound)
    {
        double saturation = double.PositiveInfinity;
        int upTo = LastDoc;
        foreach (TermCursor t in _terms)
        {
            int end = t.SaturationBound(target, out double s);
            if (end == NoMore)
            {
                bound = 0;
                return NoMore;
            }
            upTo = Math.Min(upTo, end);
            saturation = Math.Min(saturation, s);
        }
        bound = Bm25.Bound(_idf, saturation);
        return upTo;
    }
}
