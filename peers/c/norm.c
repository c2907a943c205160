/*
 * HyperSharp peer: the squared norm of a vector, sum of v[i]^2 (Gorelick ch. 6), in C with OpenMP.
 *
 *   norm --variant openmp --count N --seed S [--threads K] [--repeats R]
 *
 * The vector is HyperSharp's UniformStream (uniform.h), drawn before the clock starts. The timed loop is a plain
 * `omp parallel for simd reduction(+:sum)`: gcc -O3 -march=native vectorises it with the widest registers.
 * Checksum and fingerprint: the sum (one little-endian float64).
 */
#include "peer.h"
#include "uniform.h"

int main(int argc, char **argv)
{
    peer_program = "norm";
    peer_system = "norm";
    long long count = -1, seed = 42, threads = 1, repeats = 1;
    const char *variant = "openmp";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) peer_usage_error("missing value for", a);
        const char *val = argv[++i];
        if (!strcmp(a, "--variant")) variant = val;
        else if (!strcmp(a, "--count")) count = peer_parse_ll(val, a);
        else if (!strcmp(a, "--seed")) seed = peer_parse_ll(val, a);
        else if (!strcmp(a, "--threads")) threads = peer_parse_ll(val, a);
        else if (!strcmp(a, "--answer")) peer_answer_open(val);
        else if (!strcmp(a, "--repeats")) repeats = peer_parse_ll(val, a);
        else peer_usage_error("unknown argument", a);
    }
    if (count < 1) peer_usage_error("--count must be >= 1", NULL);
    if (threads < 1) peer_usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) peer_usage_error("--repeats must be >= 1", NULL);
    if (strcmp(variant, "openmp")) peer_usage_error("unknown variant (openmp)", variant);

    double *v = malloc((size_t)count * sizeof(double));
    if (!v) peer_usage_error("cannot allocate the vector", NULL);
    uint64_t key = uniform_key(seed);
    omp_set_num_threads((int)threads);
#pragma omp parallel for schedule(static)
    for (long long i = 0; i < count; i++) v[i] = uniform_at(key, i);

    double *secs = malloc(peer_runs_capacity(repeats) * sizeof(double));
    double sum = 0;
    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) {
        double t0 = peer_now();
        double s = 0;
#pragma omp parallel for simd reduction(+:s) schedule(static)
        for (long long i = 0; i < count; i++) s += v[i] * v[i];
        sum = s;
        peer_runs_record(&runs, secs, peer_now() - t0);
    }
    repeats = runs.timed;

    char spec[64], cbuf[40], fp[65];
    snprintf(spec, sizeof spec, "\"count\":%lld,\"seed\":%lld", count, seed);
    peer_fmt_double(cbuf, sizeof cbuf, sum);
    peer_sha256 h;
    peer_sha256_init(&h);
    peer_sha256_update_le(&h, &sum, 1, sizeof sum);
    peer_print_result("c-openmp", spec, threads, repeats, secs, count, "elements/s", cbuf, peer_sha256_hex(&h, fp), "");
    free(secs);
    free(v);
    return 0;
}
