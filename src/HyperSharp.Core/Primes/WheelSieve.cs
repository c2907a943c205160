using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HyperSharp.Primes;

/// <summary>
/// A segmented sieve of Eratosthenes on the mod-30 wheel, after primesieve: byte k stands for the eight numbers
/// 30k + {1, 7, 11, 13, 17, 19, 23, 29} (the only residues coprime to 2, 3 and 5), one bit each, set while the number
/// may be prime. Each cache-sized segment is started from precomputed patterns with the multiples of 7 … 163 already
/// cleared (<see cref="PreSieve"/>), then the sieving primes up to √N clear their multiples in three tiers: small
/// primes (many multiples per L1 cache block) block by block, medium primes over the whole segment, both in loops
/// unrolled over the wheel's eight residues with the bit masks as constants (one loop per residue class of the
/// primes), and primes much larger than a segment (at most one multiple per segment) kept in buckets, one per coming
/// segment, so a segment touches only the primes that hit it.
/// The primes left are counted with popcount. Ranges are split into contiguous chunks of segments, one thread each.
/// </summary>
public static class WheelSieve
{
    /// <summary>
    /// The largest upper bound (exclusive) supported: 2⁵⁰ ≈ 1.1·10¹⁵. The sieving primes up to √N (≤ 2²⁵) come from a
    /// plain sieve and every thread keeps a bucket entry per large one; primesieve goes to 2⁶⁴ with a recursive
    /// generator, which this does not have.
    /// </summary>
    public const ulong MaxLimit = 1UL << 50;

    /// <summary>
    /// Bytes per segment (30 numbers each): a little under the L2 cache of a core, as primesieve picks here (it uses
    /// 256 KiB on this EPYC). Measured once at N = 10⁹ and 10¹⁰ on one thread, before the L1 blocks (CPU time, busy
    /// 2-core machine): 32 KiB 129 ms / 2.0 s, 64 KiB 112 ms, 128 KiB 108 ms / 1.48 s, 256 KiB 105 ms / 1.38 s. With the
    /// blocks, 512 KiB and 1 MiB were no better at 10¹⁰ in two interleaved rounds (within the host's noise).
    /// </summary>
    public const int DefaultSegmentBytes = 256 * 1024;

    /// <summary>The residues coprime to 30, bit j of a byte standing for 30k + Residues[j]; then 31 (the next wheel turn).</summary>
    internal static ReadOnlySpan<byte> Residues => [1, 7, 11, 13, 17, 19, 23, 29, 31];

    /// <summary>Primes in [<paramref name="from"/>, <paramref name="to"/>) on up to <paramref name="threads"/> threads.</summary>
    public static long Count(ulong from, ulong to, int threads, int segmentBytes = DefaultSegmentBytes)
    {
        CheckRange(from, to, segmentBytes);
        if (from >= to)
            return 0;
        long count = SmallPrimes(from, to);
        long first = (long)(from / 30), end = (long)((to - 1) / 30) + 1; // bytes [first, end)
        uint[] primes = SievingPrimes(to);
        long total = end - first;
        // Chunks of whole segments, several per thread so that a thread that finishes early takes another.
        long segments = (total + segmentBytes - 1) / segmentBytes;
        long perChunk = threads <= 1 ? segments : Math.Max(4, (segments + threads * 8 - 1) / (threads * 8));
        long chunks = (segments + perChunk - 1) / perChunk;
        if (chunks <= 1)
            return count + new Sieve(from, to, primes, segmentBytes).CountBytes(first, end);
        long sum = 0;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => (Sieve: new Sieve(from, to, primes, segmentBytes), Count: 0L),
            (c, _, local) =>
            {
                long lo = first + c * perChunk * segmentBytes;
                local.Count += local.Sieve.CountBytes(lo, Math.Min(end, lo + perChunk * segmentBytes));
                return local;
            },
            local => Interlocked.Add(ref sum, local.Count));
        return count + sum;
    }

    /// <summary>
    /// Every prime in [<paramref name="from"/>, <paramref name="to"/>) in ascending order, a segment at a time, on
    /// this thread: <paramref name="segment"/> gets the numbers' base (30·k of the segment's first byte) and its bits,
    /// primes 2, 3 and 5 excepted (<see cref="SmallPrimes"/> and <see cref="Decode"/> handle them); it returns false to stop.
    /// </summary>
    public static void Segments(ulong from, ulong to, SegmentVisitor segment, int segmentBytes = DefaultSegmentBytes)
    {
        CheckRange(from, to, segmentBytes);
        if (from >= to)
            return;
        long first = (long)(from / 30), end = (long)((to - 1) / 30) + 1;
        new Sieve(from, to, SievingPrimes(to), segmentBytes).Visit(first, end, segment);
    }

    /// <summary>Receives one sieved segment; returns false to stop.</summary>
    public delegate bool SegmentVisitor(ulong baseNumber, ReadOnlySpan<byte> bits);

    /// <summary>Calls <paramref name="prime"/> on every prime a segment's bits stand for, in ascending order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Decode<TSink>(ulong baseNumber, ReadOnlySpan<byte> bits, ref TSink prime) where TSink : struct, IPrimeSink
    {
        ReadOnlySpan<byte> residues = Residues;
        int words = bits.Length / 8;
        ReadOnlySpan<ulong> w = MemoryMarshal.Cast<byte, ulong>(bits[..(words * 8)]);
        for (int i = 0; i < w.Length; i++)
        {
            ulong word = w[i];
            ulong wordBase = baseNumber + (ulong)i * 240;
            while (word != 0)
            {
                int bit = BitOperations.TrailingZeroCount(word);
                prime.Add(wordBase + (ulong)(bit >> 3) * 30 + residues[bit & 7]);
                word &= word - 1;
            }
        }
        for (int i = words * 8; i < bits.Length; i++)
        {
            uint b = bits[i];
            while (b != 0)
            {
                int bit = BitOperations.TrailingZeroCount(b);
                prime.Add(baseNumber + (ulong)i * 30 + residues[bit]);
                b &= b - 1;
            }
        }
    }

    /// <summary>A receiver of primes for <see cref="Decode"/> (a struct, so the call is inlined).</summary>
    public interface IPrimeSink
    {
        /// <summary>Receives the next prime, in ascending order.</summary>
        void Add(ulong prime);
    }

    /// <summary>2, 3 and 5 in [from, to): the primes the wheel has no bit for.</summary>
    public static int SmallPrimes(ulong from, ulong to)
    {
        int n = 0;
        foreach (ulong p in (ReadOnlySpan<ulong>)[2, 3, 5])
        {
            if (p >= from && p < to)
                n++;
        }
        return n;
    }

    private static void CheckRange(ulong from, ulong to, int segmentBytes)
    {
        if (to > MaxLimit)
            throw new ArgumentOutOfRangeException(nameof(to), $"the wheel sieve goes up to 2^50 (got {to})");
        if (segmentBytes < 1024 || !BitOperations.IsPow2(segmentBytes))
            throw new ArgumentOutOfRangeException(nameof(segmentBytes), "a power of two of at least 1024 bytes");
    }

    /// <summary>The primes from 167 (the first not pre-sieved) to √(to − 1).</summary>
    private static uint[] SievingPrimes(ulong to)
    {
        uint root = (uint)TrialDivision.IntegerSqrt(to - 1);
        return root < PreSieve.Largest + 2 ? [] : SegmentedSieve.OddPrimesUpTo(root).Where(p => p > PreSieve.Largest).ToArray();
    }

    /// <summary>One thread's sieve: its segment buffer, and each sieving prime's next multiple.</summary>
    private sealed class Sieve
    {
        /// <summary>
        /// The block the small primes are crossed off in, one block at a time, so that their many writes hit the L1
        /// cache (32 KiB of data cache per core on current x64) rather than the L2 the segment lives in.
        /// </summary>
        internal const int L1Bytes = 32 * 1024;

        private readonly ulong _from, _to;
        private readonly int _length, _shift, _block;
        private readonly byte[] _segment;
        private readonly uint[] _primes;
        // The small and medium primes' state, grouped by tier and then by residue class (p mod 30), so that each
        // class is crossed off by its own unrolled loop with no per-prime dispatch: class c of tier t is
        // _state[_bounds[8t + c] .. _bounds[8t + c + 1]]. The big primes (_primes[_bigStart..]) are in buckets.
        private readonly Sieving[] _state;
        private readonly int[] _bounds;
        private readonly int _bigStart;
        private Buckets? _buckets;

        /// <summary>
        /// A sieving prime p = 30·A + b (b its class's residue): the byte offset of its next multiple p·q from the start
        /// of the block (small tier) or segment (medium tier) being crossed, and q's wheel index (q ≡ Residues[Wheel] mod 30).
        /// </summary>
        private struct Sieving
        {
            public long Offset;
            public int A;
            public int Wheel;
        }

        public Sieve(ulong from, ulong to, uint[] primes, int segmentBytes)
        {
            _from = from;
            _to = to;
            _length = segmentBytes;
            _shift = BitOperations.Log2((uint)segmentBytes);
            _block = Math.Min(L1Bytes, segmentBytes);
            _segment = new byte[segmentBytes];
            _primes = primes;
            // Small: many multiples per L1 block, worth crossing block by block (below 0.175 of the block, about
            // primesieve's bound). Big: even the smallest step (2·(p / 30) bytes) passes the segment, so a prime hits a segment at
            // most once. Medium: between, crossed over the whole segment.
            int smallEnd = UpperBound(primes, (uint)(_block * 0.175));
            _bigStart = UpperBound(primes, (uint)Math.Min(uint.MaxValue, 15L * segmentBytes));
            _state = new Sieving[_bigStart];
            _bounds = new int[17];
            int k = 0;
            for (int tier = 0; tier < 2; tier++)
            {
                int lo = tier == 0 ? 0 : smallEnd, hi = tier == 0 ? smallEnd : _bigStart;
                for (int c = 0; c < 8; c++)
                {
                    _bounds[tier * 8 + c] = k;
                    for (int i = lo; i < hi; i++)
                    {
                        if (ResidueIndex(primes[i]) == c)
                            _state[k++].A = (int)(primes[i] / 30);
                    }
                }
            }
            _bounds[16] = k;
        }

        private static int UpperBound(uint[] primes, uint limit)
        {
            int i = Array.BinarySearch(primes, limit);
            return i >= 0 ? i : ~i;
        }

        public long CountBytes(long first, long end)
        {
            long count = 0;
            Visit(first, end, (_, bits) =>
            {
                count += PopCount(bits);
                return true;
            });
            return count;
        }

        /// <summary>Sieves bytes [first, end) segment by segment, handing each to <paramref name="visit"/>.</summary>
        public void Visit(long first, long end, SegmentVisitor visit)
        {
            Start(first);
            int segment = 0;
            for (long lo = first; lo < end; lo += _length, segment++)
            {
                int length = (int)Math.Min(_length, end - lo);
                Span<byte> bits = _segment.AsSpan(0, length);
                // Block by block, pre-sieved and then crossed by the small primes while it is in the L1 cache.
                for (int b = 0; b < length; b += _block)
                {
                    Span<byte> block = bits.Slice(b, Math.Min(_block, length - b));
                    PreSieve.Fill(block, lo + b);
                    CrossTier(block, 0);
                }
                CrossTier(bits, 1);
                _buckets?.Cross(bits, segment, this, lo);
                FixEdges(bits, lo);
                if (!visit((ulong)lo * 30, bits))
                    return;
            }
        }

        /// <summary>Each small and medium prime's first multiple at or after byte <paramref name="first"/>.</summary>
        private void Start(long first)
        {
            ReadOnlySpan<byte> residues = Residues;
            for (int g = 0; g < 16; g++)
            {
                for (int k = _bounds[g]; k < _bounds[g + 1]; k++)
                {
                    uint p = (uint)_state[k].A * 30 + residues[g & 7];
                    (long at, int wheel) = FirstMultiple(p, first);
                    _state[k].Offset = at - first;
                    _state[k].Wheel = wheel;
                }
            }
            _buckets = _bigStart < _primes.Length ? new Buckets(_primes, _bigStart, first, _length, _shift) : null;
        }

        /// <summary>
        /// The first multiple p·q ≥ max(p², 30·<paramref name="firstByte"/>) with q coprime to 30: its byte, and q's
        /// wheel index.
        /// </summary>
        internal static (long Byte, int Wheel) FirstMultiple(uint p, long firstByte)
        {
            ulong low = Math.Max((ulong)p * p, (ulong)firstByte * 30);
            ulong q = (low + p - 1) / p;
            ulong c = q / 30;
            int wheel = WheelIndexAtOrAbove[(int)(q % 30)];
            return (ByteOf(p, c, wheel), wheel & 7);
        }

        /// <summary>The byte of p·(30c + Residues[wheel]) (wheel 8 is the next turn's 1).</summary>
        private static long ByteOf(uint p, ulong c, int wheel)
        {
            uint a = p / 30, b = p % 30;
            return (long)((ulong)p * c + a * Residues[wheel] + b * Residues[wheel] / 30);
        }

        /// <summary>For r in 0..29, the index of the first residue ≥ r (8 when r > 29 wraps; never here).</summary>
        private static ReadOnlySpan<byte> WheelIndexAtOrAbove =>
            [0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 7, 7];

        /// <summary>Crosses off tier <paramref name="tier"/>'s primes (0 small, 1 medium) in <paramref name="bits"/>, class by class.</summary>
        private void CrossTier(Span<byte> bits, int tier)
        {
            ref byte s = ref MemoryMarshal.GetReference(bits);
            Span<Sieving> state = _state;
            ReadOnlySpan<int> b = _bounds.AsSpan(tier * 8, 9);
            Cross<R1>(ref s, bits.Length, state[b[0]..b[1]]);
            Cross<R7>(ref s, bits.Length, state[b[1]..b[2]]);
            Cross<R11>(ref s, bits.Length, state[b[2]..b[3]]);
            Cross<R13>(ref s, bits.Length, state[b[3]..b[4]]);
            Cross<R17>(ref s, bits.Length, state[b[4]..b[5]]);
            Cross<R19>(ref s, bits.Length, state[b[5]..b[6]]);
            Cross<R23>(ref s, bits.Length, state[b[6]..b[7]]);
            Cross<R29>(ref s, bits.Length, state[b[7]..b[8]]);
        }

        /// <summary>
        /// Crosses off the multiples in [0, <paramref name="length"/>) of primes p = 30a + R.B. A turn of the wheel
        /// (q from 30c + 1 to 30c + 29) puts p's eight multiples at constant offsets o0 … o7 from the turn's byte
        /// t = p·c, with masks known here, so whole turns are eight immediate ANDs. A prime enters at the label of its
        /// next multiple's wheel index (W0 … W7, checked steps), and leaves at the first checked step past the end: the
        /// same eight checked steps start and finish every prime, with no table lookups.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Cross<R>(ref byte s, int length, Span<Sieving> primes) where R : struct, IResidue
        {
            nint end = length;
            for (int i = 0; i < primes.Length; i++)
            {
                ref Sieving prime = ref primes[i];
                long at = prime.Offset;
                if (at >= end)
                {
                    prime.Offset = at - end;
                    continue;
                }
                nint a = prime.A;
                nint o1 = a * 7 + R.F1, o2 = a * 11 + R.F2, o3 = a * 13 + R.F3, o4 = a * 17 + R.F4;
                nint o5 = a * 19 + R.F5, o6 = a * 23 + R.F6, o7 = a * 29 + R.F7;
                nint t;
                switch (prime.Wheel)
                {
                    case 0: t = (nint)at - a; goto W0;
                    case 1: t = (nint)at - o1; goto W1;
                    case 2: t = (nint)at - o2; goto W2;
                    case 3: t = (nint)at - o3; goto W3;
                    case 4: t = (nint)at - o4; goto W4;
                    case 5: t = (nint)at - o5; goto W5;
                    case 6: t = (nint)at - o6; goto W6;
                    default: t = (nint)at - o7; goto W7;
                }
            W0:
                if (t + a >= end) { prime.Offset = t + a - end; prime.Wheel = 0; continue; }
                Unsafe.Add(ref s, t + a) &= R.M0;
            W1:
                if (t + o1 >= end) { prime.Offset = t + o1 - end; prime.Wheel = 1; continue; }
                Unsafe.Add(ref s, t + o1) &= R.M1;
            W2:
                if (t + o2 >= end) { prime.Offset = t + o2 - end; prime.Wheel = 2; continue; }
                Unsafe.Add(ref s, t + o2) &= R.M2;
            W3:
                if (t + o3 >= end) { prime.Offset = t + o3 - end; prime.Wheel = 3; continue; }
                Unsafe.Add(ref s, t + o3) &= R.M3;
            W4:
                if (t + o4 >= end) { prime.Offset = t + o4 - end; prime.Wheel = 4; continue; }
                Unsafe.Add(ref s, t + o4) &= R.M4;
            W5:
                if (t + o5 >= end) { prime.Offset = t + o5 - end; prime.Wheel = 5; continue; }
                Unsafe.Add(ref s, t + o5) &= R.M5;
            W6:
                if (t + o6 >= end) { prime.Offset = t + o6 - end; prime.Wheel = 6; continue; }
                Unsafe.Add(ref s, t + o6) &= R.M6;
            W7:
                if (t + o7 >= end) { prime.Offset = t + o7 - end; prime.Wheel = 7; continue; }
                Unsafe.Add(ref s, t + o7) &= R.M7;
                // Whole turns while the turn's last multiple is inside, then back to the checked steps.
                t = Turns<R>(ref s, t + a * 30 + R.B, end - o7, a);
                goto W0;
            }
        }

        /// <summary>
        /// Whole wheel turns of p = 30a + R.B from turn byte <paramref name="t"/> while t &lt; <paramref name="last"/>:
        /// eight immediate ANDs each; returns the first turn not done. Not inlined: alone, its eight offsets stay in
        /// registers (in <see cref="Cross"/> they spilled to the stack, and each AND reloaded one).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
        private static nint Turns<R>(ref byte s, nint t, nint last, nint a) where R : struct, IResidue
        {
            nint o1 = a * 7 + R.F1, o2 = a * 11 + R.F2, o3 = a * 13 + R.F3, o4 = a * 17 + R.F4;
            nint o5 = a * 19 + R.F5, o6 = a * 23 + R.F6, o7 = a * 29 + R.F7, step = a * 30 + R.B;
            for (; t < last; t += step)
            {
                ref byte turn = ref Unsafe.Add(ref s, t);
                Unsafe.Add(ref turn, a) &= R.M0;
                Unsafe.Add(ref turn, o1) &= R.M1;
                Unsafe.Add(ref turn, o2) &= R.M2;
                Unsafe.Add(ref turn, o3) &= R.M3;
                Unsafe.Add(ref turn, o4) &= R.M4;
                Unsafe.Add(ref turn, o5) &= R.M5;
                Unsafe.Add(ref turn, o6) &= R.M6;
                Unsafe.Add(ref turn, o7) &= R.M7;
            }
            return t;
        }

        /// <summary>Clears one multiple and moves to the next: q from Residues[wheel] to the next residue (the buckets' step).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Step(ref byte s, ref int offset, ref int wheel, int a, int pi)
        {
            nint k = pi * 8 + wheel;
            Unsafe.Add(ref s, offset) &= Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Tables.Mask), k);
            offset += a * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Tables.Gap), wheel)
                + Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Tables.Carry), k);
            wheel = (wheel + 1) & 7;
        }

        /// <summary>The first bytes the pattern gets wrong (1, and the pre-sieved primes) (1, and the pre-sieved primes), and the range's ends.</summary>
        private void FixEdges(Span<byte> bits, long lo)
        {
            for (long k = lo; k < Tables.PreSievedBytes.Length && k < lo + bits.Length; k++)
                bits[(int)(k - lo)] = Tables.PreSievedBytes[(int)k];
            long firstByte = (long)(_from / 30), lastByte = (long)((_to - 1) / 30);
            if (firstByte >= lo && firstByte < lo + bits.Length)
                bits[(int)(firstByte - lo)] &= Tables.AtOrAbove((int)(_from % 30));
            if (lastByte >= lo && lastByte < lo + bits.Length)
                bits[(int)(lastByte - lo)] &= (byte)~Tables.AtOrAbove((int)((_to - 1) % 30) + 1);
        }

        internal static int ResidueIndex(uint p) => Tables.IndexOfResidue[(int)(p % 30)];

        /// <summary>
        /// Primes larger than 15 segments' worth: bucket r of <see cref="_ring"/> holds the primes whose next multiple
        /// falls in segment r (mod the ring's size); primes join when the sieve reaches their square.
        /// </summary>
        private sealed class Buckets
        {
            private readonly uint[] _primes;
            private int _next; // the next prime to join
            private readonly long _first;
            private readonly int _length, _shift, _mask;
            private readonly Entry[][] _ring;
            private readonly int[] _count;

            /// <summary>A prime (as a = p / 30 and its residue) and its next multiple's offset in its segment and wheel index.</summary>
            private readonly record struct Entry(uint A, uint Packed);

            public Buckets(uint[] primes, int firstBig, long first, int length, int shift)
            {
                _primes = primes;
                _next = firstBig;
                _first = first;
                _length = length;
                _shift = shift;
                // The largest step is under p/5 + 6 bytes: that many segments ahead, plus the current one.
                long ahead = (primes[^1] / 5 + 6) / length + 2;
                int size = (int)BitOperations.RoundUpToPowerOf2((uint)ahead);
                _mask = size - 1;
                _ring = new Entry[size][];
                _count = new int[size];
                for (int i = 0; i < size; i++)
                    _ring[i] = new Entry[16];
            }

            public void Cross(Span<byte> bits, int segment, Sieve sieve, long lo)
            {
                Join(lo + bits.Length);
                int slot = segment & _mask;
                Entry[] entries = _ring[slot];
                int n = _count[slot];
                _count[slot] = 0;
                ref byte s = ref MemoryMarshal.GetReference(bits);
                int length = bits.Length;
                for (int i = 0; i < n; i++)
                {
                    Entry e = entries[i];
                    int offset = (int)(e.Packed >> 6), pi = (int)(e.Packed >> 3) & 7, wheel = (int)e.Packed & 7;
                    if (offset >= length)
                        continue; // the last, short segment: the range ends before this multiple
                    Step(ref s, ref offset, ref wheel, (int)e.A, pi);
                    Add(segment + (offset >> _shift), e.A, offset & (_length - 1), pi, wheel);
                }
            }

            /// <summary>Adds the primes whose square is below byte <paramref name="end"/> (the current segment's end).</summary>
            private void Join(long end)
            {
                while (_next < _primes.Length && (ulong)_primes[_next] * _primes[_next] / 30 < (ulong)end)
                {
                    uint p = _primes[_next++];
                    (long at, int wheel) = FirstMultiple(p, _first);
                    long relative = at - _first;
                    Add((int)(relative >> _shift), p / 30, (int)(relative & (_length - 1)), ResidueIndex(p), wheel);
                }
            }

            private void Add(int segment, uint a, int offset, int pi, int wheel)
            {
                int slot = segment & _mask;
                ref Entry[] entries = ref _ring[slot];
                if (_count[slot] == entries.Length)
                    Array.Resize(ref entries, entries.Length * 2);
                entries[_count[slot]++] = new Entry(a, (uint)offset << 6 | (uint)pi << 3 | (uint)wheel);
            }
        }
    }

    /// <summary>Ones in a segment, eight bytes at a time.</summary>
    public static long PopCount(ReadOnlySpan<byte> bits)
    {
        long ones = 0;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(bits);
        for (int i = 0; i < words.Length; i++)
            ones += BitOperations.PopCount(words[i]);
        for (int i = words.Length * 8; i < bits.Length; i++)
            ones += BitOperations.PopCount(bits[i]);
        return ones;
    }

    /// <summary>The wheel's tables, derived once from <see cref="Residues"/>.</summary>
    internal static class Tables
    {
        /// <summary>For residue r mod 30, its bit (0–7), or 255 when r shares a factor with 30.</summary>
        public static readonly byte[] IndexOfResidue = Build(30, r => (byte)(Residues[..8].IndexOf((byte)r) is int i and >= 0 ? i : 255));

        /// <summary>Residues[w + 1] − Residues[w]: how far q moves on the wheel.</summary>
        public static readonly int[] Gap = Build(8, w => Residues[w + 1] - Residues[w]);

        /// <summary>
        /// For p = 30a + b (b the residue of index k / 8) and q at wheel index k % 8: the AND mask clearing p·q's bit,
        /// and the part of the byte step from p·q to p·q′ that does not depend on a (b·q′ / 30 − b·q / 30).
        /// </summary>
        public static readonly byte[] Mask = Build(64, k => (byte)~(1 << IndexOfResidue[Residues[k / 8] * Residues[k % 8] % 30]));

        public static readonly int[] Carry = Build(64, k => Residues[k / 8] * Residues[k % 8 + 1] / 30 - Residues[k / 8] * Residues[k % 8] / 30);

        /// <summary>The bytes up to the last pre-sieved prime (1 and the pre-sieved primes wrong in the pattern), with exactly their primes set.</summary>
        public static readonly byte[] PreSievedBytes = Build((int)(PreSieve.Largest / 30) + 1, k =>
        {
            int b = 0;
            for (int j = 0; j < 8; j++)
                b |= TrialDivision.IsPrime((ulong)(30 * k + Residues[j])) ? 1 << j : 0;
            return (byte)b;
        });

        /// <summary>The bits of a byte whose residue is ≥ r (r from 0 to 30).</summary>
        public static byte AtOrAbove(int r)
        {
            int b = 0;
            for (int j = 0; j < 8; j++)
                b |= Residues[j] >= r ? 1 << j : 0;
            return (byte)b;
        }

        private static T[] Build<T>(int n, Func<int, T> f) => Enumerable.Range(0, n).Select(f).ToArray();
    }

    /// <summary>
    /// The segment's starting state: every bit set except the multiples of 7 … 163, as 16 patterns that repeat every
    /// product of their primes bytes, instead of crossing those primes off segment by segment (they would be most of
    /// the crossings). The primes are grouped so that every period is about the same, 5,957 to 6,683 bytes (three
    /// small primes, or the k-th smallest of 41 … 163 with the k-th largest): 200 KiB for the 16 patterns stored twice
    /// over, so they stay in the L2 cache beside the segment instead of streaming from L3 (patterns of one product of
    /// 7 … 19, 323 KB, measurably did, with two threads). The patterns are combined four at a time, each pass reading
    /// four patterns and the block once: the first pass writes the block, the other three AND into it.
    /// </summary>
    internal static class PreSieve
    {
        public const uint Largest = 163;

        private static readonly (byte[] Bytes, int Period)[] s_patterns =
        [
            Pattern([7, 23, 37]), Pattern([11, 19, 31]), Pattern([13, 17, 29]), Pattern([41, 163]),
            Pattern([43, 157]), Pattern([47, 151]), Pattern([53, 149]), Pattern([59, 139]),
            Pattern([61, 137]), Pattern([67, 131]), Pattern([71, 127]), Pattern([73, 113]),
            Pattern([79, 109]), Pattern([83, 107]), Pattern([89, 103]), Pattern([97, 101]),
        ];

        /// <summary>The bits of the bytes starting at byte <paramref name="lo"/>, with the multiples of 7 … 163 cleared.</summary>
        public static void Fill(Span<byte> bits, long lo)
        {
            for (int g = 0; g < s_patterns.Length; g += 4)
                Combine(bits, lo, s_patterns.AsSpan(g, 4), write: g == 0);
        }

        /// <summary>
        /// bits = (or &amp;=) the AND of four patterns read from byte <paramref name="lo"/> on. Each pattern is stored
        /// twice over, so a stretch can run up to a whole period past any starting point before one of them must wrap.
        /// </summary>
        private static void Combine(Span<byte> bits, long lo, ReadOnlySpan<(byte[] Bytes, int Period)> patterns, bool write)
        {
            (byte[] p0, int n0) = patterns[0];
            (byte[] p1, int n1) = patterns[1];
            (byte[] p2, int n2) = patterns[2];
            (byte[] p3, int n3) = patterns[3];
            int a0 = (int)(lo % n0), a1 = (int)(lo % n1), a2 = (int)(lo % n2), a3 = (int)(lo % n3);
            for (int done = 0; done < bits.Length;)
            {
                int n = Math.Min(Math.Min(bits.Length - done, Math.Min(p0.Length - a0, p1.Length - a1)), Math.Min(p2.Length - a2, p3.Length - a3));
                And4(bits.Slice(done, n), p0.AsSpan(a0, n), p1.AsSpan(a1, n), p2.AsSpan(a2, n), p3.AsSpan(a3, n), write);
                done += n;
                a0 = (a0 + n) % n0;
                a1 = (a1 + n) % n1;
                a2 = (a2 + n) % n2;
                a3 = (a3 + n) % n3;
            }
        }

        private static void And4(Span<byte> target, ReadOnlySpan<byte> s0, ReadOnlySpan<byte> s1, ReadOnlySpan<byte> s2, ReadOnlySpan<byte> s3, bool write)
        {
            int i = 0;
            if (Vector.IsHardwareAccelerated)
            {
                Span<Vector<byte>> t = MemoryMarshal.Cast<byte, Vector<byte>>(target);
                int vectors = t.Length, bytes = vectors * Vector<byte>.Count;
                ReadOnlySpan<Vector<byte>> v0 = MemoryMarshal.Cast<byte, Vector<byte>>(s0[..bytes]), v1 = MemoryMarshal.Cast<byte, Vector<byte>>(s1[..bytes]);
                ReadOnlySpan<Vector<byte>> v2 = MemoryMarshal.Cast<byte, Vector<byte>>(s2[..bytes]), v3 = MemoryMarshal.Cast<byte, Vector<byte>>(s3[..bytes]);
                if (write)
                {
                    for (int v = 0; v < vectors; v++)
                        t[v] = v0[v] & v1[v] & v2[v] & v3[v];
                }
                else
                {
                    for (int v = 0; v < vectors; v++)
                        t[v] &= v0[v] & v1[v] & v2[v] & v3[v];
                }
                i = bytes;
            }
            for (; i < target.Length; i++)
                target[i] = (byte)((write ? 0xFF : target[i]) & s0[i] & s1[i] & s2[i] & s3[i]);
        }

        /// <summary>Two periods of the bytes with the multiples of <paramref name="primes"/> cleared, and the period.</summary>
        private static (byte[] Bytes, int Period) Pattern(uint[] primes)
        {
            long period = primes.Aggregate(1L, (x, p) => x * p);
            var bytes = new byte[2 * period];
            bytes.AsSpan().Fill(0xFF);
            foreach (uint p in primes)
            {
                // Every multiple p·q in the period with q coprime to 30 (the others have no bit).
                for (ulong c = 0; ; c++)
                {
                    for (int j = 0; j < 8; j++)
                    {
                        ulong m = p * (30 * c + Residues[j]);
                        if (m >= 30 * (ulong)bytes.Length)
                            goto next;
                        bytes[m / 30] &= Tables.Mask[Sieve.ResidueIndex(p) * 8 + j];
                    }
                }
            next:;
            }
            return (bytes, (int)period);
        }
    }

    /// <summary>
    /// A residue class b of the sieving primes: F<em>j</em> = b·Residues[j] / 30, and M<em>j</em> the mask clearing
    /// the bit of b·Residues[j] mod 30. Constants, so each class's <c>Cross</c> compiles to eight immediate ANDs.
    /// The tests check them against <see cref="Tables"/>.
    /// </summary>
    internal interface IResidue
    {
        static abstract int B { get; }
        static abstract int F1 { get; }
        static abstract int F2 { get; }
        static abstract int F3 { get; }
        static abstract int F4 { get; }
        static abstract int F5 { get; }
        static abstract int F6 { get; }
        static abstract int F7 { get; }
        static abstract byte M0 { get; }
        static abstract byte M1 { get; }
        static abstract byte M2 { get; }
        static abstract byte M3 { get; }
        static abstract byte M4 { get; }
        static abstract byte M5 { get; }
        static abstract byte M6 { get; }
        static abstract byte M7 { get; }
    }

#pragma warning disable format // one line per residue class: the tables read as tables
    internal struct R1 : IResidue { public static int B => 1; public static int F1 => 0; public static int F2 => 0; public static int F3 => 0; public static int F4 => 0; public static int F5 => 0; public static int F6 => 0; public static int F7 => 0; public static byte M0 => 0xFE; public static byte M1 => 0xFD; public static byte M2 => 0xFB; public static byte M3 => 0xF7; public static byte M4 => 0xEF; public static byte M5 => 0xDF; public static byte M6 => 0xBF; public static byte M7 => 0x7F; }
    internal struct R7 : IResidue { public static int B => 7; public static int F1 => 1; public static int F2 => 2; public static int F3 => 3; public static int F4 => 3; public static int F5 => 4; public static int F6 => 5; public static int F7 => 6; public static byte M0 => 0xFD; public static byte M1 => 0xDF; public static byte M2 => 0xEF; public static byte M3 => 0xFE; public static byte M4 => 0x7F; public static byte M5 => 0xF7; public static byte M6 => 0xFB; public static byte M7 => 0xBF; }
    internal struct R11 : IResidue { public static int B => 11; public static int F1 => 2; public static int F2 => 4; public static int F3 => 4; public static int F4 => 6; public static int F5 => 6; public static int F6 => 8; public static int F7 => 10; public static byte M0 => 0xFB; public static byte M1 => 0xEF; public static byte M2 => 0xFE; public static byte M3 => 0xBF; public static byte M4 => 0xFD; public static byte M5 => 0x7F; public static byte M6 => 0xF7; public static byte M7 => 0xDF; }
    internal struct R13 : IResidue { public static int B => 13; public static int F1 => 3; public static int F2 => 4; public static int F3 => 5; public static int F4 => 7; public static int F5 => 8; public static int F6 => 9; public static int F7 => 12; public static byte M0 => 0xF7; public static byte M1 => 0xFE; public static byte M2 => 0xBF; public static byte M3 => 0xDF; public static byte M4 => 0xFB; public static byte M5 => 0xFD; public static byte M6 => 0x7F; public static byte M7 => 0xEF; }
    internal struct R17 : IResidue { public static int B => 17; public static int F1 => 3; public static int F2 => 6; public static int F3 => 7; public static int F4 => 9; public static int F5 => 10; public static int F6 => 13; public static int F7 => 16; public static byte M0 => 0xEF; public static byte M1 => 0x7F; public static byte M2 => 0xFD; public static byte M3 => 0xFB; public static byte M4 => 0xDF; public static byte M5 => 0xBF; public static byte M6 => 0xFE; public static byte M7 => 0xF7; }
    internal struct R19 : IResidue { public static int B => 19; public static int F1 => 4; public static int F2 => 6; public static int F3 => 8; public static int F4 => 10; public static int F5 => 12; public static int F6 => 14; public static int F7 => 18; public static byte M0 => 0xDF; public static byte M1 => 0xF7; public static byte M2 => 0x7F; public static byte M3 => 0xFD; public static byte M4 => 0xBF; public static byte M5 => 0xFE; public static byte M6 => 0xEF; public static byte M7 => 0xFB; }
    internal struct R23 : IResidue { public static int B => 23; public static int F1 => 5; public static int F2 => 8; public static int F3 => 9; public static int F4 => 13; public static int F5 => 14; public static int F6 => 17; public static int F7 => 22; public static byte M0 => 0xBF; public static byte M1 => 0xFB; public static byte M2 => 0xF7; public static byte M3 => 0x7F; public static byte M4 => 0xFE; public static byte M5 => 0xEF; public static byte M6 => 0xDF; public static byte M7 => 0xFD; }
    internal struct R29 : IResidue { public static int B => 29; public static int F1 => 6; public static int F2 => 10; public static int F3 => 12; public static int F4 => 16; public static int F5 => 18; public static int F6 => 22; public static int F7 => 28; public static byte M0 => 0x7F; public static byte M1 => 0xBF; public static byte M2 => 0xDF; public static byte M3 => 0xEF; public static byte M4 => 0xF7; public static byte M5 => 0xFB; public static byte M6 => 0xFD; public static byte M7 => 0xFE; }
#pragma warning restore format
}
