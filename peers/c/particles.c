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
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <immintrin.h>
#include <math.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

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

/* ---- harness ---------------------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Shortest "%.Ng" that reads back to the same double, so 0.1 prints as 0.1. */
static const char *fmt_double(char *buf, size_t len, double v)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return buf;
}

static int cmp_double(const void *a, const void *b)
{
    double da = *(const double *)a, db = *(const double *)b;
    return (da > db) - (da < db);
}

static void usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "particles: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static void error_json(const char *rung, const char *reason)
{
    printf("{\"schema\":\"hypersharp/result@1\",\"system\":\"particles\",\"rung\":\"%s\","
           "\"kind\":\"peer\",\"error\":\"%s\"}\n",
           rung, reason);
    exit(3);
}

static long parse_long(const char *s, const char *name)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s) usage_error("bad integer for", name);
    return v;
}

static double parse_double(const char *s, const char *name)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s) usage_error("bad number for", name);
    return v;
}

int main(int argc, char **argv)
{
    const char *variant_s = NULL, *input = NULL;
    long count = -1, steps = -1, threads = 1, repeats = 1, seed = 0;
    double dt = -1, t = 0;
    int dump = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--dump")) { dump = 1; continue; }
        if (i + 1 >= argc) usage_error("missing value for", a);
        const char *val = argv[++i];
        if (!strcmp(a, "--variant")) variant_s = val;
        else if (!strcmp(a, "--input")) input = val;
        else if (!strcmp(a, "--count")) count = parse_long(val, a);
        else if (!strcmp(a, "--steps")) steps = parse_long(val, a);
        else if (!strcmp(a, "--dt")) dt = parse_double(val, a);
        else if (!strcmp(a, "--time")) t = parse_double(val, a);
        else if (!strcmp(a, "--seed")) seed = parse_long(val, a);
        else if (!strcmp(a, "--threads")) threads = parse_long(val, a);
        else if (!strcmp(a, "--repeats")) repeats = parse_long(val, a);
        else usage_error("unknown argument", a);
    }
    if (!variant_s) usage_error("missing --variant", NULL);
    enum variant v;
    if (!strcmp(variant_s, "sqrtdiv")) v = V_SQRTDIV;
    else if (!strcmp(variant_s, "rsqrt")) v = V_RSQRT;
    else usage_error("unknown variant (sqrtdiv|rsqrt)", variant_s);
    if (!input) usage_error("missing --input", NULL);
    if (count < 1) usage_error("--count must be >= 1", NULL);
    if (steps < 0) usage_error("--steps must be >= 0", NULL);
    if (!(dt > 0)) usage_error("--dt must be > 0", NULL);
    if (threads < 1) usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) usage_error("--repeats must be >= 1", NULL);

    const char *rung = rung_name(v);
    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) error_json(rung, "CPU lacks AVX-512F");

    size_t n = (size_t)count;
    double *init = malloc(3 * n * sizeof(double));
    double *px = aligned_alloc(64, ((n * sizeof(double) + 63) / 64) * 64);
    double *py = aligned_alloc(64, ((n * sizeof(double) + 63) / 64) * 64);
    if (!init || !px || !py) error_json(rung, "out of memory");

    FILE *f = fopen(input, "rb");
    if (!f) usage_error("cannot open input", input);
    size_t got = fread(init, sizeof(double), 3 * n, f);
    fclose(f);
    if (got != 3 * n) usage_error("input file shorter than 3*count doubles", input);
    const double *ix = init, *iy = init + n, *iw = init + 2 * n;

    omp_set_num_threads((int)threads);

    double *secs = malloc((size_t)repeats * sizeof(double));
    for (long r = -1; r < repeats; r++) { /* r = -1 is the untimed warm-up */
        memcpy(px, ix, n * sizeof(double));
        memcpy(py, iy, n * sizeof(double));
        double t0 = now_seconds();
        evolve(v, px, py, iw, n, steps, dt);
        double t1 = now_seconds();
        if (r >= 0) secs[r] = t1 - t0;
    }

    double checksum = 0;
    for (size_t i = 0; i < n; i++) checksum += px[i] + py[i];
    if (dump)
        for (size_t i = 0; i < n; i++) fprintf(stderr, "%.17g %.17g\n", px[i], py[i]);

    qsort(secs, (size_t)repeats, sizeof(double), cmp_double);
    double median = repeats % 2 ? secs[repeats / 2]
                                : 0.5 * (secs[repeats / 2 - 1] + secs[repeats / 2]);
    long long work = (long long)count * (long long)steps;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);

    char tbuf[32], dtbuf[32], cbuf[32];
    if (!isfinite(checksum)) snprintf(cbuf, sizeof cbuf, "null");
    else fmt_double(cbuf, sizeof cbuf, checksum);
    printf("{\"schema\":\"hypersharp/result@1\",\"system\":\"particles\",\"rung\":\"%s\","
           "\"kind\":\"peer\",\"implementation\":\"c\","
           "\"spec\":{\"count\":%ld,\"time\":%s,\"steps\":%ld,\"dt\":%s,\"seed\":%ld},"
           "\"threads\":%ld,\"repeats\":%ld,\"seconds\":%.9g,\"min_seconds\":%.9g,"
           "\"max_seconds\":%.9g,\"work\":%lld,\"throughput\":%.9g,"
           "\"unit\":\"particle-steps/s\",\"checksum\":%s,\"peak_working_set_bytes\":%ld,"
           "\"version\":\"gcc %d.%d.%d OpenMP %d AVX-512 interleave %d\"}\n",
           rung, count, fmt_double(tbuf, sizeof tbuf, t), steps, fmt_double(dtbuf, sizeof dtbuf, dt),
           seed, threads, repeats, median, secs[0], secs[repeats - 1], work,
           median > 0 ? (double)work / median : 0.0, cbuf, ru.ru_maxrss * 1024L, __GNUC__,
           __GNUC_MINOR__, __GNUC_PATCHLEVEL__, _OPENMP, INTERLEAVE);

    free(secs);
    free(init);
    free(px);
    free(py);
    return 0;
}
