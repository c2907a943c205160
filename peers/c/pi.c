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
 * This file is the program (arguments, timing, result line); the kernel, shared
 * with libhyperpeers.so, is pi_kernel.c.
 *
 * Build: make
 */
#include "peer.h"
#include "kernels.h"

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
    int use_avx512 = 0;
    if (!strcmp(variant, "avx512")) use_avx512 = 1;
    else if (strcmp(variant, "auto")) peer_usage_error("unknown variant (auto|avx512)", variant);
    const char *rung = use_avx512 ? "c-avx512" : "c-openmp";
    __builtin_cpu_init();
    if (use_avx512 && !(__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")))
        peer_error_json(rung, "CPU lacks AVX-512F/DQ");

    double *secs = malloc(peer_runs_capacity(repeats) * sizeof(double));
    long hits = 0;
    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) { /* warm-ups first, untimed: see peer.h */
        double t0 = peer_now();
        hits = (long)hp_pi_hits(samples, seed, use_avx512, (int32_t)threads);
        double t1 = peer_now();
        peer_runs_record(&runs, secs, t1 - t0);
    }
    repeats = runs.timed;

    char spec[64], cbuf[32], fp[65];
    snprintf(spec, sizeof spec, "\"samples\":%lld,\"seed\":%lld", samples, seed);
    snprintf(cbuf, sizeof cbuf, "%ld", hits);
    peer_print_result(rung, spec, threads, repeats, secs, samples, "samples/s", cbuf, peer_fingerprint_i64(fp, hits), ""); /* the hits, int64 */
    free(secs);
    return 0;
}
