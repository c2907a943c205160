/*
 * HyperSharp peer: the Julia set (Gorelick & Ozsvald, "High Performance Python", ch. 2, 7)
 * hand-written in C with AVX-512 intrinsics and OpenMP.
 *
 * The grid is the book's: x and y coordinates built by repeated float addition
 * (so some widths give width + 1 points). Each row is cut into blocks of
 * 8 * INTERLEAVE points; a block's lanes iterate z = z*z + c under a mask until
 * all of them have escaped (|z|^2 >= 4) or maxiter, and a lane's count grows
 * only while its mask bit is set. Rows are handed out dynamically
 * (schedule(dynamic, 1)): a row through the set costs maxiter iterations a
 * point, a row near the edge a few.
 *
 * z*z + c is rounded like Python's complex arithmetic: re = (x*x - y*y) + cr,
 * im = (x*y + y*x) + ci, never fused (-ffp-contract=off), so the counts equal
 * the book's: width 1000, maxiter 300 -> 33219980.
 *
 * Build: gcc -O3 -march=native -fno-math-errno -ffp-contract=off -fopenmp \
 *            julia.c -o build/julia -lm
 */
#include "peer.h"
#include <immintrin.h>
#include <stdint.h>

#define LANES 8
#ifndef INTERLEAVE
#define INTERLEAVE 6
#endif
#define BLOCK (LANES * INTERLEAVE)

static const double X1 = -1.8, X2 = 1.8, Y1 = -1.8, Y2 = 1.8;
static const double C_REAL = -0.62772, C_IMAG = -0.42193;

/* The kernels carry their own target so the file compiles without AVX-512; main() checks the CPU. */
#define AVX512 __attribute__((target("avx512f")))

/* The book's lists: start at one edge, add the step while short of the other. */
static double *book_axis(double from, double to, double step, int ascending, long *count)
{
    long cap = 16, n = 0;
    double *v = malloc((size_t)cap * sizeof(double));
    if (!v) return NULL;
    for (double c = from; ascending ? c < to : c > to; c += step) {
        if (n == cap) {
            double *grown = realloc(v, (size_t)(cap *= 2) * sizeof(double));
            if (!grown) { free(v); return NULL; }
            v = grown;
        }
        v[n++] = c;
    }
    *count = n;
    return v;
}

/* One point at a time, the book's while loop on |z|^2 < 4: the tail of a row. */
static int escape_scalar(double x, double y, int maxiter)
{
    int n = 0;
    while (n < maxiter) {
        double xx = x * x, yy = y * y, xy = x * y;
        if (!(xx + yy < 4.0)) break;
        x = (xx - yy) + C_REAL;
        y = (xy + xy) + C_IMAG;
        n++;
    }
    return n;
}

/* k independent registers of one block; counts kept as int32 lanes, incremented under the mask. */
static inline __attribute__((always_inline)) AVX512 void
block(const double *xs, double y0, int maxiter, int *out)
{
    const __m512d cr = _mm512_set1_pd(C_REAL), ci = _mm512_set1_pd(C_IMAG), four = _mm512_set1_pd(4.0);
    __m512d x[INTERLEAVE], y[INTERLEAVE];
    __m512i cnt[INTERLEAVE];
    __mmask8 act[INTERLEAVE];
    for (int k = 0; k < INTERLEAVE; k++) {
        x[k] = _mm512_loadu_pd(xs + k * LANES);
        y[k] = _mm512_set1_pd(y0);
        cnt[k] = _mm512_setzero_si512();
        act[k] = 0xFF;
    }
    const __m512i one = _mm512_set1_epi64(1);
    for (int n = 0; n < maxiter; n++) {
        unsigned any = 0;
        for (int k = 0; k < INTERLEAVE; k++) {
            __m512d xx = _mm512_mul_pd(x[k], x[k]), yy = _mm512_mul_pd(y[k], y[k]), xy = _mm512_mul_pd(x[k], y[k]);
            act[k] &= _mm512_cmp_pd_mask(_mm512_add_pd(xx, yy), four, _CMP_LT_OQ);
            any |= act[k];
            cnt[k] = _mm512_mask_add_epi64(cnt[k], act[k], cnt[k], one);
            x[k] = _mm512_add_pd(_mm512_sub_pd(xx, yy), cr);
            y[k] = _mm512_add_pd(_mm512_add_pd(xy, xy), ci);
        }
        if (!any) break;
    }
    for (int k = 0; k < INTERLEAVE; k++)
        _mm256_storeu_si256((__m256i *)(out + k * LANES), _mm512_cvtepi64_epi32(cnt[k]));
}

static AVX512 void julia(const double *xs, long nx, const double *ys, long ny, int maxiter, int *out)
{
#pragma omp parallel for schedule(dynamic, 1)
    for (long r = 0; r < ny; r++) {
        int *row = out + r * nx;
        long i = 0;
        for (; i + BLOCK <= nx; i += BLOCK) block(xs + i, ys[r], maxiter, row + i);
        for (; i < nx; i++) row[i] = escape_scalar(xs[i], ys[r], maxiter);
    }
}

int main(int argc, char **argv)
{
    peer_program = "julia";
    peer_system = "julia";
    const char *variant = NULL;
    long long width = -1, maxiter = -1, threads = 1, repeats = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) peer_usage_error("missing value for", a);
        const char *val = argv[++i];
        if (!strcmp(a, "--variant")) variant = val;
        else if (!strcmp(a, "--width")) width = peer_parse_ll(val, a);
        else if (!strcmp(a, "--maxiter")) maxiter = peer_parse_ll(val, a);
        else if (!strcmp(a, "--threads")) threads = peer_parse_ll(val, a);
        else if (!strcmp(a, "--answer")) peer_answer_open(val);
        else if (!strcmp(a, "--repeats")) repeats = peer_parse_ll(val, a);
        else peer_usage_error("unknown argument", a);
    }
    if (!variant || strcmp(variant, "avx512")) peer_usage_error("--variant must be avx512", variant);
    if (width < 1 || width > 40000) peer_usage_error("--width must be between 1 and 40000", NULL);
    if (maxiter < 1 || maxiter > 2147483647L) peer_usage_error("--maxiter must be between 1 and 2^31-1", NULL);
    if (threads < 1) peer_usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) peer_usage_error("--repeats must be >= 1", NULL);

    __builtin_cpu_init();
    if (!__builtin_cpu_supports("avx512f")) peer_error_json("c-avx512", "CPU lacks AVX-512F");

    long nx, ny;
    double *xs = book_axis(X1, X2, (X2 - X1) / (double)width, 1, &nx);
    double *ys = book_axis(Y2, Y1, (Y1 - Y2) / (double)width, 0, &ny);
    int *out = malloc((size_t)nx * (size_t)ny * sizeof(int));
    double *secs = malloc((size_t)repeats * sizeof(double));
    if (!xs || !ys || !out || !secs) peer_error_json("c-avx512", "out of memory");
    omp_set_num_threads((int)threads);

    for (long r = -1; r < repeats; r++) { /* r = -1 is the untimed warm-up */
        double t0 = peer_now();
        julia(xs, nx, ys, ny, (int)maxiter, out);
        double t1 = peer_now();
        if (r >= 0) secs[r] = t1 - t0;
    }

    long long checksum = 0;
    for (long i = 0; i < nx * ny; i++) checksum += out[i];
    /* fingerprint: the counts as little-endian int32, row-major (row 0 is y = 1.8, the top; x runs left to right) */
    _Static_assert(sizeof(int) == 4, "counts are int32");
    peer_sha256 sha;
    char fp[65];
    peer_sha256_init(&sha);
    peer_sha256_update_le(&sha, out, (size_t)nx * (size_t)ny, sizeof out[0]);
    peer_sha256_hex(&sha, fp);

    char spec[64], cbuf[32], extra[32];
    snprintf(spec, sizeof spec, "\"width\":%lld,\"maxiter\":%lld", width, maxiter);
    snprintf(cbuf, sizeof cbuf, "%lld", checksum);
    snprintf(extra, sizeof extra, " AVX-512 interleave %d", INTERLEAVE);
    peer_print_result("c-avx512", spec, threads, repeats, secs, checksum, "iterations/s", cbuf, fp, extra);

    free(secs);
    free(out);
    free(xs);
    free(ys);
    return 0;
}
