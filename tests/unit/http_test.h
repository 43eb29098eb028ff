/*
 * Helpers shared by the HTTP runtime tests (test_http*.c): starting
 * tests/servers/http_server.py, endpoints filled by hand the way
 * generated code fills them, and reading the JSON the server echoes.
 */
#ifndef APICC_TESTS_HTTP_TEST_H
#define APICC_TESTS_HTTP_TEST_H

#include <stdio.h>
#include <string.h>

#include "apicc/client.h"
#include "client_internal.h"
#include "support/server.h"

/* Starts the HTTP test server, over TLS when cert and key are given. */
static inline int http_server_start(test_server *s, const char *cert,
                                    const char *key)
{
    static char script[512];
    snprintf(script, sizeof script, "%s/http_server.py", test_servers_dir());
    char *argv[] = {(char *)test_python(), script, NULL, NULL, NULL, NULL};
    if (cert && key) {
        argv[2] = (char *)"--tls";
        argv[3] = (char *)cert;
        argv[4] = (char *)key;
    }
    return test_server_start(s, argv, 15000);
}

static inline void http_base_url(char *buf, size_t cap, const char *scheme,
                                 int port)
{
    snprintf(buf, cap, "%s://127.0.0.1:%d", scheme, port);
}

/* A GET endpoint with a JSON response and nothing else. */
static inline apicc_endpoint http_ep(const char *name, const char *method,
                                     const char *path)
{
    apicc_endpoint ep = {0};
    ep.name = name;
    ep.transport = APICC_TRANSPORT_HTTP;
    ep.method = method;
    ep.path = path;
    ep.has_response = 1;
    return ep;
}

/* The string at a dotted path of `json`, or NULL. */
static inline const char *json_str(const cJSON *json, const char *path)
{
    const cJSON *v = apicc__json_at(json, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static inline double json_num(const cJSON *json, const char *path)
{
    const cJSON *v = apicc__json_at(json, path);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* Calls an argument-less endpoint and returns the JSON (caller deletes). */
static inline cJSON *http_get(apicc_client *c, const char *path,
                              apicc_status *st)
{
    apicc_endpoint ep = http_ep("get", "GET", path);
    cJSON *out = NULL;
    *st = apicc_call(c, &ep, NULL, 0, NULL, &out);
    return out;
}

/* The server's connection counter, read over the client's own
 * connection (so reading it opens nothing new). */
static inline long http_server_connections(apicc_client *c)
{
    apicc_status st;
    cJSON *j = http_get(c, "/stats", &st);
    long n = st == APICC_OK ? (long)json_num(j, "connections") : -1;
    cJSON_Delete(j);
    return n;
}

static inline long http_attempts(apicc_client *c, const char *key)
{
    char path[128];
    snprintf(path, sizeof path, "/count?key=%s", key);
    apicc_status st;
    cJSON *j = http_get(c, path, &st);
    long n = st == APICC_OK ? (long)json_num(j, "attempts") : -1;
    cJSON_Delete(j);
    return n;
}

#endif
