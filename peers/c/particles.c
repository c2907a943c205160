/*
 * HyperSharp peer: particle simulator (Lanaro, "Python High Performance", ch. 1)
 * hand-written in C with AVX-512 intrinsics and OpenMP.
 *
 * Layout is struct-of-arrays. The step loop is interchanged with the particle
 * loop: particles are independent, so each block of 8*INTERLEAVE particles
 * (64 by default) is loaded into registers once, advanced through ALL steps,
 * and stored once. Threads split the blocks statically and never synchronise
 * between steps.
 *
 * Variants:
 *   sqrtdiv  sqrt + two divisions; bit-identical to the scalar formula
 *            (requires -ffp-contract=off so mul+add is never fused).
 *   rsqrt    rsqrt14 estimate refined by two Newton steps, fused multiply-adds.
 *
 * Build: gcc -O3 -march=native -fno-math-errno -ffp-contract=off -fopenmp \
 *            particles.c -o build/particles -lm
 */
#include "peer.h"
#include <immintrin.h>
#include <stdint.h>

enum variant { V_SQRTDIV, V_RSQRT };

/*
 * Independent vectors per block, in flight together to cover div/sqrt latency.
 * Override with -DINTERLEAVE=N (make INTERLEAVE=N); at most 8 keeps x, y, dt*w
 * and the constants in the 32 zmm registers.
 */
#define LANES 8
#ifndef INTERLEAVE
#define INTERLEAVE 8
#endif
#define BLOCK (LANES * INTERLEAVE)

static const char *rung_name(enum variant v) { return v == V_SQRTDIV ? "c-sqrtdiv" : "c-rsqrt"; }

/* ---- kernels ---------------------------------------------------------------- */

/*
 * The kernels carry their own target attribute so the file still compiles where
 * -march=native lacks AVX-512; main() checks the CPU before calling them.
 */
#define AVX512 __attribute__((target("avx512f")))

/*
 * One step for one vector, same op order as the scalar reference. The sign of
 * vx = -y/norm is folded into the update: x - dtw*(y/norm) is bit-identical to
 * x + dtw*((-y)/norm) because IEEE negation is exact and a - b == a + (-b).
 */
static inline __attribute__((always_inline)) AVX512 void
step_sqrtdiv(__m512d *x, __m512d *y, __m512d dtw)
{
    __m512d norm = _mm512_sqrt_pd(_mm512_add_pd(_mm512_mul_pd(*x, *x), _mm512_mul_pd(*y, *y)));
    __m512d vx = _mm512_div_pd(*y, norm);
    __m512d vy = _mm512_div_pd(*x, norm);
    *x = _mm512_sub_pd(*x, _mm512_mul_pd(dtw, vx));
    *y = _mm512_add_pd(*y, _mm512_mul_pd(dtw, vy));
}

/*
 * No divider: rsqrt14 estimate, two Newton steps r = r*(1.5 - (a/2)*r*r), and
 * fused multiply-adds (explicit intrinsics, so -ffp-contract=off does not stop
 * them). The same formulation as HyperSharp's fastmath rung: k = dt*w/norm,
 * x' = x - k*y, y' = y + k*x.
 */
static inline __attribute__((always_inline)) AVX512 void
step_rsqrt(__m512d *x, __m512d *y, __m512d dtw, __m512d half, __m512d threehalf)
{
    __m512d a = _mm512_fmadd_pd(*x, *x, _mm512_mul_pd(*y, *y));
    __m512d ha = _mm512_mul_pd(half, a);
    __m512d r = _mm512_rsqrt14_pd(a);
    r = _mm512_mul_pd(r, _mm512_fnmadd_pd(ha, _mm512_mul_pd(r, r), threehalf));
    r = _mm512_mul_pd(r, _mm512_fnmadd_pd(ha, _mm512_mul_pd(r, r), threehalf));
    __m512d k = _mm512_mul_pd(dtw, r);
    __m512d x0 = *x;
    *x = _mm512_fnmadd_pd(k, *y, x0);
    *y = _mm512_fmadd_pd(k, x0, *y);
}

/*
 * Advances particles [lo, lo+BLOCK) through all steps. m[k] selects the live
 * lanes of a partial tail block (masked loads/stores; dead lanes are fed
 * x=1, y=0, w=0 so they never divide by zero).
 */
static inline __attribute__((always_inline)) AVX512 void
evolve_block(enum variant v, double *restrict px, double *restrict py, const double *restrict pw,
             size_t lo, size_t n, long steps, double dt)
{
    const __m512d vdt = _mm512_set1_pd(dt);
    const __m512d half = _mm512_set1_pd(0.5), threehalf = _mm512_set1_pd(1.5);
    __m512d x[INTERLEAVE], y[INTERLEAVE], dtw[INTERLEAVE];
    __mmask8 m[INTERLEAVE];

    for (int k = 0; k < INTERLEAVE; k++) {
        size_t base = lo + (size_t)k * LANES;
        size_t live = base >= n ? 0 : (n - base >= LANES ? LANES : n - base);
        m[k] = (__mmask8)((1u << live) - 1u);
        x[k] = _mm512_mask_loadu_pd(_mm512_set1_pd(1.0), m[k], px + base);
        y[k] = _mm512_maskz_loadu_pd(m[k], py + base);
        dtw[k] = _mm512_mul_pd(vdt, _mm512_maskz_loadu_pd(m[k], pw + base));
    }

    if (v == V_SQRTDIV) {
        for (long s = 0; s < steps; s++)
            for (int k = 0; k < INTERLEAVE; k++) step_sqrtdiv(&x[k], &y[k], dtw[k]);
    } else {
        for (long s = 0; s < steps; s++)
            for (int k = 0; k < INTERLEAVE; k++) step_rsqrt(&x[k], &y[k], dtw[k], half, threehalf);
    }

    for (int k = 0; k < INTERLEAVE; k++) {
        size_t base = lo + (size_t)k * LANES;
        if (m[k] == 0) continue;
        _mm512_mask_storeu_pd(px + base, m[k], x[k]);
        _mm512_mask_storeu_pd(py + base, m[k], y[k]);
    }
}

static AVX512 void evolve(enum variant v, double *px, double *py, const double *pw, size_t n,
                          long steps, double dt)
{
    long nblocks = (long)((n + BLOCK - 1) / BLOCK);
    /* Separate instantiations so the variant branch is hoisted out of the hot loop. */
    if (v == V_SQRTDIV) {
#pragma omp parallel for schedule(static)
        for (long b = 0; b < nblocks; b++)
            evolve_block(V_SQRTDIV, px, py, pw, (size_t)b * BLOCK, n, steps, dt);
    } else {
#pragma omp parallel for schedule(static)
        for (long b = 0; b < nblocks; b++)
            evolve_block(V_RSQRT, px, py, pw, (size_t)b * BLOCK, n, steps, dt);
    }
}

int main(int argc, char **argv)
{
    peer_program = "particles";
    peer_system = "particles";
    const char *variant_s = NULL, *input = NULL;
    long long count = -1, steps = -1, threads = 1, repeats = 1, seed = 0;
    double dt = -1, t = 0;
    int dump = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--dump")) { dump = 1; continue; }
        if (i + 1 >= argc) peer_usage_error("missing value for", a);
        const char *val = argv[++i];
        if (!strcmp(a, "--variant")) variant_s = val;
        else if (!strcmp(a, "--input")) input = val;
        else if (!strcmp(a, "--count")) count = peer_parse_ll(val, a);
        else if (!strcmp(a, "--steps")) steps = peer_parse_ll(val, a);
        else if (!strcmp(a, "--dt")) dt = peer_parse_double(val, a);
        else if (!strcmp(a, "--time")) t = peer_parse_double(val, a);
        else if (!strcmp(a, "--seed")) seed = peer_parse_ll(val, a);
        else if (!strcmp(a, "--threads")) threads = peer_parse_ll(val, a);
        else if (!strcmp(a, "--answer")) peer_answer_open(val);
        else if (!strcmp(a, "--repeats")) repeats = peer_parse_ll(val, a);
        else peer_usage_error("unknown argument", a);
    }
    if (!variant_s) peer_usage_error("missing --variant", NULL);
    enum variant v;
    if (!strcmp(variant_s, "sqrtdiv")) v = V_SQRTDIV;
    else if (!strcmp(variant_s, "rsqrt")) v = V_RSQRT;
    else peer_usage_error("unknown variant (sqrtdiv|rsqrt)", variant_s);
    if (!input) peer_usage_error("missing --input", NULL);
    if (count < 1) peer_usage_error("--count must be >= 1", NULL);
    if (steps < 0) peer_usage_error("--steps must be >= 0", NULL);
    if (!(dt > 0)) peer_usage_error("--dt must be > 0", NULL);
    if (threads < 1) peer_usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) peer_usage_error("--repeats must be >= 1", NULL);

    const char *rung = rung_name(v);
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) peer_error_json(rung, "CPU lacks AVX-512F");

    size_t n = (size_t)count;
    double *init = malloc(3 * n * sizeof(double));
    double *px = aligned_alloc(64, ((n * sizeof(double) + 63) / 64) * 64);
    double *py = aligned_alloc(64, ((n * sizeof(double) + 63) / 64) * 64);
    if (!init || !px || !py) peer_error_json(rung, "out of memory");

    FILE *f = fopen(input, "rb");
    if (!f) peer_usage_error("cannot open input", input);
    size_t got = fread(init, sizeof(double), 3 * n, f);
    fclose(f);
    if (got != 3 * n) peer_usage_error("input file shorter than 3*count doubles", input);
    const double *ix = init, *iy = init + n, *iw = init + 2 * n;

    omp_set_num_threads((int)threads);

    double *secs = malloc((size_t)repeats * sizeof(double));
    for (long r = -1; r < repeats; r++) { /* r = -1 is the untimed warm-up */
        memcpy(px, ix, n * sizeof(double));
        memcpy(py, iy, n * sizeof(double));
        double t0 = peer_now();
        evolve(v, px, py, iw, n, steps, dt);
        double t1 = peer_now();
        if (r >= 0) secs[r] = t1 - t0;
    }

    double checksum = 0;
    for (size_t i = 0; i < n; i++) checksum += px[i] + py[i];
    if (dump)
        for (size_t i = 0; i < n; i++) fprintf(stderr, "%.17g %.17g\n", px[i], py[i]);

    /* fingerprint: all x, then all y, little-endian float64 */
    peer_sha256 sha;
    char fp[65];
    peer_sha256_init(&sha);
    peer_sha256_update_le(&sha, px, n, sizeof px[0]);
    peer_sha256_update_le(&sha, py, n, sizeof py[0]);
    peer_sha256_hex(&sha, fp);

    char spec[160], tbuf[32], dtbuf[32], cbuf[32], extra[32];
    snprintf(spec, sizeof spec, "\"count\":%lld,\"time\":%s,\"steps\":%lld,\"dt\":%s,\"seed\":%lld", count,
             peer_fmt_double(tbuf, sizeof tbuf, t), steps, peer_fmt_double(dtbuf, sizeof dtbuf, dt), seed);
    snprintf(extra, sizeof extra, " AVX-512 interleave %d", INTERLEAVE);
    peer_print_result(rung, spec, threads, repeats, secs, count * steps, "particle-steps/s",
                      peer_fmt_double(cbuf, sizeof cbuf, checksum), fp, extra);

    free(secs);
    free(init);
    free(px);
    free(py);
    return 0;
}
