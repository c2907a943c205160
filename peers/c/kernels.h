/*
 * The kernels of the C peers, one source each (NAME_kernel.c), linked into both the peer program (build/NAME) and
 * the shared library build/libhyperpeers.so that HyperSharp's `native` rungs call through [LibraryImport] on their
 * own buffers. Plain C ABI: fixed-width integers, pointers to caller-owned arrays, no allocation, no globals.
 * Each kernel takes its OpenMP thread count. HP_ABI_VERSION changes whenever a signature does, so that a stale
 * library is refused rather than called wrongly.
 */
#ifndef HYPERSHARP_KERNELS_H
#define HYPERSHARP_KERNELS_H

#include <stdint.h>

#define HP_EXPORT __attribute__((visibility("default")))
#define HP_ABI_VERSION 1

HP_EXPORT int32_t hp_abi_version(void);

/* 1 when the CPU has AVX-512F and AVX-512DQ (the particle and Julia kernels need F, pi's avx512 variant DQ too). */
HP_EXPORT int32_t hp_cpu_avx512(void);

/* Particles: x, y evolved in place through steps steps of dt, angular velocity w. AVX-512 only. */
enum hp_particles_variant { HP_PARTICLES_SQRTDIV = 0, HP_PARTICLES_RSQRT = 1 };
HP_EXPORT void hp_particles_evolve(int32_t variant, double *x, double *y, const double *w, int64_t n, int64_t steps,
                                   double dt, int32_t threads);

/* Julia: counts of the ny x nx grid (row-major, out[r * nx + i] for ys[r], xs[i]). AVX-512 only. */
HP_EXPORT void hp_julia_rows(const double *xs, int64_t nx, const double *ys, int64_t ny, int32_t maxiter,
                             int32_t *out, int32_t threads);
/* One point, scalar: the book's while loop (any CPU). */
HP_EXPORT int32_t hp_julia_point(double x, double y, int32_t maxiter);
/* The same grid as hp_julia_rows, hp_julia_point by point on one thread: what the interop ladder calls once for the
 * grid or once per row, so that only the number of calls differs from its call per point. */
HP_EXPORT void hp_julia_scalar_rows(const double *xs, int64_t nx, const double *ys, int64_t ny, int32_t maxiter,
                                    int32_t *out);

/* Diffusion: steps steps from a (size x size cells, or one row of size cells in 1D) using b as the other buffer,
 * next = c + k*(((up + down) + (left + right)) - 4c); returns 0 when a holds the answer, 1 when b does. */
HP_EXPORT int32_t hp_diffusion_evolve(double *a, double *b, int64_t size, int32_t dims, int64_t steps, double k,
                                      int32_t threads);

/* Pi: hits of the counter stream among samples samples (avx512: the hand-written variant, else gcc's loop). */
HP_EXPORT int64_t hp_pi_hits(int64_t samples, int64_t seed, int32_t avx512, int32_t threads);

#endif
