/*
 * HyperSharp peer: matrix multiplication C = A.B of two N x N matrices (Lanaro ch. 7), float64 or float32, in C.
 *
 *   matmul --variant blocked --size N [--dtype float64|float32] --seed S [--threads K] [--repeats R]
 *
 * A is elements [0, N^2) of HyperSharp's UniformStream (uniform.h), B the next N^2 (rounded to float for float32),
 * drawn before the clock. The timed product is the hand-written cache-blocked i-k-j loop (64 x 64 tiles) with
 * OpenMP over row tiles; gcc -O3 -march=native vectorises the inner row loop (with FMAs: -ffp-contract=fast).
 * Checksum: the sum of C in double; fingerprint: C row-major, little-endian float64 or float32.
 */
#include "peer.h"
#include "uniform.h"

#define TILE 64

#define DEFINE_MATMUL(NAME, T)                                                                                   \
    static void NAME(const T *restrict a, const T *restrict b, T *restrict c, long long n)                      \
    {                                                                                                            \
        _Pragma("omp parallel for schedule(dynamic)")                                                            \
        for (long long i0 = 0; i0 < n; i0 += TILE)                                                               \
            for (long long p0 = 0; p0 < n; p0 += TILE)                                                           \
                for (long long j0 = 0; j0 < n; j0 += TILE) {                                                     \
                    long long i1 = i0 + TILE < n ? i0 + TILE : n, p1 = p0 + TILE < n ? p0 + TILE : n;            \
                    long long j1 = j0 + TILE < n ? j0 + TILE : n;                                                \
                    for (long long i = i0; i < i1; i++)                                                          \
                        for (long long p = p0; p < p1; p++) {                                                    \
                            T aip = a[i * n + p];                                                                \
                            const T *brow = b + p * n;                                                           \
                            T *crow = c + i * n;                                                                 \
                            for (long long j = j0; j < j1; j++) crow[j] += aip * brow[j];                        \
                        }                                                                                        \
                }                                                                                                \
    }

DEFINE_MATMUL(matmul_f64, double)
DEFINE_MATMUL(matmul_f32, float)

int main(int argc, char **argv)
{
    peer_program = "matmul";
    peer_system = "matmul";
    long long size = -1, seed = 42, threads = 1, repeats = 1;
    const char *variant = "blocked", *dtype = "float64";
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (i + 1 >= argc) peer_usage_error("missing value for", arg);
        const char *val = argv[++i];
        if (!strcmp(arg, "--variant")) variant = val;
        else if (!strcmp(arg, "--size")) size = peer_parse_ll(val, arg);
        else if (!strcmp(arg, "--dtype")) dtype = val;
        else if (!strcmp(arg, "--seed")) seed = peer_parse_ll(val, arg);
        else if (!strcmp(arg, "--threads")) threads = peer_parse_ll(val, arg);
        else if (!strcmp(arg, "--answer")) peer_answer_open(val);
        else if (!strcmp(arg, "--repeats")) repeats = peer_parse_ll(val, arg);
        else peer_usage_error("unknown argument", arg);
    }
    if (size < 1) peer_usage_error("--size must be >= 1", NULL);
    if (threads < 1) peer_usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) peer_usage_error("--repeats must be >= 1", NULL);
    if (strcmp(variant, "blocked")) peer_usage_error("unknown variant (blocked)", variant);
    int f32 = !strcmp(dtype, "float32");
    if (!f32 && strcmp(dtype, "float64")) peer_usage_error("unknown dtype (float64|float32)", dtype);
    size_t width = f32 ? sizeof(float) : sizeof(double), nn = (size_t)size * (size_t)size;
    void *a = malloc(nn * width), *b = malloc(nn * width), *c = malloc(nn * width);
    if (!a || !b || !c) peer_usage_error("cannot allocate the matrices", NULL);
    omp_set_num_threads((int)threads);
    uint64_t key = uniform_key(seed);
#pragma omp parallel for schedule(static)
    for (long long i = 0; i < (long long)nn; i++) {
        double va = uniform_at(key, i), vb = uniform_at(key, (long long)nn + i);
        if (f32) { ((float *)a)[i] = (float)va; ((float *)b)[i] = (float)vb; }
        else { ((double *)a)[i] = va; ((double *)b)[i] = vb; }
    }

    double *secs = malloc(peer_runs_capacity(repeats) * sizeof(double));
    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) {
        memset(c, 0, nn * width); /* untimed: C starts at zero */
        double t0 = peer_now();
        if (f32) matmul_f32(a, b, c, size);
        else matmul_f64(a, b, c, size);
        peer_runs_record(&runs, secs, peer_now() - t0);
    }
    repeats = runs.timed;

    double sum = 0;
    for (size_t i = 0; i < nn; i++) sum += f32 ? (double)((float *)c)[i] : ((double *)c)[i];
    char spec[96], cbuf[40], fp[65];
    snprintf(spec, sizeof spec, "\"size\":%lld,\"dtype\":\"%s\",\"seed\":%lld", size, dtype, seed);
    peer_fmt_double(cbuf, sizeof cbuf, sum);
    peer_sha256 h;
    peer_sha256_init(&h);
    peer_sha256_update_le(&h, c, nn, width);
    peer_print_result("c-blocked", spec, threads, repeats, secs, (long long)(2.0 * (double)size * (double)size * (double)size),
                      "FLOP/s", cbuf, peer_sha256_hex(&h, fp), "");
    free(secs); free(a); free(b); free(c);
    return 0;
}
