namespace HyperSharp.Kernels;

/// <summary>
/// 64-bit integer arithmetic over one register of lanes, paired with the double lanes <typeparamref name="TReal"/> of
/// the same width (so a counter-based random generator and the floating-point test it feeds are written once).
/// Integer lanes are a different type from <see cref="ILaneMath{T}"/>'s double lanes, hence a sibling interface.
/// ILGPU kernels call the same formulas with <see cref="ScalarWordMath"/>.
/// </summary>
public interface IWordMath<TWord, TReal> where TWord : struct where TReal : struct
{
    /// <summary>64-bit words per register (equal to the double lanes of <typeparamref name="TReal"/>).</summary>
    static abstract int Lanes { get; }

    /// <summary><paramref name="value"/> in every lane.</summary>
    static abstract TWord Broadcast(ulong value);

    /// <summary>0, 1, 2, … in lane order.</summary>
    static abstract TWord Sequence();

    /// <summary>a + b per lane, wrapping.</summary>
    static abstract TWord Add(TWord a, TWord b);
    /// <summary>The low 64 bits of the product (wrapping).</summary>
    static abstract TWord Multiply(TWord a, TWord b);
    /// <summary>Bitwise exclusive or per lane.</summary>
    static abstract TWord Xor(TWord a, TWord b);
    /// <summary>Bitwise and per lane.</summary>
    static abstract TWord And(TWord a, TWord b);
    /// <summary>Logical (zero-filling) right shift of every lane by <paramref name="count"/> bits.</summary>
    static abstract TWord ShiftRight(TWord a, int count);
    /// <summary>Left shift of every lane by <paramref name="count"/> bits.</summary>
    static abstract TWord ShiftLeft(TWord a, int count);

    /// <summary>
    /// The double 0.m, where m is the 52-bit fraction in the low bits of <paramref name="fraction"/> (higher bits
    /// must be zero). Exact; vectors build 1.m from the bits and subtract 1.
    /// </summary>
    static abstract TReal Fraction(TWord fraction);

    /// <summary>In how many lanes a ≤ b (AVX-512: one compare into a mask register, then popcount).</summary>
    static abstract int CountLessOrEqual(TReal a, TReal b);
}
