/*
 * What the last HTTP response left on the client for its caller: the
 * status, the headers (Retry-After, rate limits), the cookies the client
 * keeps for later requests, and how many connections it has opened.
 *
 * Cookies live in libcurl's in-memory cookie engine on the client's own
 * handle, so every client has its own store and nothing is written to disk.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "apicc/sign.h"
#include "client_internal.h"
#include "http_internal.h"

APICC_API long apicc_client_last_http_status(const apicc_client *c)
{
    const struct apicc__http_state *s = apicc__http_state_of(c);
    return s ? s->status : 0;
}

void apicc__http_drop_header_copies(struct apicc__http_state *s)
{
    for (size_t i = 0; i < s->ncopies; i++) {
        /* A header may carry a session (Set-Cookie). */
        apicc_wipe(s->header_copies[i], strlen(s->header_copies[i]));
        free(s->header_copies[i]);
    }
    free(s->header_copies);
    s->header_copies = NULL;
    s->ncopies = 0;
}

/* libcurl keeps the last response's headers (the header API) but reuses
 * what it hands out on the next lookup, so each answer is a copy, kept
 * until the next call. */
APICC_API const char *apicc_client_response_header(const apicc_client *c,
                                                   const char *name)
{
    struct apicc__http_state *s = apicc__http_state_of(c);
    struct curl_header *h = NULL;
    if (!s || !name || !*name ||
        curl_easy_header(s->h, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
        return NULL;
    /* The last one, as for a repeated Retry-After. */
    if (h->amount > 1 &&
        curl_easy_header(s->h, name, h->amount - 1, CURLH_HEADER, -1, &h) !=
            CURLHE_OK)
        return NULL;
    char **copies = realloc(s->header_copies,
                            (s->ncopies + 1) * sizeof *copies);
    if (!copies)
        return NULL;
    s->header_copies = copies;
    char *v = strdup(h->value);
    if (!v)
        return NULL;
    copies[s->ncopies++] = v;
    return v;
}

APICC_API long apicc_client_connection_count(const apicc_client *c)
{
    const struct apicc__http_state *s = apicc__http_state_of(c);
    return s ? s->connections : 0;
}

/* The name and value fields of a cookie line in libcurl's (Netscape)
 * format: domain, tailmatch, path, secure, expires, name, value, split by
 * tabs.  Returns 0 when the line has fewer fields. */
static int cookie_fields(const char *line, const char **name, size_t *nlen,
                         const char **value)
{
    const char *p = line;
    for (int i = 0; i < 5; i++) {
        p = strchr(p, '\t');
        if (!p)
            return 0;
        p++;
    }
    const char *tab = strchr(p, '\t');
    if (!tab)
        return 0;
    *name = p;
    *nlen = (size_t)(tab - p);
    *value = tab + 1;
    return 1;
}

static int cookie_named(const char *line, const char *name,
                        const char **value)
{
    const char *n;
    size_t nlen;
    return cookie_fields(line, &n, &nlen, value) && strlen(name) == nlen &&
           memcmp(n, name, nlen) == 0;
}

APICC_API const char *apicc_client_cookie(const apicc_client *c,
                                          const char *name)
{
    struct apicc__http_state *s = apicc__http_state_of(c);
    if (!s || !name)
        return NULL;
    struct curl_slist *list = NULL;
    if (curl_easy_getinfo(s->h, CURLINFO_COOKIELIST, &list) != CURLE_OK)
        return NULL;
    const char *value = NULL;
    for (struct curl_slist *l = list; l; l = l->next) {
        const char *v;
        if (cookie_named(l->data, name, &v))
            value = v;
    }
    if (s->cookie) {
        apicc_wipe(s->cookie, strlen(s->cookie));
        free(s->cookie);
    }
    s->cookie = value ? strdup(value) : NULL;
    curl_slist_free_all(list);
    return s->cookie;
}

void apicc__http_clear_cookies(apicc_client *c, const char *name)
{
    struct apicc__http_state *s = apicc__http_state_of(c);
    if (!s)
        return;
    if (s->cookie) {
        apicc_wipe(s->cookie, strlen(s->cookie));
        free(s->cookie);
        s->cookie = NULL;
    }
    if (!name) {
        curl_easy_setopt(s->h, CURLOPT_COOKIELIST, "ALL");
        return;
    }
    /* libcurl cannot drop one cookie by name: take them all out and put
     * back every other one. */
    struct curl_slist *list = NULL;
    if (curl_easy_getinfo(s->h, CURLINFO_COOKIELIST, &list) != CURLE_OK)
        return;
    curl_easy_setopt(s->h, CURLOPT_COOKIELIST, "ALL");
    for (struct curl_slist *l = list; l; l = l->next) {
        const char *v;
        if (!cookie_named(l->data, name, &v))
            curl_easy_setopt(s->h, CURLOPT_COOKIELIST, l->data);
    }
    curl_slist_free_all(list);
}
