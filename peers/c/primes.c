/*
 * HyperSharp peer: counting primes below N (Gorelick, "High Performance Python", ch. 8-10).
 *
 * Variants:
 *   trial  the book's check_prime (odd divisors up to sqrt(n)) on every number, OpenMP dynamic
 *          schedule in chunks of --chunk numbers (32-bit division while n fits, as in HyperSharp).
 *   sieve  segmented sieve of Eratosthenes over odd numbers, 64 KiB segments, OpenMP over segments.
 *
 * Build: gcc -O3 -march=native -fopenmp primes.c -o build/primes -lm
 */
#include "peer.h"
#include <math.h>
#include <omp.h>
#include <stdint.h>

#define SEGMENT (64 * 1024)

static int is_prime(uint64_t n)
{
    if (n < 4) return n >= 2;
    if (n % 2 == 0) return 0;
    uint64_t last = (uint64_t)sqrt((double)n);
    while (last * last > n) last--;
    while ((last + 1) * (last + 1) <= n) last++;
    if (n <= UINT32_MAX) {
        uint32_t n32 = (uint32_t)n;
        for (uint32_t d = 3; d <= last; d += 2)
            if (n32 % d == 0) return 0;
        return 1;
    }
    for (uint64_t d = 3; d <= last; d += 2)
        if (n % d == 0) return 0;
    return 1;
}

static long long count_trial(long long below, long long chunk)
{
    long long count = 0;
#pragma omp parallel for schedule(dynamic, chunk) reduction(+ : count)
    for (long long n = 2; n < below; n++)
        count += is_prime((uint64_t)n);
    return count;
}

static long long count_sieve(long long below)
{
    if (below <= 2) return 0;
    uint32_t limit = (uint32_t)sqrt((double)below) + 1;
    char *small = calloc(limit + 1, 1);
    uint32_t *base = malloc(sizeof(uint32_t) * (limit / 2 + 1));
    long nbase = 0;
    for (uint32_t n = 3; n <= limit; n += 2) {
        if (small[n]) continue;
        base[nbase++] = n;
        for (uint64_t m = (uint64_t)n * n; m <= limit; m += 2 * n) small[m] = 1;
    }
    free(small);

    /* index i stands for the odd number 2i+1; index 0 (the number 1) stands in for the prime 2 */
    long long odd = below / 2, segments = (odd + SEGMENT - 1) / SEGMENT, total = 0;
#pragma omp parallel reduction(+ : total)
    {
        unsigned char *seg = malloc(SEGMENT);
#pragma omp for schedule(dynamic, 4)
        for (long long s = 0; s < segments; s++) {
            long long lo = s * SEGMENT, len = odd - lo < SEGMENT ? odd - lo : SEGMENT, hi = lo + len;
            memset(seg, 0, (size_t)len);
            for (long b = 0; b < nbase; b++) {
                long long p = base[b], start = p * p / 2;
                if (start >= hi) break;
                if (start < lo) {
                    long long first = (lo * 2 + 1 + p - 1) / p * p;
                    if (first % 2 == 0) first += p;
                    start = first / 2;
                }
                for (long long i = start - lo; i < len; i += p) seg[i] = 1;
            }
            long long zeros = 0;
            for (long long i = 0; i < len; i++) zeros += !seg[i];
            total += zeros;
        }
        free(seg);
    }
    free(base);
    return total;
}

int main(int argc, char **argv)
{
    peer_program = "primes";
    peer_system = "primes";
    const char *variant = NULL;
    long long below = -1, chunk = 10000, threads = 1, repeats = 1;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc) peer_usage_error("missing value for", argv[i]);
        const char *a = argv[i], *val = argv[++i];
        if (!strcmp(a, "--variant")) variant = val;
        else if (!strcmp(a, "--below")) below = peer_parse_ll(val, a);
        else if (!strcmp(a, "--chunk")) chunk = peer_parse_ll(val, a);
        else if (!strcmp(a, "--threads")) threads = peer_parse_ll(val, a);
        else if (!strcmp(a, "--repeats")) repeats = peer_parse_ll(val, a);
        else peer_usage_error("unknown argument", a);
    }
    if (!variant || (strcmp(variant, "trial") && strcmp(variant, "sieve")))
        peer_usage_error("--variant must be trial or sieve", variant);
    if (below < 2) peer_usage_error("--below must be >= 2", NULL);
    if (chunk < 1 || threads < 1 || repeats < 1) peer_usage_error("--chunk, --threads and --repeats must be >= 1", NULL);
    int sieve = !strcmp(variant, "sieve");
    omp_set_num_threads((int)threads);

    double *secs = malloc(sizeof(double) * (size_t)repeats);
    long long count = 0;
    for (long r = -1; r < repeats; r++) { /* r = -1: untimed warm-up */
        double t0 = peer_now();
        count = sieve ? count_sieve(below) : count_trial(below, chunk);
        if (r >= 0) secs[r] = peer_now() - t0;
    }
    double median = peer_median(secs, repeats);
    printf("{\"schema\":\"hypersharp/result@1\",\"system\":\"primes\",\"rung\":\"c-%s\",\"kind\":\"peer\","
           "\"implementation\":\"c\",\"spec\":{\"below\":%lld,\"chunk\":%lld},\"threads\":%lld,\"repeats\":%lld,"
           "\"seconds\":%.9g,\"min_seconds\":%.9g,\"max_seconds\":%.9g,\"work\":%lld,\"throughput\":%.9g,"
           "\"unit\":\"numbers/s\",\"checksum\":%lld,\"peak_working_set_bytes\":%ld,"
           "\"version\":\"gcc %d.%d.%d OpenMP %d\"}\n",
           variant, below, chunk, threads, repeats, median, secs[0], secs[repeats - 1], below,
           median > 0 ? (double)below / median : 0.0, count, peer_peak_rss_bytes(), __GNUC__, __GNUC_MINOR__,
           __GNUC_PATCHLEVEL__, _OPENMP);
    free(secs);
    return 0;
}
