/* HyperSharp diffusion peer: the heat equation on a periodic grid (Gorelick ch. 6),
 * hand-written C. This file is the program (arguments, start grid, timing, result line); the kernel (two
 * buffers swapped, OpenMP rows, bit-identical to the C# rungs), shared with libhyperpeers.so, is
 * diffusion_kernel.c.
 *
 * diffusion [--variant inplace] --size N --steps S [--dims 1|2] [--threads K] [--repeats R]
 * prints one hypersharp/result@2 JSON line; checksum = sum of squares. inplace is the
 * only variant; --variant may be left out (the harness passes it to every C peer). */
#include "peer.h"
#include "kernels.h"

static const double DT = 0.1, D = 1.0;

/* The book's start: zeros, cells [int(N*0.4), int(N*0.5)) of each side at 0.005. */
static void initial(double *g, long n, int dims)
{
    long cells = dims == 1 ? n : n * n, lo = (long)(n * 0.4), hi = (long)(n * 0.5);
    memset(g, 0, (size_t)cells * sizeof(double));
    for (long i = dims == 1 ? 0 : lo; i < (dims == 1 ? 1 : hi); i++)
        for (long j = lo; j < hi; j++) g[i * n + j] = 0.005;
}

int main(int argc, char **argv)
{
    peer_program = "diffusion";
    peer_system = "diffusion";
    const char *variant = NULL;
    long long n = -1, steps = -1, dims = 2, threads = 1, repeats = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc) peer_usage_error("missing value for", a);
        const char *val = argv[++i];
        if (!strcmp(a, "--variant")) variant = val;
        else if (!strcmp(a, "--size")) n = peer_parse_ll(val, a);
        else if (!strcmp(a, "--steps")) steps = peer_parse_ll(val, a);
        else if (!strcmp(a, "--dims")) dims = peer_parse_ll(val, a);
        else if (!strcmp(a, "--threads")) threads = peer_parse_ll(val, a);
        else if (!strcmp(a, "--answer")) peer_answer_open(val);
        else if (!strcmp(a, "--repeats")) repeats = peer_parse_ll(val, a);
        else peer_usage_error("unknown argument", a);
    }
    if (variant && strcmp(variant, "inplace")) peer_usage_error("--variant must be inplace", variant);
    if (n < 1 || n > 1L << 20) peer_usage_error("--size must be between 1 and 2^20", NULL);
    if (steps < 1) peer_usage_error("--steps must be >= 1", NULL);
    if (dims != 1 && dims != 2) peer_usage_error("--dims must be 1 or 2", NULL);
    if (threads < 1) peer_usage_error("--threads must be >= 1", NULL);
    if (repeats < 1) peer_usage_error("--repeats must be >= 1", NULL);

    long cells = dims == 1 ? (long)n : (long)(n * n);
    double *a = aligned_alloc(64, ((size_t)cells * sizeof(double) + 63) / 64 * 64);
    double *b = aligned_alloc(64, ((size_t)cells * sizeof(double) + 63) / 64 * 64);
    double *secs = malloc(peer_runs_capacity(repeats) * sizeof(double));
    if (!a || !b || !secs) peer_usage_error("out of memory", NULL);

    initial(a, (long)n, (int)dims);
    memset(b, 0, (size_t)cells * sizeof(double)); /* touch the pages before timing */
    double *answer = a;
    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) { /* warm-ups first, untimed: see peer.h */
        initial(a, (long)n, (int)dims);
        double t0 = peer_now();
        answer = hp_diffusion_evolve(a, b, n, (int32_t)dims, steps, DT * D, (int32_t)threads) ? b : a;
        peer_runs_record(&runs, secs, peer_now() - t0);
    }
    repeats = runs.timed;
    double checksum = 0;
    for (long i = 0; i < cells; i++) checksum += answer[i] * answer[i];

    /* fingerprint: the final grid's cells as little-endian float64, row-major */
    peer_sha256 sha;
    char fp[65];
    peer_sha256_init(&sha);
    peer_sha256_update_le(&sha, answer, (size_t)cells, sizeof answer[0]);
    peer_sha256_hex(&sha, fp);

    char spec[160], cbuf[32];
    snprintf(spec, sizeof spec, "\"size\":%lld,\"steps\":%lld,\"dims\":%lld,\"cells\":%ld,\"dt\":0.1,\"d\":1", n,
             steps, dims, cells);
    peer_print_result("c-inplace", spec, threads, repeats, secs, (long long)cells * steps, "cell-updates/s",
                      peer_fmt_double(cbuf, sizeof cbuf, checksum), fp, "");
    free(a);
    free(b);
    free(secs);
    return 0;
}
