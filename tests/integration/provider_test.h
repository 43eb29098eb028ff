/*
 * Helpers for the provider integration tests: start a provider's test
 * server from tests/servers/, and check the error a failed call left.
 */
#ifndef APICC_TESTS_PROVIDER_TEST_H
#define APICC_TESTS_PROVIDER_TEST_H

#include <stdio.h>
#include <string.h>

#include <apicc/apicc.h>

#include "harness.h"
#include "support/server.h"

/* Starts tests/servers/<script> with up to 8 extra arguments (NULL
 * terminated).  Returns 0, or -1 after a message. */
static inline int provider_server_start(test_server *s, const char *script,
                                        const char *const *args)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/%s", test_servers_dir(), script);
    char *argv[12] = {(char *)test_python(), path};
    int n = 2;
    for (; args && *args && n < 11; args++)
        argv[n++] = (char *)*args;
    argv[n] = NULL;
    return test_server_start(s, argv, 15000);
}

static inline void provider_url(char *buf, size_t cap, const char *scheme,
                                int port, const char *path)
{
    snprintf(buf, cap, "%s://127.0.0.1:%d%s", scheme, port, path ? path : "");
}

/* Reads the server's lines until one starts with `prefix` ("EVENT login");
 * copies it into buf.  Returns 0, or -1 when none came in time. */
static inline int provider_wait_event(test_server *s, const char *prefix,
                                      char *buf, int cap)
{
    for (int i = 0; i < 50; i++) {
        if (test_server_read_line(s, buf, cap, 5000) < 0)
            return -1;
        if (strncmp(buf, prefix, strlen(prefix)) == 0)
            return 0;
    }
    return -1;
}

/* The client's last error must be `st` with this HTTP status and, when
 * given, this provider code and a provider message containing `msg`. */
static inline void check_error(apicc_client *c, apicc_status st, long http,
                               const char *code, const char *msg, int line)
{
    const apicc_error *e = apicc_client_error(c);
    if (e->status != st)
        FAIL("line %d: status %s, want %s (%s)", line,
             apicc_status_name(e->status), apicc_status_name(st), e->message);
    if (e->http_status != http)
        FAIL("line %d: HTTP %ld, want %ld", line, e->http_status, http);
    if (code && (!e->provider_code || strcmp(e->provider_code, code) != 0))
        FAIL("line %d: provider code %s, want %s", line,
             e->provider_code ? e->provider_code : "(none)", code);
    if (msg && (!e->provider_message || !strstr(e->provider_message, msg)))
        FAIL("line %d: provider message \"%s\" lacks \"%s\"", line,
             e->provider_message ? e->provider_message : "(none)", msg);
}

#define CHECK_ERROR(c, st, http, code, msg)                                    \
    check_error((c), (st), (http), (code), (msg), __LINE__)

#endif
