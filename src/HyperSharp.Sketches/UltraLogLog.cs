using System.Numerics;
using System.Runtime.CompilerServices;

namespace HyperSharp.Sketches;

/// <summary>
/// UltraLogLog (Ertl, "UltraLogLog: A Practical and More Space-Efficient Alternative to HyperLogLog", VLDB 2024): one
/// byte per register holding HyperLogLog's maximum update value and whether the two values below it were seen. With the
/// paper's closed-form estimator its relative standard error is ≈ 0.80/√m (against HyperLogLog's 1.04/√m), i.e. about
/// 22 % less space than 6-bit HyperLogLog registers and 41 % less than 8-bit ones for the same error. Mergeable
/// (register-wise, order-independent); serialized with <see cref="ToBytes"/>.
/// </summary>
public sealed class UltraLogLog : IDistinctSketch
{
    /// <summary>The smallest precision (16 registers).</summary>
    public const int MinPrecision = 4;

    /// <summary>The largest precision (2^24 registers, 16 MiB).</summary>
    public const int MaxPrecision = 24;

    // The estimator's constants (paper, section on the GRA-style estimator): the scale 1/(1.25 ln 2) and the
    // asymptotic relative variance 8317 ln 2 / 3528 − 1 ≈ 0.634 per register.
    private static readonly double s_scale = 1 / (1.25 * Math.Log(2));
    private static readonly double s_variance = 8317 * Math.Log(2) / 3528 - 1;

    internal static ReadOnlySpan<byte> Magic => "HSKU"u8;

    private readonly byte[] _registers;
    private readonly int _p;

    /// <summary>An empty sketch of 2^<paramref name="precision"/> one-byte registers.</summary>
    /// <param name="precision"><see cref="MinPrecision"/> to <see cref="MaxPrecision"/>.</param>
    public UltraLogLog(int precision = 14)
    {
        if (precision is < MinPrecision or > MaxPrecision)
            throw new ArgumentOutOfRangeException(nameof(precision), precision, $"precision must be {MinPrecision} to {MaxPrecision}");
        _p = precision;
        _registers = new byte[1 << precision];
    }

    private UltraLogLog(int precision, byte[] registers)
    {
        _p = precision;
        _registers = registers;
    }

    /// <summary>The precision p: the sketch has 2^p registers of one byte.</summary>
    public int Precision => _p;

    /// <inheritdoc/>
    public string Kind => "ull";

    /// <summary>The registers (read-only view).</summary>
    public ReadOnlySpan<byte> Registers => _registers;

    /// <inheritdoc/>
    public long StateBytes => _registers.Length;

    /// <summary>The theoretical relative standard error, √(0.634/m) ≈ 0.796/√m.</summary>
    public double RelativeStandardError => TheoreticalError(_p);

    /// <summary>√(0.634/m), the asymptotic relative standard error of UltraLogLog with 2^<paramref name="precision"/> registers.</summary>
    /// <param name="precision">The precision.</param>
    /// <returns>The relative standard error.</returns>
    public static double TheoreticalError(int precision) => Math.Sqrt(s_variance / (1 << precision));

    // A register r = (v << 2) | b: v the highest update value seen (1 … 65 − p, 0 = none), b's bit 1 whether v − 1 was
    // seen and bit 0 whether v − 2 was. Expanded, update value k is bit k + 1 of a mask (so v − 2 ≥ −1 stays a bit).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    // r = 0 needs no branch: the shift count −1 is taken mod 64, and 4 << 63 overflows to the empty mask.
    internal static ulong ToMask(byte r) => (4UL | (uint)(r & 3)) << ((r >> 2) - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte FromMask(ulong mask)
    {
        int v = 62 - BitOperations.LeadingZeroCount(mask);
        return (byte)((v << 2) | (int)((mask >> (v - 1)) & 3));
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddHash(ulong hash) => Update(ref _registers[(int)(hash >> (64 - _p))], hash, _p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(ref byte register, ulong hash, int p)
    {
        int k = BitOperations.LeadingZeroCount((hash << p) | (1UL << (p - 1))) + 1;
        register = FromMask(ToMask(register) | (1UL << (k + 1)));
    }

    /// <inheritdoc/>
    public void AddHashes(ReadOnlySpan<ulong> hashes)
    {
        ref byte registers = ref _registers[0];
        int p = _p;
        foreach (ulong h in hashes)
            Update(ref Unsafe.Add(ref registers, (nuint)(h >> (64 - p))), h, p);
    }

    /// <summary>Adds every item of <paramref name="other"/> (same precision): afterwards this sketch is the sketch of the union.</summary>
    /// <param name="other">A sketch of the same precision.</param>
    public void Merge(UltraLogLog other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._p != _p)
            throw new ArgumentException($"cannot merge precision {other._p} into precision {_p}", nameof(other));
        for (int i = 0; i < _registers.Length; i++)
        {
            ulong mask = ToMask(_registers[i]) | ToMask(other._registers[i]);
            if (mask != 0)
                _registers[i] = FromMask(mask);
        }
    }

    /// <summary>A copy that can be added to or merged without changing this one.</summary>
    /// <returns>The copy.</returns>
    public UltraLogLog Clone() => new(_p, (byte[])_registers.Clone());

    /// <inheritdoc/>
    public double Estimate()
    {
        // Registers with v ≤ 2 carry too little to weigh by 2^−v: they are counted (h0: empty, h1: v = 1, h2/h3: v = 2
        // without/with 1) and enter through the small-range correction; the others add c(b)·2^−v.
        Span<int> h = stackalloc int[4];
        double sum = 0;
        foreach (byte r in _registers)
        {
            int v = r >> 2;
            if (v <= 2)
            {
                h[v == 0 ? 0 : v == 1 ? 1 : 2 + ((r >> 1) & 1)]++;
                continue;
            }
            sum += Contribution(r & 3) * Math.ScaleB(1, -v);
        }
        sum *= 4;
        int m = _registers.Length;
        int alpha = h[0] + h[1];
        int beta = alpha + h[2] + h[3];
        if (beta > 0)
        {
            int gamma = beta + alpha + 2 * (h[0] + h[2]);
            double x = SmallRangeX(m, alpha, beta, gamma);
            sum += 0.25 * gamma + beta * x;
            if (alpha > 0)
            {
                double x2 = x * x;
                sum += 2.0 * alpha * x2;
                if (h[0] > 0)
                    sum += 4.0 * h[0] * Xi(x2 * x2 * x) / x;
            }
        }
        return s_scale * ((double)m * m) / sum;
    }

    /// <summary>The weight of a register above v = 2 by which of v − 1 (bit 1) and v − 2 (bit 0) were seen.</summary>
    private static double Contribution(int b) => b switch { 0 => 1.75, 1 => 0.75, 2 => 1.25, _ => 0.25 };

    /// <summary>ξ(x) = x + Σ_{k≥1} 2^k x^(2^k): the sum over the empty registers' unseen update values.</summary>
    private static double Xi(double x)
    {
        if (x <= 0)
            return 0;
        if (x >= 1)
            return double.PositiveInfinity;
        double sum = x, y = 2, previous;
        do
        {
            x *= x;
            previous = sum;
            sum += x * y;
            y += y;
        }
        while (sum != previous);
        return sum;
    }

    /// <summary>The small-range solution x = (estimate/m)-scaled root of the quadratic the low registers give, to the 4th power.</summary>
    private static double SmallRangeX(int m, int alpha, int beta, int gamma)
    {
        double mma = m - alpha;
        double m3b = m + 3.0 * beta;
        double x = (Math.Sqrt(4.0 * gamma * m3b + mma * mma) - mma) / (2 * m3b);
        x *= x;
        return x * x;
    }

    /// <summary>The sketch in the serialized format (version 1): the 2^p registers as they are.</summary>
    /// <returns>The bytes, ending in their checksum.</returns>
    public byte[] ToBytes()
    {
        byte[] bytes = SketchFormat.Frame(Magic, (byte)_p, 0, _registers.Length, out Span<byte> body);
        _registers.CopyTo(body);
        SketchFormat.Seal(bytes);
        return bytes;
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>, checking its magic, version, checksum and every register.</summary>
    /// <param name="bytes">The serialized sketch.</param>
    /// <returns>The sketch.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid UltraLogLog of this format.</exception>
    public static UltraLogLog FromBytes(ReadOnlySpan<byte> bytes)
    {
        const string What = "UltraLogLog sketch";
        ReadOnlySpan<byte> body = SketchFormat.Open(bytes, Magic, What, out byte p, out byte representation);
        if (p is < MinPrecision or > MaxPrecision || representation != 0)
            throw new InvalidDataException($"corrupt {What}: precision {p}, representation {representation}");
        if (body.Length != 1 << p)
            throw new InvalidDataException($"corrupt {What}: {body.Length} registers, expected {1 << p}");
        for (int i = 0; i < body.Length; i++)
        {
            byte r = body[i];
            int v = r >> 2;
            // No update value above 65 − p exists, none below 1: v = 1 has nothing below, v = 2 only 1 (bit 1).
            if (v > 65 - p || (v == 1 && (r & 3) != 0) || (v == 2 && (r & 1) != 0) || (v == 0 && r != 0))
                throw new InvalidDataException($"corrupt {What}: register {i} holds {r}");
        }
        return new UltraLogLog(p, body.ToArray());
    }
}
