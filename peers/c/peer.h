/*
 * What every C peer shares: a monotonic clock, the median of timed repeats,
 * argument parsing with one-line errors, the JSON result and error lines, and the SHA-256 fingerprint of the
 * answer in canonical little-endian bytes (sha256.h).
 * Peers are built with -fopenmp (the version string names OpenMP).
 */
#ifndef HYPERSHARP_PEER_H
#define HYPERSHARP_PEER_H

#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>

#include "sha256.h"

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

/*
 * The rungs' repeat policy (HyperSharp's MeasureOptions), so peers and rungs are timed alike: warm up for at least one
 * run and 0.5 s, then time at least `min` runs (--repeats) and go on until 2 s are spent, at most 25 (or `min`).
 *   peer_runs runs = peer_runs_start(repeats);
 *   double *secs = malloc(peer_runs_capacity(repeats) * sizeof(double));
 *   while (peer_runs_next(&runs)) { ...untimed set-up...; t0; work; peer_runs_record(&runs, secs, peer_now() - t0); }
 *   repeats = runs.timed;
 */
#define PEER_MAX_REPEATS 25
#define PEER_WARMUP_SECONDS 0.5
#define PEER_TARGET_SECONDS 2.0

typedef struct { long long min; long long warmups, timed; double warm, spent; int warming; } peer_runs;

static peer_runs peer_runs_start(long long min)
{
    peer_runs p = { min, 0, 0, 0.0, 0.0, 1 };
    return p;
}

static size_t peer_runs_capacity(long long min) { return (size_t)(min > PEER_MAX_REPEATS ? min : PEER_MAX_REPEATS); }

/* 1 while another run is due (a warm-up first, then the timed ones), 0 when done. */
static int peer_runs_next(peer_runs *p)
{
    if (p->warming) {
        if (p->warmups < 1 || (p->warm < PEER_WARMUP_SECONDS && p->warmups < PEER_MAX_REPEATS)) return 1;
        p->warming = 0;
    }
    return p->timed < p->min || (p->spent < PEER_TARGET_SECONDS && p->timed < PEER_MAX_REPEATS);
}

static void peer_runs_record(peer_runs *p, double *secs, double seconds)
{
    if (p->warming) { p->warmups++; p->warm += seconds; }
    else { secs[p->timed++] = seconds; p->spent += seconds; }
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
    printf("{\"schema\":\"hypersharp/result@2\",\"system\":\"%s\",\"rung\":\"%s\",\"kind\":\"peer\",\"error\":\"%s\"}\n",
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

__attribute__((unused)) static double peer_parse_double(const char *s, const char *name)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s) peer_usage_error("bad number for", name);
    return v;
}

/* Shortest "%.Ng" that reads back to the same double, so 0.1 prints as 0.1; null if not finite. */
__attribute__((unused)) static const char *peer_fmt_double(char *buf, size_t len, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "null");
        return buf;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, len, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return buf;
}

/*
 * --answer PATH: the fingerprinted bytes are also written to PATH, so that the harness can compare the whole answer
 * element by element (answers that are not bit-identical). Closed, and checked, by peer_print_result.
 */
static FILE *peer_answer = NULL;

__attribute__((unused)) static void peer_answer_open(const char *path)
{
    if (peer_answer) fclose(peer_answer);
    peer_answer = fopen(path, "wb");
    if (!peer_answer) peer_usage_error("cannot write the answer file", path);
}

static void peer_hash_bytes(peer_sha256 *s, const void *bytes, size_t len)
{
    peer_sha256_update(s, bytes, len);
    if (peer_answer && fwrite(bytes, 1, len, peer_answer) != len) {
        fprintf(stderr, "%s: cannot write the answer file\n", peer_program);
        exit(1);
    }
}

/* count values of width bytes each (an array of int32, int64, double...) into s as little-endian bytes. */
__attribute__((unused)) static void peer_sha256_update_le(peer_sha256 *s, const void *values, size_t count,
                                                          size_t width)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    peer_hash_bytes(s, values, count * width); /* memory already is the canonical layout */
#else
    const unsigned char *p = values;
    unsigned char tmp[512];
    size_t per = sizeof tmp / width;
    for (size_t done = 0; done < count; done += per) {
        size_t k = count - done < per ? count - done : per;
        for (size_t i = 0; i < k; i++)
            for (size_t b = 0; b < width; b++) tmp[i * width + b] = p[(done + i) * width + width - 1 - b];
        peer_hash_bytes(s, tmp, k * width);
    }
#endif
}

/* The fingerprint of an answer that is one int64 (a count): SHA-256 of its 8 little-endian bytes, as hex. */
__attribute__((unused)) static const char *peer_fingerprint_i64(char hex[65], long long v)
{
    int64_t le = (int64_t)v;
    peer_sha256 s;
    peer_sha256_init(&s);
    peer_sha256_update_le(&s, &le, 1, sizeof le);
    return peer_sha256_hex(&s, hex);
}

/*
 * The result line. spec holds the members of "spec" and checksum a JSON value, both formatted by the
 * caller; secs (the timed repeats) is sorted here; fingerprint is the hex SHA-256 of the answer, computed after the
 * timed repeats; version_extra follows the compiler and OpenMP versions.
 */
static void peer_print_result(const char *rung, const char *spec, long long threads, long long repeats,
                              double *secs, long long work, const char *unit, const char *checksum,
                              const char *fingerprint, const char *version_extra)
{
    double median = peer_median(secs, repeats);
    if (peer_answer && fclose(peer_answer) != 0) {
        fprintf(stderr, "%s: cannot write the answer file\n", peer_program);
        exit(1);
    }
    peer_answer = NULL;
    printf("{\"schema\":\"hypersharp/result@2\",\"system\":\"%s\",\"rung\":\"%s\",\"kind\":\"peer\","
           "\"implementation\":\"c\",\"spec\":{%s},\"threads\":%lld,\"repeats\":%lld,"
           "\"seconds\":%.9g,\"min_seconds\":%.9g,\"max_seconds\":%.9g,\"work\":%lld,\"throughput\":%.9g,"
           "\"unit\":\"%s\",\"checksum\":%s,\"fingerprint\":\"%s\",\"peak_working_set_bytes\":%ld,"
           "\"version\":\"gcc %d.%d.%d OpenMP %d%s\"}\n",
           peer_system, rung, spec, threads, repeats, median, secs[0], secs[repeats - 1], work,
           median > 0 ? (double)work / median : 0.0, unit, checksum, fingerprint, peer_peak_rss_bytes(), __GNUC__,
           __GNUC_MINOR__, __GNUC_PATCHLEVEL__, _OPENMP, version_extra);
}

#endif
