/*
 * HyperSharp's UniformStream: element i of seed s is (mix64(mix64(s) + (i + 1) * GAMMA) >> 11) * 2^-52 - 1, a double
 * in [-1, 1) computed exactly, so the peers draw the very inputs the C# rungs get without an input file.
 */
#ifndef HYPERSHARP_UNIFORM_H
#define HYPERSHARP_UNIFORM_H
#include <stdint.h>

#define UNIFORM_GAMMA 0x9E3779B97F4A7C15ULL

static inline uint64_t uniform_mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static inline uint64_t uniform_key(long long seed) { return uniform_mix64((uint64_t)seed); }

static inline double uniform_at(uint64_t key, long long i)
{
    return (double)(uniform_mix64(key + ((uint64_t)i + 1) * UNIFORM_GAMMA) >> 11) * 0x1p-52 - 1.0;
}
#endif
