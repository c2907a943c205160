/*
 * The Julia-set kernel (Gorelick & Ozsvald, "High Performance Python", ch. 2, 7) in C with AVX-512 intrinsics and
 * OpenMP: shared by the peer program (julia.c) and libhyperpeers.so (kernels.h).
 *
 * Each row is cut into blocks of 8 * INTERLEAVE points; a block's lanes iterate z = z*z + c under a mask until
 * all of them have escaped (|z|^2 >= 4) or maxiter, and a lane's count grows only while its mask bit is set; the
 * tail of a row goes one point at a time (hp_julia_point). Rows are handed out dynamically (schedule(dynamic, 1)):
 * a row through the set costs maxiter iterations a point, a row near the edge a few.
 *
 * z*z + c is rounded like Python's complex arithmetic: re = (x*x - y*y) + cr, im = (x*y + y*x) + ci, never fused
 * (-ffp-contract=off), so the counts equal the book's: width 1000, maxiter 300 -> 33219980.
 */
#include "kernels.h"
#include <immintrin.h>

#define LANES 8
#ifndef INTERLEAVE
#define INTERLEAVE 6
#endif
#define BLOCK (LANES * INTERLEAVE)

static const double C_REAL = -0.62772, C_IMAG = -0.42193;

/* The kernels carry their own target so the file compiles without AVX-512; callers check the CPU (hp_cpu_avx512). */
#define AVX512 __attribute__((target("avx512f")))

/* One point at a time, the book's while loop on |z|^2 < 4: the tail of a row. */
int32_t hp_julia_point(double x, double y, int32_t maxiter)
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

void hp_julia_scalar_rows(const double *xs, int64_t nx, const double *ys, int64_t ny, int32_t maxiter, int32_t *out)
{
    for (int64_t r = 0; r < ny; r++)
        for (int64_t i = 0; i < nx; i++) out[r * nx + i] = hp_julia_point(xs[i], ys[r], maxiter);
}

/* k independent registers of one block; counts kept as int32 lanes, incremented under the mask. */
static inline __attribute__((always_inline)) AVX512 void
block(const double *xs, double y0, int maxiter, int32_t *out)
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

AVX512 void hp_julia_rows(const double *xs, int64_t nx, const double *ys, int64_t ny, int32_t maxiter, int32_t *out,
                          int32_t threads)
{
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (long r = 0; r < ny; r++) {
        int32_t *row = out + r * nx;
        long i = 0;
        for (; i + BLOCK <= nx; i += BLOCK) block(xs + i, ys[r], maxiter, row + i);
        for (; i < nx; i++) row[i] = hp_julia_point(xs[i], ys[r], maxiter);
    }
}
