namespace HyperSharp.Primes;

/// <summary>
/// Deterministic Miller–Rabin for every 64-bit number (the first twelve primes as bases suffice below 3.3·10²⁴), and
/// Pollard's rho (Brent's variant) to name a factor of a composite. 128-bit products keep mulmod exact.
/// </summary>
public static class MillerRabin
{
    private static readonly ulong[] s_bases = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

    /// <summary>Whether <paramref name="n"/> is prime; exact for every 64-bit number (0 and 1 are not).</summary>
    public static bool IsPrime(ulong n)
    {
        if (n < 2)
            return false;
        foreach (ulong p in s_bases)
        {
            if (n % p == 0)
                return n == p;
        }
        ulong d = n - 1;
        int r = 0;
        while ((d & 1) == 0)
        {
            d >>= 1;
            r++;
        }
        foreach (ulong a in s_bases)
        {
            if (IsWitness(a, d, r, n))
                return false;
        }
        return true;
    }

    /// <summary>A nontrivial factor of a composite <paramref name="n"/> (small primes first, then Pollard's rho).</summary>
    public static ulong Factor(ulong n)
    {
        if (n % 2 == 0)
            return 2;
        for (ulong p = 3; p < 1000 && p * p <= n; p += 2)
        {
            if (n % p == 0)
                return p;
        }
        for (ulong c = 1; ; c++)
        {
            ulong f = Rho(n, c);
            if (f != n)
                return f;
        }
    }

    private static bool IsWitness(ulong a, ulong d, int r, ulong n)
    {
        ulong x = PowMod(a, d, n);
        if (x == 1 || x == n - 1)
            return false;
        for (int i = 1; i < r; i++)
        {
            x = MulMod(x, x, n);
            if (x == n - 1)
                return false;
        }
        return true;
    }

    // Brent's cycle detection on x → x² + c (mod n), with products batched before each gcd.
    private static ulong Rho(ulong n, ulong c)
    {
        ulong y = 2, x = 2, q = 1, g = 1, ys = 2;
        const int batch = 128;
        for (ulong r = 1; g == 1; r <<= 1)
        {
            x = y;
            for (ulong i = 0; i < r; i++)
                y = Step(y);
            for (ulong k = 0; k < r && g == 1; k += batch)
            {
                ys = y;
                for (ulong i = 0; i < Math.Min(batch, r - k); i++)
                {
                    y = Step(y);
                    q = MulMod(q, x > y ? x - y : y - x, n);
                }
                g = Gcd(q, n);
            }
        }
        if (g == n)
        {
            do
            {
                ys = Step(ys);
                g = Gcd(x > ys ? x - ys : ys - x, n);
            } while (g == 1);
        }
        return g;

        ulong Step(ulong v) => (ulong)(((UInt128)v * v + c) % n);
    }

    private static ulong MulMod(ulong a, ulong b, ulong n) => (ulong)((UInt128)a * b % n);

    private static ulong PowMod(ulong b, ulong e, ulong n)
    {
        ulong result = 1;
        b %= n;
        while (e > 0)
        {
            if ((e & 1) != 0)
                result = MulMod(result, b, n);
            b = MulMod(b, b, n);
            e >>= 1;
        }
        return result;
    }

    private static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0)
            (a, b) = (b, a % b);
        return a;
    }
}
