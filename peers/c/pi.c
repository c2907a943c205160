/*
 * HyperSharp peer: Monte Carlo pi (Lanaro ch. 7-8, Gorelick ch. 9-10) in C with
 * OpenMP, drawing the very counter-based stream of HyperSharp's PiStream so
 * that its hits equal the C# counter-stream rungs' hits exactly:
 *
 *   samples are cut into blocks of 2^16; block b's SplitMix64 stream starts at
 *     key(seed, b) = mix64(mix64(seed) + (b + 1) * GAMMA)
 *   sample k of the block is the word u = mix64(key + (k + 1) * GAMMA);
 *   x = top 26 bits of u * 2^-26, y = next 26 bits * 2^-26;
 *   a hit is x*x + y*y <= 1 (exact: every value has at most 53 significant bits,
 *   so fused multiply-add or not, the answer is the same).
 *
 * Variants (--variant):
 *   auto     plain C that gcc vectorises (-O3 -march=native: AVX-512, vpmullq
 *            for the 64-bit multiplies);
 *   avx512   hand-written AVX-512 intrinsics, 4 registers of 8 counters in
 *            flight (the mixer is a chain of dependent multiplies), hits counted
 *            with compare masks and popcount.
 * OpenMP shares blocks between threads in both.
 *
 * Build: gcc -O3 -march=native -fopenmp pi.c -o build/pi
 */
#include "peer.h"
#include <immintrin.h>
#include <stdint.h>

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

static int use_avx512;

static long count_hits(long samples, long seed)
{
    long blocks = (samples + BLOCK_SIZE - 1) >> BLOCK_SHIFT, hits = 0;
#pragma omp parallel for schedule(dynamic, 1) reduction(+ : hits)
    for (long b = 0; b < blocks; b++) {
        long len = samples - (b << BLOCK_SHIFT);
        uint64_t key = block_key(seed, b);
        long n = len < BLOCK_SIZE ? len : BLOCK_SIZE;
        hits += use_avx512 ? count_block_avx512(key, n) : count_block(key, n);
    }
    return hits;
}

int main(int argc, char **argv)
{
    peer_program = "pi";
    peer_system = "pi";
    long long samples = -1, seed = 42, threads = 1, repeats = 1;
    const char *variant = "auto";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) peer_usage_error("missing value for", a);
        const char *val = argv[++i];
        if (!strcmp(a, "--variant")) variant = val;
        else if (!strcmp(a, "--samples")) samples = peer_parse_ll(val, a);
        else if (!strcmp(a, "--seed")) seed = peer_parse_ll(val, a);
        else if (!strcmp(a, "--threads")) threads = peer_parse_ll(val, a);
        else if (!strcmp(a, "--answer")) peer_answer_open(val);
        else if (!strcmp(a, "--repeats")) repeats = peer_parse_ll(val, a);
        else peer_usage_error("unknown argument", a);
    }
    if (samples < 1) peer_usage_error("--samples must be >= 1", NULL);
    if (threads < 1) peer_usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) peer_usage_error("--repeats must be >= 1", NULL);
    if (!strcmp(variant, "avx512")) use_avx512 = 1;
    else if (strcmp(variant, "auto")) peer_usage_error("unknown variant (auto|avx512)", variant);
    const char *rung = use_avx512 ? "c-avx512" : "c-openmp";
    __builtin_cpu_init();
    if (use_avx512 && !(__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")))
        peer_error_json(rung, "CPU lacks AVX-512F/DQ");
    omp_set_num_threads((int)threads);

    double *secs = malloc((size_t)repeats * sizeof(double));
    long hits = 0;
    for (long r = -1; r < repeats; r++) { /* r = -1 is the untimed warm-up */
        double t0 = peer_now();
        hits = count_hits(samples, seed);
        double t1 = peer_now();
        if (r >= 0) secs[r] = t1 - t0;
    }

    char spec[64], cbuf[32], fp[65];
    snprintf(spec, sizeof spec, "\"samples\":%lld,\"seed\":%lld", samples, seed);
    snprintf(cbuf, sizeof cbuf, "%ld", hits);
    peer_print_result(rung, spec, threads, repeats, secs, samples, "samples/s", cbuf, peer_fingerprint_i64(fp, hits), ""); /* the hits, int64 */
    free(secs);
    return 0;
}
