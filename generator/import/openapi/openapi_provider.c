/*
 * Guessing the provider name, the prefix of every generated C name, when
 * --provider does not give one.  It is typed in every call, so it should
 * be short and read as the company: the server host's own name
 * ("api.github.com" -> github) when it has one, else the first words of
 * the title without the words every API title has.  camelCase in the
 * title is not split: "GitHub's official OpenAPI spec" reads "github",
 * not "git_hub_s".  The guess is reported, so a user sees it at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "import/openapi/openapi.h"

static int in_list(const char *const *words, const char *w, size_t n)
{
    for (; *words; words++)
        if (strlen(*words) == n && strncmp(w, *words, n) == 0)
            return 1;
    return 0;
}

/* Words of titles that say nothing about whose API it is. */
static const char *const title_filler[] = {
    "api", "apis", "rest", "restful", "openapi", "swagger", "http", "json",
    "the", "s", "official", "spec", "specification", "description",
    "documentation", "docs", "service", "services", "for", "of", "v1",
    "v2", "v3", "public", NULL};

/* Host names that are a platform's, not the provider's. */
static const char *const generic_hosts[] = {
    "localhost", "example", "swagger", "amazonaws", "herokuapp",
    "azurewebsites", "cloudfront", "githubusercontent", NULL};

/* The label before the top-level domain of the first server's host
 * ("https://api.eu.example.com:8443/v1" -> example), into out; 0 when
 * there is none worth a name. */
static int from_host(const imp_spec *sp, char *out, size_t size,
                     const char **host_out)
{
    if (!sp->nservers || !sp->servers[0].url || sp->servers[0].note)
        return 0; /* a guessed server says nothing */
    const char *h = strstr(sp->servers[0].url, "://");
    h = h ? h + 3 : sp->servers[0].url;
    size_t n = strcspn(h, ":/?#");
    const char *last = NULL, *prev = NULL;
    for (const char *p = h; p < h + n; p++) {
        if (p == h || p[-1] == '.') {
            prev = last;
            last = p;
        }
    }
    if (!prev || (last[0] >= '0' && last[0] <= '9'))
        return 0; /* no dot, or an IP address */
    size_t len = (size_t)(last - 1 - prev);
    if (len == 0 || len >= size || in_list(generic_hosts, prev, len))
        return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = prev[i];
        out[i] = ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
        if (!((out[i] >= 'a' && out[i] <= 'z') ||
              (out[i] >= '0' && out[i] <= '9')))
            out[i] = '_';
    }
    out[len] = '\0';
    *host_out = h;
    return 1;
}

/* The first two telling words of the title, lower case, '_' between. */
static char *from_title(const char *title)
{
    buf b;
    buf_init(&b);
    int words = 0;
    for (const char *w = title ? title : ""; *w && words < 2;) {
        size_t n = 0;
        while (w[n] && ((w[n] >= 'a' && w[n] <= 'z') ||
                        (w[n] >= 'A' && w[n] <= 'Z') ||
                        (w[n] >= '0' && w[n] <= '9')))
            n++;
        if (n == 0) {
            w++;
            continue;
        }
        char low[64];
        size_t k = n < sizeof low - 1 ? n : sizeof low - 1;
        for (size_t i = 0; i < k; i++)
            low[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] - 'A' + 'a')
                                                : w[i];
        low[k] = '\0';
        if (!in_list(title_filler, low, k) && b.len + k + 1 <= 24) {
            if (b.len)
                buf_putc(&b, '_');
            buf_append(&b, low, k);
            words++;
        }
        w += n;
    }
    if (b.len == 0)
        buf_puts(&b, "api");
    return buf_take(&b);
}

void oa_provider(oa_ctx *c, const char *title)
{
    imp_spec *sp = c->sp;
    char host_name[64];
    const char *host = NULL;
    char *p = from_host(sp, host_name, sizeof host_name, &host)
                  ? imp_strdup(sp, host_name)
                  : from_title(title);
    if (p && (!(p[0] >= 'a' && p[0] <= 'z') || cname_is_keyword(p) ||
              strncmp(p, "apicc", 5) == 0)) {
        size_t n = strlen(p) + 5;
        char *q = malloc(n);
        if (q)
            snprintf(q, n, "api_%s", p);
        free(p);
        p = q;
    }
    if (!p) {
        sp->oom = 1;
        return;
    }
    sp->provider = imp_keep(sp, p);
    size_t len = oa_push(c, host ? "servers" : "info");
    oa_push(c, host ? "0" : "title");
    oa_warn(c, "provider name '%s' guessed from the %s; --provider NAME "
               "chooses another", sp->provider ? sp->provider : "", host ? "server host" : "title");
    oa_pop(c, len);
    imp_note(sp, &sp->provider_note, "guessed from the %s; choose another "
                                     "with --provider NAME",
             host ? "server host" : "title");
}
