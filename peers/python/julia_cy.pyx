# cython: language_level=3, boundscheck=False, wraparound=False
# The book's Cython rung (Gorelick & Ozsvald, "High Performance Python", ch. 7, cythonfn.pyx): the pure-Python
# loop over lists of complex with typed locals, |z|^2 < 4 instead of abs(z) < 2, compiled to C.


def calculate_z(int maxiter, zs, cs):
    """Calculate output list using Julia update rule"""
    cdef unsigned int i, n
    cdef double complex z, c
    output = [0] * len(zs)
    for i in range(len(zs)):
        n = 0
        z = zs[i]
        c = cs[i]
        while n < maxiter and (z.real * z.real + z.imag * z.imag) < 4:
            z = z * z + c
            n += 1
        output[i] = n
    return output
