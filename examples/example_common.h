/*
 * What every example program shares: the command line (--base-url URL
 * and flags of its own), credentials from the environment, one JSON line
 * on stdout per response, and the error of a failed call on stderr.
 */
#ifndef APICC_EXAMPLE_COMMON_H
#define APICC_EXAMPLE_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apicc/apicc.h>

/* The value of --NAME VALUE or --NAME=VALUE in argv, or NULL. */
static inline const char *example_option(int argc, char **argv,
                                         const char *name)
{
    size_t n = strlen(name);
    for (int i = 1; i < argc; i++) {
        if (strncmp(argv[i], "--", 2) != 0 ||
            strncmp(argv[i] + 2, name, n) != 0)
            continue;
        const char *rest = argv[i] + 2 + n;
        if (*rest == '=')
            return rest + 1;
        if (*rest == '\0' && i + 1 < argc)
            return argv[i + 1];
    }
    return NULL;
}

/* Is --NAME on the command line? */
static inline int example_flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0 && strcmp(argv[i] + 2, name) == 0)
            return 1;
    return 0;
}

/* A required environment variable; NULL after a message when unset. */
static inline const char *example_env(const char *name)
{
    const char *v = getenv(name);
    if (!v || !*v) {
        fprintf(stderr, "error: set %s in the environment\n", name);
        return NULL;
    }
    return v;
}

/* With APICC_TRACE=1 in the environment, every HTTP attempt of `c` is
 * printed to stderr (credentials redacted), to see what goes over the
 * wire without a proxy.  Returns c. */
static inline apicc_client *example_trace(apicc_client *c)
{
    const char *t = getenv("APICC_TRACE");
    if (c && t && strcmp(t, "1") == 0)
        apicc_client_set_trace(c, apicc_trace_print, stderr);
    return c;
}

/* Replaces the string at a dotted path ("token.id") with "(redacted)":
 * session keys and tokens are credentials, and never printed. */
static inline void example_redact(cJSON *json, const char *path)
{
    char part[64];
    cJSON *at = json;
    while (at && *path) {
        size_t n = strcspn(path, ".");
        if (n >= sizeof part)
            return;
        memcpy(part, path, n);
        part[n] = '\0';
        at = cJSON_GetObjectItemCaseSensitive(at, part);
        path += n + (path[n] == '.');
    }
    if (cJSON_IsString(at))
        cJSON_SetValuestring(at, "(redacted)");
}

/* Prints {"call": NAME, "response": JSON} on one line and frees json
 * (NULL prints null: a call without a response body). */
static inline void example_print(const char *call, cJSON *json)
{
    cJSON *line = cJSON_CreateObject();
    cJSON_AddStringToObject(line, "call", call);
    cJSON_AddItemToObject(line, "response",
                          json ? json : cJSON_CreateNull());
    char *text = cJSON_PrintUnformatted(line);
    if (text)
        printf("%s\n", text);
    fflush(stdout);
    free(text);
    cJSON_Delete(line);
}

/* The error of the client's last call, on stderr, as one line. */
static inline void example_fail(apicc_client *c, const char *call)
{
    const apicc_error *e = apicc_client_error(c);
    fprintf(stderr,
            "%s failed: %s (%s), HTTP status %ld, provider code %s, "
            "provider message %s\n",
            call, e->message, apicc_status_name(e->status), e->http_status,
            e->provider_code ? e->provider_code : "-",
            e->provider_message ? e->provider_message : "-");
}

#endif
