using System.Runtime.CompilerServices;
using HyperSharp.Ladder;
using Microsoft.Win32.SafeHandles;

namespace HyperSharp.TimeSeries;

/// <summary>
/// The days of a file as they complete: counts them, tests each (K² at <see cref="Alpha"/>), keeps the anomalous
/// ones. Every rung ends in one. With <see cref="HoldFirst"/> (a range of the threads rung) its first day is kept
/// aside untested, because it may be the second half of a day that began in the range before.
/// </summary>
internal sealed class DayTally(double alpha, bool holdFirst = false) : IDaySink
{
    private readonly List<AnomalousDay> _anomalous = [];
    private long _rows, _days, _untested;
    private double _k2Sum;

    public double Alpha => alpha;
    public bool HoldFirst => holdFirst;

    /// <summary>The first day, when <see cref="HoldFirst"/>.</summary>
    public DayMoments? First { get; private set; }

    public IReadOnlyList<AnomalousDay> Anomalous => _anomalous;

    /// <summary>A complete day.</summary>
    public void Complete(in DayMoments day)
    {
        if (holdFirst && First is null)
        {
            First = day;
            return;
        }
        _rows += day.Count;
        _days++;
        if (!day.Testable)
        {
            _untested++;
            return;
        }
        (double k2, double p) = day.Test();
        _k2Sum += k2;
        if (p < alpha)
            _anomalous.Add(new AnomalousDay(day.Day, day.Count, k2, p));
    }

    /// <summary>Adds the days another tally counted after this one's (the interior days of the next range).</summary>
    public void Append(DayTally later)
    {
        _rows += later._rows;
        _days += later._days;
        _untested += later._untested;
        _k2Sum += later._k2Sum;
        _anomalous.AddRange(later._anomalous);
    }

    public AnomalyReport Report() => new(_rows, _days, _untested, _k2Sum, _anomalous.ToArray());
}

/// <summary>Where a grouper sends each day it completes: a tally, or a channel to the stage that tests.</summary>
internal interface IDaySink
{
    void Complete(in DayMoments day);
}

/// <summary>Consecutive rows of one day, accumulated; a new day completes the one before into the tally.</summary>
internal struct DayGrouper
{
    private DayMoments _current;
    private bool _open;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(long day, double value, IDaySink tally)
    {
        if (_open && day == _current.Day)
        {
            _current.Add(value);
            return;
        }
        if (_open)
            tally.Complete(_current);
        _current = DayMoments.Start(day, value);
        _open = true;
    }

    /// <summary>The day still open (the last of the input), if any.</summary>
    public readonly DayMoments? Open => _open ? _current : null;

    /// <summary>Completes the last day.</summary>
    public void Finish(IDaySink tally)
    {
        if (_open)
            tally.Complete(_current);
        _open = false;
    }
}

/// <summary>
/// Reads a byte range of a file as blocks of whole lines: each call fills a buffer with what the last call left over
/// (a line cut by the buffer's end) and new bytes, and returns the length up to the last newline (everything, at the
/// end of the range, final newline or not). The caller owns the buffers, so a pipeline can keep several in flight.
/// </summary>
internal sealed class BlockReader(SafeFileHandle file, long from, long to)
{
    private readonly byte[] _carry = new byte[TimeSeriesCsv.MaxLine];
    private int _carried;
    private long _position = from;

    /// <summary>File offset of the first byte of the block the last <see cref="Next"/> returned.</summary>
    public long BlockOffset { get; private set; } = from;

    public int Next(byte[] buffer, string path)
    {
        BlockOffset = _position - _carried;
        _carry.AsSpan(0, _carried).CopyTo(buffer);
        int filled = _carried;
        _carried = 0;
        while (filled < buffer.Length && _position < to)
        {
            int n = RandomAccess.Read(file, buffer.AsSpan(filled, (int)Math.Min(buffer.Length - filled, to - _position)), _position);
            if (n == 0)
                throw new IOException($"{path}: the file shrank while it was read");
            _position += n;
            filled += n;
        }
        if (_position >= to)
            return filled;
        int last = buffer.AsSpan(0, filled).LastIndexOf((byte)'\n');
        if (last < 0 || filled - last - 1 > _carry.Length)
            throw TimeSeriesCsv.Error(path, TimeSeriesCsv.LineAt(file, BlockOffset + last + 1),
                $"a line longer than {TimeSeriesCsv.MaxLine} bytes: not a time-series file");
        _carried = filled - last - 1;
        buffer.AsSpan(last + 1, _carried).CopyTo(_carry);
        return last + 1;
    }
}

/// <summary>The loop the block-parsing rungs share: every line of a block of whole lines into a grouper.</summary>
internal static class Blocks
{
    /// <summary>
    /// Buffer size of the block readers: large enough that a read is cheap, small enough that a thread's buffer stays
    /// in its core's L2 (1 MiB on Zen 4, shared with the parser's own data; a 1 MiB buffer cannot). On a 1 GB file, 2
    /// threads, alternating builds: 417–424 ms with 256 KiB against 517–562 ms with 1 MiB; one thread the same within
    /// noise. (A later 256 KiB run took 562 ms: this 2-core host's noise is as large as the gain.)
    /// </summary>
    public const int BufferSize = 1 << 18;

    public static void Parse(ReadOnlySpan<byte> block, long blockOffset, ref DayGrouper grouper, IDaySink tally, SafeFileHandle file, string path)
    {
        int at = 0;
        var dates = new DateCache();
        while (at < block.Length)
        {
            ReadOnlySpan<byte> rest = block[at..];
            int newline = rest.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = newline < 0 ? rest : rest[..newline];
            if (TimeSeriesCsv.TryParseRow(line, ref dates, out long day, out double value))
                grouper.Add(day, value, tally);
            else if (!TimeSeriesCsv.IsBlank(line))
                throw TimeSeriesCsv.RowError(path, TimeSeriesCsv.LineAt(file, blockOffset + at), line);
            at += newline < 0 ? rest.Length : newline + 1;
        }
    }
}
