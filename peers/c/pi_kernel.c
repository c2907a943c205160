/*
 * The Monte Carlo pi kernel (Lanaro ch. 7-8, Gorelick ch. 9-10) in C with OpenMP, shared by the peer program (pi.c)
 * and libhyperpeers.so (kernels.h). It draws the very counter-based stream of HyperSharp's PiStream (pi.c tells
 * how), so its hits equal the C# counter-stream rungs' hits exactly; use_avx512 picks the hand-written AVX-512
 * variant (the caller checks the CPU), else the plain C that gcc vectorises.
 */
#include "kernels.h"
#include <immintrin.h>

#define BLOCK_SHIFT 16
#define BLOCK_SIZE (1L << BLOCK_SHIFT)
#define GAMMA 0x9E3779B97F4A7C15ULL

static inline uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint64_t block_key(long seed, long block)
{
    return mix64(mix64((uint64_t)seed) + ((uint64_t)block + 1) * GAMMA);
}

/* Hits among the first `count` samples of the stream keyed `key`. */
static long count_block(uint64_t key, long count)
{
    const double scale = 1.0 / (double)(1L << 26);
    long hits = 0;
#pragma omp simd reduction(+ : hits)
    for (long k = 0; k < count; k++) {
        uint64_t u = mix64(key + (uint64_t)(k + 1) * GAMMA);
        double x = (double)(int64_t)(u >> 38) * scale;
        double y = (double)(int64_t)((u >> 12) & ((1UL << 26) - 1)) * scale;
        hits += x * x + y * y <= 1.0;
    }
    return hits;
}

#define AVX512 __attribute__((target("avx512f,avx512dq")))
#define INTERLEAVE 4

static inline __attribute__((always_inline)) AVX512 __m512i mix64_512(__m512i z)
{
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), _mm512_set1_epi64((long long)0xBF58476D1CE4E5B9ULL));
    z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), _mm512_set1_epi64((long long)0x94D049BB133111EBULL));
    return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

/* x, y = 1.m - 1 from the bit fields (exact), then the mask of x*x + y*y <= 1. */
static inline __attribute__((always_inline)) AVX512 __mmask8 hit_mask_512(__m512i counter)
{
    const __m512i field = _mm512_set1_epi64(0x000FFFFFFC000000LL), one_bits = _mm512_set1_epi64(0x3FF0000000000000LL);
    const __m512d one = _mm512_set1_pd(1.0);
    __m512i u = mix64_512(counter);
    __m512d x = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(_mm512_and_si512(_mm512_srli_epi64(u, 12), field), one_bits)), one);
    __m512d y = _mm512_sub_pd(_mm512_castsi512_pd(_mm512_or_si512(_mm512_and_si512(_mm512_slli_epi64(u, 14), field), one_bits)), one);
    __m512d r2 = _mm512_add_pd(_mm512_mul_pd(x, x), _mm512_mul_pd(y, y));
    return _mm512_cmp_pd_mask(r2, one, _CMP_LE_OQ);
}

static AVX512 long count_block_avx512(uint64_t key, long count)
{
    const long group = 8 * INTERLEAVE;
    long groups = count / group, hits = 0;
    __m512i c[INTERLEAVE];
    for (int r = 0; r < INTERLEAVE; r++)
        c[r] = _mm512_add_epi64(_mm512_set1_epi64((long long)(key + (uint64_t)(8 * r + 1) * GAMMA)),
                                _mm512_mullo_epi64(_mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0), _mm512_set1_epi64((long long)GAMMA)));
    const __m512i step = _mm512_set1_epi64((long long)((uint64_t)group * GAMMA));
    for (long g = 0; g < groups; g++) {
        for (int r = 0; r < INTERLEAVE; r++) {
            hits += __builtin_popcount(hit_mask_512(c[r]));
            c[r] = _mm512_add_epi64(c[r], step);
        }
    }
    long done = groups * group;  /* the tail, one sample at a time */
    uint64_t tail_key = key + (uint64_t)done * GAMMA;
    return hits + count_block(tail_key, count - done);
}

int64_t hp_pi_hits(int64_t samples, int64_t seed, int32_t use_avx512, int32_t threads)
{
    long blocks = (samples + BLOCK_SIZE - 1) >> BLOCK_SHIFT, hits = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : hits) num_threads(threads)
    for (long b = 0; b < blocks; b++) {
        long len = samples - (b << BLOCK_SHIFT);
        uint64_t key = block_key(seed, b);
        long n = len < BLOCK_SIZE ? len : BLOCK_SIZE;
        hits += use_avx512 ? count_block_avx512(key, n) : count_block(key, n);
    }
    return hits;
}
