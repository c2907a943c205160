/*
 * What every C peer shares: a monotonic clock, the median of timed repeats,
 * argument parsing with one-line errors, and the JSON error line.
 */
#ifndef HYPERSHARP_PEER_H
#define HYPERSHARP_PEER_H

#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static const char *peer_program = "peer";
static const char *peer_system = "?";

static double peer_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int peer_cmp_double(const void *a, const void *b)
{
    double da = *(const double *)a, db = *(const double *)b;
    return (da > db) - (da < db);
}

/* Sorts secs in place; returns the median. */
static double peer_median(double *secs, long n)
{
    qsort(secs, (size_t)n, sizeof(double), peer_cmp_double);
    return n % 2 ? secs[n / 2] : 0.5 * (secs[n / 2 - 1] + secs[n / 2]);
}

static long peer_peak_rss_bytes(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss * 1024L;
}

static void peer_usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "%s: %s%s%s\n", peer_program, msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

/* The variant cannot run here: one JSON line saying why, exit code 3. */
__attribute__((unused)) static void peer_error_json(const char *rung, const char *reason)
{
    printf("{\"schema\":\"hypersharp/result@1\",\"system\":\"%s\",\"rung\":\"%s\",\"kind\":\"peer\",\"error\":\"%s\"}\n",
           peer_system, rung, reason);
    exit(3);
}

static long long peer_parse_ll(const char *s, const char *name)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || end == s) peer_usage_error("bad integer for", name);
    return v;
}

#endif
