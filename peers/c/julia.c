/*
 * HyperSharp peer: the Julia set (Gorelick & Ozsvald, "High Performance Python", ch. 2, 7)
 * hand-written in C with AVX-512 intrinsics and OpenMP.
 *
 * The grid is the book's: x and y coordinates built by repeated float addition
 * (so some widths give width + 1 points). This file is the program (arguments,
 * grid, timing, result line); the kernel, shared with libhyperpeers.so, is
 * julia_kernel.c.
 *
 * Build: make (the Makefile compiles the kernel with -ffp-contract=off and links it in).
 */
#include "peer.h"
#include "kernels.h"

/* Must match julia_kernel.c (the Makefile passes the same -DINTERLEAVE to both). */
#ifndef INTERLEAVE
#define INTERLEAVE 6
#endif

static const double X1 = -1.8, X2 = 1.8, Y1 = -1.8, Y2 = 1.8;

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
    int32_t *out = malloc((size_t)nx * (size_t)ny * sizeof(int32_t));
    double *secs = malloc(peer_runs_capacity(repeats) * sizeof(double));
    if (!xs || !ys || !out || !secs) peer_error_json("c-avx512", "out of memory");

    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) { /* warm-ups first, untimed: see peer.h */
        double t0 = peer_now();
        hp_julia_rows(xs, nx, ys, ny, (int32_t)maxiter, out, (int32_t)threads);
        double t1 = peer_now();
        peer_runs_record(&runs, secs, t1 - t0);
    }
    repeats = runs.timed;

    long long checksum = 0;
    for (long i = 0; i < nx * ny; i++) checksum += out[i];
    /* fingerprint: the counts as little-endian int32, row-major (row 0 is y = 1.8, the top; x runs left to right) */
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
