/*
 * apicc_client_free wipes every secret: after a Basic login with a
 * password in its body, a token taken from a response and sent as a
 * Bearer header, API keys in the query and in a cookie, a signing secret
 * and a passphrase set together for a signature scheme, and a WebSocket
 * call carrying a secret, all of them traced, none of them may be left
 * anywhere in the process's writable memory (the heap, anonymous
 * mappings such as libcurl's and the allocator's, the libraries' data),
 * once the clients are freed.
 *
 * The program reads its own memory through /proc/self/mem into a buffer
 * on the stack, and leaves its stack out: that is where the test keeps
 * the secrets it looks for (built at run time, so no whole secret is in
 * the program's text either), and wipes before it frees anything.
 */
#define _GNU_SOURCE /* memmem */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <apicc/sign.h>

#include "provider_test.h"
#include "secrets/secrets.h"
#include "secrets_ws/secrets_ws.h"

enum {
    PASSWORD, BASIC_LINE, TOKEN, QUERY_KEY, COOKIE_KEY, WS_NOTE, SIGN_SECRET,
    PASSPHRASE, NSECRETS
};
static const char *const secret_names[NSECRETS] = {
    "password", "Basic credentials (base64)", "bearer token",
    "API key (query)", "API key (cookie)", "WebSocket message",
    "signing secret", "passphrase"};

typedef struct secrets {
    char text[NSECRETS][96];
} secrets;

/* Distinctive values, different on every run, made on the stack. */
static void make_secrets(secrets *s)
{
    static const char *const prefix[NSECRETS] = {
        "pw", "", "tk", "kq", "kc", "ws", "ss", "pp"};
    unsigned seed = (unsigned)getpid() * 2654435761u;
    for (int i = 0; i < NSECRETS; i++)
        snprintf(s->text[i], sizeof s->text[i], "%s-%08x-%08x-wipe-me",
                 prefix[i], seed, seed ^ (0x9e3779b9u * (unsigned)(i + 1)));
    /* what the Authorization header carries: base64 of user:password */
    char pair[128];
    snprintf(pair, sizeof pair, "alice:%s", s->text[PASSWORD]);
    char *b64 = apicc_base64_encode(pair, strlen(pair));
    snprintf(s->text[BASIC_LINE], sizeof s->text[BASIC_LINE], "%s",
             b64 ? b64 : "?");
    if (b64) {
        apicc_wipe(b64, strlen(b64));
        free(b64);
    }
    apicc_wipe(pair, sizeof pair);
}

/* ---- the calls ----------------------------------------------------------- */

/* Every call is traced, so the copies a trace makes (redacted lines and
 * URLs, the response headers read to redact them) are scanned too. */
static int traced;

static void count_trace(const apicc_trace_event *e, void *user)
{
    (void)e;
    (*(int *)user)++;
}

static void http_calls(const secrets *s, int port)
{
    char base[128];
    provider_url(base, sizeof base, "http", port, "");
    apicc_client *c = secrets_client_new(base);
    apicc_client_set_trace(c, count_trace, &traced);
    CHECK_INT(secrets_set_basic(c, "alice", s->text[PASSWORD]), APICC_OK);
    secrets_credentials login = {.user = "alice",
                                 .password = s->text[PASSWORD]};
    secrets_echo *echo = NULL;
    CHECK_INT(secrets_login(c, &login, &echo), APICC_OK);
    secrets_echo_free(echo);

    /* the token comes in a response and goes out as a Bearer header */
    char body[192];
    snprintf(body, sizeof body, "{\"token\": \"%s\"}", s->text[TOKEN]);
    secrets_take_token_params tp = {.body = body};
    secrets_token *tok = NULL;
    CHECK_INT(secrets_take_token(c, &tp, &tok), APICC_OK);
    secrets_token_free(tok);
    apicc_wipe(body, sizeof body);
    echo = NULL;
    CHECK_INT(secrets_with_bearer(c, &echo), APICC_OK);
    secrets_echo_free(echo);

    CHECK_INT(secrets_set_key_query(c, s->text[QUERY_KEY]), APICC_OK);
    echo = NULL;
    CHECK_INT(secrets_with_query_key(c, &echo), APICC_OK);
    secrets_echo_free(echo);
    CHECK_INT(secrets_set_key_cookie(c, s->text[COOKIE_KEY]), APICC_OK);
    echo = NULL;
    CHECK_INT(secrets_with_cookie_key(c, &echo), APICC_OK);
    secrets_echo_free(echo);
    /* a signature scheme's secret and passphrase, set together */
    CHECK_INT(secrets_set_signed_credentials(c, "key-1", s->text[SIGN_SECRET],
                                             s->text[PASSPHRASE]),
              APICC_OK);
    echo = NULL;
    CHECK_INT(secrets_with_signature(c, &echo), APICC_OK);
    secrets_echo_free(echo);
    apicc_client_free(c);
}

static void ws_call(const secrets *s, int port)
{
    char base[128];
    provider_url(base, sizeof base, "ws", port, "/ws");
    apicc_client *c = secrets_ws_client_new(base);
    apicc_client_set_trace(c, count_trace, &traced);
    secrets_ws_echo_params p = {.note = s->text[WS_NOTE]};
    secrets_ws_echoed *out = NULL;
    CHECK_INT(secrets_ws_echo(c, &p, &out), APICC_OK);
    secrets_ws_echoed_free(out);
    apicc_client_free(c);
}

/* ---- the scan ------------------------------------------------------------ */

typedef struct hit {
    int secret;
    char where[160];
} hit;

#define MAX_HITS 32
static hit hits[MAX_HITS]; /* in .bss: holds names, never a secret */
static int nhits;

static void note_hit(int secret, const char *mapping, unsigned long addr)
{
    for (int i = 0; i < nhits; i++)
        if (hits[i].secret == secret && strstr(hits[i].where, mapping))
            return; /* one line per secret and mapping */
    if (nhits == MAX_HITS)
        return;
    hits[nhits].secret = secret;
    snprintf(hits[nhits].where, sizeof hits[nhits].where, "%s at %#lx",
             mapping, addr);
    nhits++;
}

/* Looks for every secret in [start, end) of this process. */
static void scan_range(int mem, unsigned long start, unsigned long end,
                       const char *mapping, const secrets *s)
{
    /* a chunk, plus room for a secret that straddles two chunks */
    char chunk[65536 + 128];
    size_t keep = 0;
    for (unsigned long at = start; at < end;) {
        size_t want = end - at < 65536 ? end - at : 65536;
        ssize_t n = pread(mem, chunk + keep, want, (off_t)at);
        if (n <= 0)
            break; /* a guard page or the like */
        size_t have = keep + (size_t)n;
        for (int i = 0; i < NSECRETS; i++) {
            size_t len = strlen(s->text[i]);
            const char *f = memmem(chunk, have, s->text[i], len);
            if (f)
                note_hit(i, mapping, at - keep + (unsigned long)(f - chunk));
        }
        keep = have < 127 ? have : 127;
        memmove(chunk, chunk + have - keep, keep);
        at += (unsigned long)n;
    }
    apicc_wipe(chunk, sizeof chunk);
}

static void scan_memory(const secrets *s)
{
    FILE *maps = fopen("/proc/self/maps", "r");
    int mem = open("/proc/self/mem", O_RDONLY);
    if (!maps || mem < 0) {
        FAIL("cannot read /proc/self/maps or /proc/self/mem");
        if (maps)
            fclose(maps);
        if (mem >= 0)
            close(mem);
        return;
    }
    /* The map is read whole first: scanning allocates nothing, but
     * stdio's own buffer must not change the map while it is read. */
    static char lines[512][256];
    int nlines = 0;
    while (nlines < 512 && fgets(lines[nlines], sizeof lines[0], maps))
        nlines++;
    fclose(maps);
    for (int i = 0; i < nlines; i++) {
        unsigned long start, end;
        char perms[8] = "", path[200] = "";
        if (sscanf(lines[i], "%lx-%lx %7s %*s %*s %*s %199[^\n]", &start,
                   &end, perms, path) < 3)
            continue;
        if (perms[0] != 'r' || perms[1] != 'w')
            continue;
        if (strncmp(path, "[stack", 6) == 0 || strcmp(path, "[vvar]") == 0)
            continue;
        /* the stack holding the test's own secrets, also when it has no
         * name (valgrind maps the program's stack itself) */
        unsigned long mine = (unsigned long)(uintptr_t)s;
        if (mine >= start && mine < end)
            continue;
        /* AddressSanitizer's shadow: terabytes reserved, never a copy of
         * data (its heap lies in smaller mappings, which are read) */
        if (end - start > (1UL << 32))
            continue;
        scan_range(mem, start, end, path[0] ? path : "(anonymous)", s);
    }
    close(mem);
}

static const secrets *the_secrets; /* on main's stack */
static test_server http_server, ws_server;

/* The scan finds what it looks for: a copy left on the heap on purpose
 * is found, then wiped. */
TEST(scan_finds_a_planted_copy)
{
    const secrets *s = the_secrets;
    size_t len = strlen(s->text[TOKEN]);
    char *copy = malloc(len + 1);
    CHECK(copy != NULL);
    if (!copy)
        return;
    memcpy(copy, s->text[TOKEN], len + 1);
    scan_memory(s);
    CHECK(nhits > 0);
    apicc_wipe(copy, len);
    free(copy);
    nhits = 0;
}

TEST(no_secret_survives_free)
{
    const secrets *s = the_secrets;
    http_calls(s, http_server.port);
    ws_call(s, ws_server.port);
    CHECK_INT(traced, 7); /* six HTTP calls, one WebSocket call */
    scan_memory(s);
    for (int i = 0; i < nhits; i++)
        FAIL("the %s survived apicc_client_free: %s",
             secret_names[hits[i].secret], hits[i].where);
}

int main(void)
{
    secrets s;
    make_secrets(&s);
    the_secrets = &s;
    if (provider_server_start(&http_server, "http_server.py", NULL) != 0 ||
        provider_server_start(&ws_server, "ws_rpc_server.py", NULL) != 0) {
        printf("FAIL cannot start the test servers\n0 passed, 1 failed\n");
        test_server_stop(&http_server);
        return 1;
    }
    RUN(scan_finds_a_planted_copy);
    RUN(no_secret_survives_free);
    test_server_stop(&http_server);
    test_server_stop(&ws_server);
    apicc_wipe(&s, sizeof s);
    return harness_report();
}
