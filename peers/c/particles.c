/*
 * HyperSharp peer: particle simulator (Lanaro, "Python High Performance", ch. 1)
 * hand-written in C with AVX-512 intrinsics and OpenMP. This file is the program (arguments, input,
 * timing, result line); the kernel, shared with libhyperpeers.so, is particles_kernel.c.
 *
 * Variants:
 *   sqrtdiv  sqrt + two divisions; bit-identical to the scalar formula
 *            (requires -ffp-contract=off so mul+add is never fused).
 *   rsqrt    rsqrt14 estimate refined by two Newton steps, fused multiply-adds.
 *
 * Build: make (the Makefile compiles the kernel with -ffp-contract=off and links it in).
 */
#include "peer.h"
#include "kernels.h"

/* Must match particles_kernel.c (the Makefile passes the same -DINTERLEAVE to both). */
#ifndef INTERLEAVE
#define INTERLEAVE 8
#endif

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
    int v;
    if (!strcmp(variant_s, "sqrtdiv")) v = HP_PARTICLES_SQRTDIV;
    else if (!strcmp(variant_s, "rsqrt")) v = HP_PARTICLES_RSQRT;
    else peer_usage_error("unknown variant (sqrtdiv|rsqrt)", variant_s);
    if (!input) peer_usage_error("missing --input", NULL);
    if (count < 1) peer_usage_error("--count must be >= 1", NULL);
    if (steps < 0) peer_usage_error("--steps must be >= 0", NULL);
    if (!(dt > 0)) peer_usage_error("--dt must be > 0", NULL);
    if (threads < 1) peer_usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) peer_usage_error("--repeats must be >= 1", NULL);

    const char *rung = v == HP_PARTICLES_SQRTDIV ? "c-sqrtdiv" : "c-rsqrt";
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

    double *secs = malloc(peer_runs_capacity(repeats) * sizeof(double));
    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) { /* warm-ups first, untimed: see peer.h */
        memcpy(px, ix, n * sizeof(double));
        memcpy(py, iy, n * sizeof(double));
        double t0 = peer_now();
        hp_particles_evolve(v, px, py, iw, (int64_t)n, steps, dt, (int)threads);
        double t1 = peer_now();
        peer_runs_record(&runs, secs, t1 - t0);
    }
    repeats = runs.timed;

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
