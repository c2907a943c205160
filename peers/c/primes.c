/*
 * HyperSharp peer: counting primes below N (Gorelick, "High Performance Python", ch. 8-10).
 *
 * Variants:
 *   trial  the book's check_prime (odd divisors up to sqrt(n)) on every number, OpenMP dynamic
 *          schedule in chunks of --chunk numbers (32-bit division while n fits, as in HyperSharp).
 *   sieve  segmented sieve of Eratosthenes over odd numbers, 64 KiB segments, OpenMP over segments.
 *   check  (system primecheck) each of --numbers by trial division, its odd divisors split over the OpenMP
 *          threads, which look at a shared early-exit flag every --check-every divisors.
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

/* Smallest-or-any odd factor of n found by the team, 0 if n is prime (n odd, >= 5). */
static uint64_t check_split(uint64_t n, long long check_every)
{
    uint64_t last = (uint64_t)sqrt((double)n);
    while (last * last > n) last--;
    while ((last + 1) * (last + 1) <= n) last++;
    uint64_t odds = last < 3 ? 0 : (last - 3) / 2 + 1;
    volatile uint64_t flag = 0;
#pragma omp parallel
    {
        uint64_t workers = (uint64_t)omp_get_num_threads(), w = (uint64_t)omp_get_thread_num();
        uint64_t per = (odds + workers - 1) / workers, from = 3 + 2 * per * w;
        uint64_t to = from + 2 * per - 2 < last ? from + 2 * per - 2 : last;
        uint64_t slice = 2 * (uint64_t)check_every;
        for (uint64_t lo = from; lo <= to && flag == 0; lo += slice) {
            uint64_t hi = lo + slice - 2 < to ? lo + slice - 2 : to;
            for (uint64_t d = lo; d <= hi; d += 2)
                if (n % d == 0) {
                    __sync_bool_compare_and_swap(&flag, 0, d);
                    break;
                }
        }
    }
    return flag;
}

/* Sum of the numbers found prime (the checksum HyperSharp uses); verdicts[i] = 1 if numbers[i] is prime, else 0. */
static double check_all(const uint64_t *numbers, long count, long long check_every, unsigned char *verdicts)
{
    double sum = 0;
    for (long i = 0; i < count; i++) {
        uint64_t n = numbers[i];
        int prime = n < 4 ? n >= 2 : (n % 2 != 0 && check_split(n, check_every) == 0);
        verdicts[i] = (unsigned char)prime;
        if (prime) sum += (double)n;
    }
    return sum;
}

static int run_check(const char *list, long long check_every, long long threads, long long repeats)
{
    uint64_t numbers[1024];
    unsigned char verdicts[1024];
    long count = 0;
    double work = 0, largest = 0;
    for (const char *p = list; *p && count < 1024;) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(p, &end, 10);
        if (errno || end == p || *p == '-') peer_usage_error("bad number in --numbers", p);
        numbers[count++] = v;
        uint64_t r = (uint64_t)sqrt((double)v);
        while (r * r > v) r--;
        while ((r + 1) * (r + 1) <= v) r++;
        work += r / 2 > 1 ? (double)(r / 2) : 1.0; /* as HyperSharp counts it: isqrt(n)/2 candidate divisors */
        if ((double)v > largest) largest = (double)v;
        p = *end == ',' ? end + 1 : end;
        if (*end && *end != ',') peer_usage_error("bad --numbers", list);
    }
    double *secs = malloc(sizeof(double) * peer_runs_capacity(repeats)), sum = 0;
    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) { /* warm-ups first, untimed: see peer.h */
        double t0 = peer_now();
        sum = check_all(numbers, count, check_every, verdicts);
        peer_runs_record(&runs, secs, peer_now() - t0);
    }
    repeats = runs.timed;
    /* fingerprint: per number in the order given, the number as little-endian uint64, then 1 if prime else 0 */
    peer_sha256 sha;
    char fp[65];
    peer_sha256_init(&sha);
    for (long i = 0; i < count; i++) {
        peer_sha256_update_le(&sha, &numbers[i], 1, sizeof numbers[i]);
        peer_sha256_update_le(&sha, &verdicts[i], 1, 1);
    }
    peer_sha256_hex(&sha, fp);
    /* the spec as HyperSharp describes it: the numbers as one comma-separated string, then their count */
    char *spec = malloc(64 + 21 * (size_t)count), cbuf[32];
    size_t at = (size_t)sprintf(spec, "\"numbers\":\"");
    for (long i = 0; i < count; i++)
        at += (size_t)sprintf(spec + at, "%s%llu", i ? "," : "", (unsigned long long)numbers[i]);
    sprintf(spec + at, "\",\"count\":%ld,\"largest\":%.17g,\"check_every\":%lld", count, largest, check_every);
    snprintf(cbuf, sizeof cbuf, "%.17g", sum);
    peer_print_result("c-check", spec, threads, repeats, secs, (long long)work, "divisors/s", cbuf, fp, ""); /* work < 2^53: exact */
    free(spec);
    free(secs);
    return 0;
}

int main(int argc, char **argv)
{
    peer_program = "primes";
    peer_system = "primes";
    const char *variant = NULL, *numbers = NULL;
    long long below = -1, chunk = 10000, threads = 1, repeats = 1, check_every = 4096;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc) peer_usage_error("missing value for", argv[i]);
        const char *a = argv[i], *val = argv[++i];
        if (!strcmp(a, "--variant")) variant = val;
        else if (!strcmp(a, "--below")) below = peer_parse_ll(val, a);
        else if (!strcmp(a, "--chunk")) chunk = peer_parse_ll(val, a);
        else if (!strcmp(a, "--numbers")) numbers = val;
        else if (!strcmp(a, "--check-every")) check_every = peer_parse_ll(val, a);
        else if (!strcmp(a, "--threads")) threads = peer_parse_ll(val, a);
        else if (!strcmp(a, "--answer")) peer_answer_open(val);
        else if (!strcmp(a, "--repeats")) repeats = peer_parse_ll(val, a);
        else peer_usage_error("unknown argument", a);
    }
    if (threads < 1 || repeats < 1) peer_usage_error("--threads and --repeats must be >= 1", NULL);
    omp_set_num_threads((int)threads);
    if (variant && !strcmp(variant, "check")) {
        peer_system = "primecheck";
        if (!numbers || check_every < 1) peer_usage_error("check needs --numbers and --check-every >= 1", NULL);
        return run_check(numbers, check_every, threads, repeats);
    }
    if (!variant || (strcmp(variant, "trial") && strcmp(variant, "sieve")))
        peer_usage_error("--variant must be trial, sieve or check", variant);
    if (below < 2) peer_usage_error("--below must be >= 2", NULL);
    if (chunk < 1 || threads < 1 || repeats < 1) peer_usage_error("--chunk, --threads and --repeats must be >= 1", NULL);
    int sieve = !strcmp(variant, "sieve");

    double *secs = malloc(sizeof(double) * peer_runs_capacity(repeats));
    long long count = 0;
    peer_runs runs = peer_runs_start(repeats);
    while (peer_runs_next(&runs)) { /* warm-ups first, untimed: see peer.h */
        double t0 = peer_now();
        count = sieve ? count_sieve(below) : count_trial(below, chunk);
        peer_runs_record(&runs, secs, peer_now() - t0);
    }
    repeats = runs.timed;
    char spec[64], rung[16], cbuf[32], fp[65];
    snprintf(spec, sizeof spec, "\"below\":%lld,\"chunk\":%lld", below, chunk);
    snprintf(rung, sizeof rung, "c-%s", variant);
    snprintf(cbuf, sizeof cbuf, "%lld", count);
    peer_print_result(rung, spec, threads, repeats, secs, below, "numbers/s", cbuf, peer_fingerprint_i64(fp, count), ""); /* the count, int64 */
    free(secs);
    return 0;
}
