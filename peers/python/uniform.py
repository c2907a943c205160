"""HyperSharp's UniformStream in NumPy: element i of seed s is (mix64(mix64(s) + (i + 1)*GAMMA) >> 11) * 2**-52 - 1,
exact in float64, so the peers draw the very inputs the C# rungs get. uint64 arithmetic wraps as in C."""

GAMMA = 0x9E3779B97F4A7C15
CHUNK = 1 << 22


def _mix64(np, z):
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def key(seed):
    z = seed & 0xFFFFFFFFFFFFFFFF
    m = (1 << 64) - 1
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
    return z ^ (z >> 31)


def doubles(np, count, seed, first=0):
    """Elements [first, first + count) of the stream of seed, as a float64 array (in chunks to bound the temporaries)."""
    out = np.empty(count, dtype=np.float64)
    k = np.uint64(key(seed))
    with np.errstate(over="ignore"):
        for start in range(0, count, CHUNK):
            n = min(CHUNK, count - start)
            i = np.arange(first + start + 1, first + start + n + 1, dtype=np.uint64)
            u = _mix64(np, k + i * np.uint64(GAMMA))
            out[start:start + n] = (u >> np.uint64(11)).astype(np.float64) * 2.0 ** -52 - 1.0
    return out
