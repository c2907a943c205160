/* The diffusion kernel (Gorelick ch. 6): the heat equation on a periodic grid, shared by the peer program
 * (diffusion.c) and libhyperpeers.so (kernels.h). Two buffers swapped (no allocation per step), rows split over
 * OpenMP threads with one barrier per step, interior columns vectorised by the compiler (-O3 -march=native), the
 * wrapped edge columns handled per row. The cell update is HyperSharp's, in the same order and without FMA
 * (-ffp-contract=off), so the answer is bit-identical to the C# rungs:
 *   next = c + k*(((up + down) + (left + right)) - 4*c),  k = dt*D */
#include "kernels.h"

static inline double cell2(double u, double d, double l, double r, double c, double k)
{
    return c + k * (((u + d) + (l + r)) - 4.0 * c);
}

static inline double cell1(double l, double r, double c, double k)
{
    return c + k * ((l + r) - 2.0 * c);
}

/* One row of the next grid from rows up, c, down of the current one. */
static inline void row(const double *restrict u, const double *restrict c, const double *restrict d,
                       double *restrict o, long n, int dims, double k)
{
    long last = n - 1;
    if (dims == 2) {
        o[0] = cell2(u[0], d[0], c[last], c[n > 1 ? 1 : 0], c[0], k);
#pragma omp simd
        for (long j = 1; j < last; j++) o[j] = cell2(u[j], d[j], c[j - 1], c[j + 1], c[j], k);
        if (n > 1) o[last] = cell2(u[last], d[last], c[last - 1], c[0], c[last], k);
    } else {
        o[0] = cell1(c[last], c[n > 1 ? 1 : 0], c[0], k);
#pragma omp simd
        for (long j = 1; j < last; j++) o[j] = cell1(c[j - 1], c[j + 1], c[j], k);
        if (n > 1) o[last] = cell1(c[last - 1], c[0], c[last], k);
    }
}

/* Evolves a for steps using b as the other buffer; returns 1 when b holds the answer, 0 when a does. */
int32_t hp_diffusion_evolve(double *a, double *b, int64_t size, int32_t dims, int64_t steps, double k, int32_t threads)
{
    long n = (long)size, rows = dims == 1 ? 1 : n;
    if (n < 1) return 0; /* an empty grid: nothing to read (row() reads cell 0 and the wrapped last cell) */
#pragma omp parallel num_threads(threads)
    {
        double *g = a, *o = b;
        for (long s = 0; s < steps; s++) {
#pragma omp for schedule(static)
            for (long i = 0; i < rows; i++) {
                long up = i == 0 ? rows - 1 : i - 1, down = i == rows - 1 ? 0 : i + 1;
                row(g + up * n, g + i * n, g + down * n, o + i * n, n, dims, k);
            } /* implicit barrier: the next step reads rows other threads wrote */
            double *t = g; g = o; o = t;
        }
    }
    return steps % 2 ? 1 : 0;
}
