/*
 * What tests/servers/http_server.py's /bytes?n=N sends: N bytes where
 * byte i is i % 251, so any byte lost, repeated or moved shows.  The
 * checks of it, for the tests that download it to memory, a file or a
 * chunk callback (test_bodies.c, test_multi.c).
 */
#ifndef APICC_TEST_DOWNLOAD_PATTERN_H
#define APICC_TEST_DOWNLOAD_PATTERN_H

#include <stdio.h>

/* Whether n bytes at p are the pattern from its byte `from` on. */
static inline int pattern_ok(const unsigned char *p, size_t n, size_t from)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)((from + i) % 251))
            return 0;
    return 1;
}

/* A download's chunk callback that checks and counts what arrives, and
 * stops the transfer once `stop_after` bytes came (0: never). */
typedef struct counted {
    size_t bytes;
    int ok;
    size_t stop_after;
} counted;

static inline int count_chunk(const char *data, size_t len, void *user)
{
    counted *k = user;
    if (!pattern_ok((const unsigned char *)data, len, k->bytes))
        k->ok = 0;
    k->bytes += len;
    return k->stop_after && k->bytes >= k->stop_after;
}

/* Whether the file at `path` holds exactly n bytes of the pattern. */
static inline int file_has_pattern(const char *path, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char block[4096];
    size_t at = 0, got;
    int ok = 1;
    while ((got = fread(block, 1, sizeof block, f)) > 0) {
        ok = ok && pattern_ok(block, got, at);
        at += got;
    }
    fclose(f);
    return ok && at == n;
}

#endif
