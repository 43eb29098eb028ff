/*
 * The reference side of bench/multi.sh: a bare libcurl multi loop doing
 * what the apicc side does, with nothing in between.
 *
 *   multi_bare URL N K CA_FILE PROTO
 *
 * GETs URL N times with K requests in flight (a finished one is replaced
 * at once), each body collected into memory and parsed with cJSON, then
 * checked ({"id":1,"name":...}), as the apicc side reads it into its
 * model.  The K easy handles are reused.  Like an apicc client it asks
 * for HTTP/2 over TLS (libcurl's default, CURL_HTTP_VERSION_2TLS) and the
 * server's listener decides; with PIPEWAIT a new transfer waits for the
 * first connection to say whether it multiplexes instead of opening one
 * of its own.  PROTO (1.1 or 2) is the version every answer must have
 * come over, so a listener mix-up fails loudly.
 *
 * A first batch of K requests opens the connections and is not counted;
 * then prints "<calls/s> <client CPU µs per call> <peak RSS KiB>" (CPU:
 * user + system of this process over the timed calls, getrusage).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/resource.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "body_sink.h"

typedef struct slot {
    CURL *h;
    body_sink body;
} slot;

typedef struct loop {
    CURLM *m;
    slot *slots;
    long want_version; /* CURL_HTTP_VERSION_1_1 or _2_0 */
    long started;
    long done;
    long failed;
} loop;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* 1 when the transfer on s ended well: 200, the expected HTTP version,
 * and the body is the object the endpoint's model describes.  The first
 * few failures are told (the count comes at the end). */
static int answer_ok(const loop *l, slot *s, CURLcode rc)
{
    static int told;
    long code = 0, version = 0;
    if (rc != CURLE_OK) {
        if (told++ < 3)
            fprintf(stderr, "multi_bare: %s\n", curl_easy_strerror(rc));
        return 0;
    }
    curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(s->h, CURLINFO_HTTP_VERSION, &version);
    if (code != 200 || version != l->want_version) {
        if (told++ < 3)
            fprintf(stderr, "multi_bare: status %ld, HTTP version %ld\n",
                    code, version);
        return 0;
    }
    cJSON *j = cJSON_ParseWithLength(s->body.data, s->body.len);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(j, "name");
    int ok = cJSON_IsNumber(id) && id->valuedouble == 1 &&
             cJSON_IsString(name);
    cJSON_Delete(j);
    return ok;
}

static void start(loop *l, slot *s)
{
    s->body.len = 0;
    curl_multi_add_handle(l->m, s->h);
    l->started++;
}

/* Runs until `total` calls have ended, starting a new one on each handle
 * that finishes while fewer than `total` have been started. */
static void run(loop *l, long k, long total)
{
    l->started = l->done = l->failed = 0;
    for (long i = 0; i < k && l->started < total; i++)
        start(l, &l->slots[i]);
    while (l->done < total) {
        int running = 0, left = 0;
        curl_multi_perform(l->m, &running);
        CURLMsg *msg;
        while ((msg = curl_multi_info_read(l->m, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            CURL *h = msg->easy_handle;
            CURLcode rc = msg->data.result;
            slot *s = NULL;
            curl_easy_getinfo(h, CURLINFO_PRIVATE, (char **)&s);
            if (!answer_ok(l, s, rc))
                l->failed++;
            l->done++;
            curl_multi_remove_handle(l->m, h);
            if (l->started < total)
                start(l, s);
        }
        if (l->done < total)
            curl_multi_poll(l->m, NULL, 0, 1000, NULL);
    }
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: multi_bare URL N K CA_FILE 1.1|2\n");
        return 2;
    }
    const char *url = argv[1], *ca = argv[4];
    long n = strtol(argv[2], NULL, 10), k = strtol(argv[3], NULL, 10);
    loop l = {0};
    l.want_version = strcmp(argv[5], "2") == 0 ? CURL_HTTP_VERSION_2_0
                                                : CURL_HTTP_VERSION_1_1;
    if (n <= 0 || k <= 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
        return 2;
    l.m = curl_multi_init();
    l.slots = calloc((size_t)k, sizeof *l.slots);
    if (!l.m || !l.slots)
        return 2;
    for (long i = 0; i < k; i++) {
        slot *s = &l.slots[i];
        s->h = curl_easy_init();
        if (!s->h)
            return 2;
        curl_easy_setopt(s->h, CURLOPT_URL, url);
        curl_easy_setopt(s->h, CURLOPT_CAINFO, ca);
        curl_easy_setopt(s->h, CURLOPT_HTTP_VERSION,
                         (long)CURL_HTTP_VERSION_2TLS);
        curl_easy_setopt(s->h, CURLOPT_PIPEWAIT, 1L);
        curl_easy_setopt(s->h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(s->h, CURLOPT_TIMEOUT_MS, 30000L);
        curl_easy_setopt(s->h, CURLOPT_WRITEFUNCTION, body_sink_write);
        curl_easy_setopt(s->h, CURLOPT_WRITEDATA, &s->body);
        curl_easy_setopt(s->h, CURLOPT_PRIVATE, (char *)s);
    }

    run(&l, k, k);
    long failed = l.failed;
    double c0 = cpu_s(), t0 = now_s();
    run(&l, k, n);
    double t1 = now_s(), c1 = cpu_s();
    failed += l.failed;

    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    for (long i = 0; i < k; i++) {
        curl_easy_cleanup(l.slots[i].h);
        free(l.slots[i].body.data);
    }
    free(l.slots);
    curl_multi_cleanup(l.m);
    curl_global_cleanup();
    if (failed) {
        fprintf(stderr, "multi_bare: %ld of %ld calls failed\n", failed,
                n + k);
        return 1;
    }
    printf("%.0f %.2f %ld\n", (double)n / (t1 - t0),
           (c1 - c0) * 1e6 / (double)n, ru.ru_maxrss);
    return 0;
}
