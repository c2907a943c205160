using System.Buffers.Text;
using HyperSharp.Ladder;

namespace HyperSharp.Primes;

/// <summary>
/// Every prime of a range and the n-th prime, from the wheel sieve. The list is written as <c>primesieve -p</c> does:
/// one prime a line, ascending, decimal ASCII; formatted straight into a 64 KiB byte buffer (no string per prime).
/// </summary>
public static class PrimeList
{
    /// <summary>Writes the primes in [<paramref name="from"/>, <paramref name="to"/>] (both inclusive, as primesieve's START STOP); returns how many.</summary>
    public static long Write(ulong from, ulong to, Stream output)
    {
        CheckTo(to);
        var sink = new Utf8Lines(output);
        foreach (ulong p in (ReadOnlySpan<ulong>)[2, 3, 5])
        {
            if (p >= from && p <= to)
                sink.Add(p);
        }
        if (to >= 7 && from <= to)
        {
            WheelSieve.Segments(Math.Max(from, 7), to + 1, (baseNumber, bits) =>
            {
                WheelSieve.Decode(baseNumber, bits, ref sink);
                return true;
            });
        }
        sink.Flush();
        return sink.Lines;
    }

    /// <summary>The largest bound <see cref="Write"/> takes: the wheel's limit, inclusive.</summary>
    public const ulong MaxTo = WheelSieve.MaxLimit - 1;

    /// <summary>The largest n <see cref="Nth"/> takes: its prime and the search bound stay below 1.1·10¹² (the count ladder goes to 2⁴⁰).</summary>
    public const long MaxNth = 40_000_000_000;

    /// <summary>
    /// The <paramref name="n"/>-th prime (the first is 2): π(lower) counted on all threads for a lower bound of
    /// Rosser and Dusart's, p_n &gt; n(ln n + ln ln n − 1) (n ≥ 6), then the rest counted segment by segment on one
    /// thread up to p_n, below the upper bound n(ln n + ln ln n) (n ≥ 6).
    /// </summary>
    public static ulong Nth(long n, int threads)
    {
        if (n < 1 || n > MaxNth)
            throw new SpecException($"n takes a whole number from 1 to {MaxNth} (got {n})");
        ReadOnlySpan<ulong> first = [2, 3, 5, 7, 11];
        if (n <= first.Length)
            return first[(int)n - 1];
        double ln = Math.Log(n), lnln = Math.Log(ln);
        ulong lower = (ulong)(n * (ln + lnln - 1));
        ulong upper = (ulong)Math.Ceiling(n * (ln + lnln)) + 1;
        long before = WheelSieve.Count(0, lower, threads); // < n, since lower < p_n
        long left = n - before;
        ulong found = 0;
        WheelSieve.Segments(lower, upper, (baseNumber, bits) =>
        {
            long here = WheelSieve.PopCount(bits);
            if (here < left)
            {
                left -= here;
                return true;
            }
            var pick = new Pick(left);
            WheelSieve.Decode(baseNumber, bits, ref pick);
            found = pick.Found;
            return false;
        });
        return found != 0 ? found : throw new InvalidOperationException($"the {n}-th prime is not below the bound {upper}");
    }

    private static void CheckTo(ulong to)
    {
        if (to > MaxTo)
            throw new SpecException($"to takes a whole number up to {MaxTo} (2^50 - 1; got {to})");
    }

    /// <summary>Keeps the k-th prime it is given.</summary>
    private struct Pick(long k) : WheelSieve.IPrimeSink
    {
        public ulong Found;

        public void Add(ulong prime)
        {
            if (--k == 0)
                Found = prime;
        }
    }

    /// <summary>Decimal lines into a buffer flushed to the stream when nearly full.</summary>
    private struct Utf8Lines(Stream output) : WheelSieve.IPrimeSink
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _used;
        public long Lines;

        public void Add(ulong prime)
        {
            if (_used > _buffer.Length - 21) // 20 digits and a newline
                Flush();
            Utf8Formatter.TryFormat(prime, _buffer.AsSpan(_used), out int written);
            _buffer[_used + written] = (byte)'\n';
            _used += written + 1;
            Lines++;
        }

        public void Flush()
        {
            output.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}
