/*
 * The particle kernel (Lanaro, "Python High Performance", ch. 1) in C with AVX-512 intrinsics and OpenMP: shared
 * by the peer program (particles.c) and libhyperpeers.so (kernels.h).
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
 */
#include "kernels.h"
#include <immintrin.h>
#include <stddef.h>

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

/*
 * The kernels carry their own target attribute so the file still compiles where
 * -march=native lacks AVX-512; callers check the CPU (hp_cpu_avx512) first.
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
evolve_block(int v, double *restrict px, double *restrict py, const double *restrict pw,
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

    if (v == HP_PARTICLES_SQRTDIV) {
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

AVX512 void hp_particles_evolve(int32_t v, double *px, double *py, const double *pw, int64_t count, int64_t steps,
                                double dt, int32_t threads)
{
    size_t n = (size_t)count;
    long nblocks = (long)((n + BLOCK - 1) / BLOCK);
    /* Separate instantiations so the variant branch is hoisted out of the hot loop. */
    if (v == HP_PARTICLES_SQRTDIV) {
#pragma omp parallel for schedule(static) num_threads(threads)
        for (long b = 0; b < nblocks; b++)
            evolve_block(HP_PARTICLES_SQRTDIV, px, py, pw, (size_t)b * BLOCK, n, steps, dt);
    } else {
#pragma omp parallel for schedule(static) num_threads(threads)
        for (long b = 0; b < nblocks; b++)
            evolve_block(HP_PARTICLES_RSQRT, px, py, pw, (size_t)b * BLOCK, n, steps, dt);
    }
}
