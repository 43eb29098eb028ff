/*
 * JSON pointers and $ref: the pointer of what the importer is reading
 * (for warnings), and local references followed through the document.
 *
 * Only local references ("#/components/schemas/Pet") are followed here:
 * openapi_files.c has already made those into other files local, and
 * what it did not follow (a URL) is reported where it is used.  A
 * chain of references that comes back to itself is reported as cyclic.
 * Each distinct $ref string is resolved once and cached.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "import/openapi/openapi.h"

void oa_warn(oa_ctx *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *where = c->ptr.len ? c->ptr.data : "/";
    /* A schema merged into several models (allOf) is read again for
     * each: say a thing once. */
    buf key;
    buf_init(&key);
    buf_printf(&key, "%s: %s", where, msg);
    if (buf_failed(&key) || imp_map_get(&c->warned, key.data, 0)) {
        buf_free(&key);
        return;
    }
    if (!imp_map_put(&c->warned, key.data, 1))
        c->sp->oom = 1;
    buf_free(&key);
    diag_warning(c->d, c->file, 0, 0, "%s: %s", where, msg);
}

size_t oa_push(oa_ctx *c, const char *seg)
{
    size_t old = c->ptr.len;
    buf_putc(&c->ptr, '/');
    for (const char *p = seg; *p; p++) {
        size_t plain = strcspn(p, "~/"); /* copied as one run */
        buf_append(&c->ptr, p, plain);
        p += plain;
        if (*p == '~')
            buf_puts(&c->ptr, "~0");
        else if (*p == '/')
            buf_puts(&c->ptr, "~1");
        else
            break;
    }
    return old;
}

size_t oa_push_index(oa_ctx *c, size_t i)
{
    char n[32];
    snprintf(n, sizeof n, "%zu", i);
    return oa_push(c, n);
}

void oa_pop(oa_ctx *c, size_t len)
{
    if (len <= c->ptr.len && c->ptr.data) {
        c->ptr.len = len;
        c->ptr.data[len] = '\0';
    }
}

char *oa_ptr_swap(oa_ctx *c, const char *ptr)
{
    char *saved = imp_strdup(c->sp, c->ptr.len ? c->ptr.data : "");
    oa_pop(c, 0);
    buf_puts(&c->ptr, ptr);
    return saved;
}

void oa_ptr_restore(oa_ctx *c, char *saved)
{
    oa_pop(c, 0);
    if (saved)
        buf_puts(&c->ptr, saved);
    free(saved);
}

static int hex(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* The fragment of a local $ref, percent-decoded (it is a URI fragment),
 * still a JSON pointer. */
static char *decode_fragment(oa_ctx *c, const char *frag)
{
    size_t n = strlen(frag);
    char *out = malloc(n + 1);
    if (!out) {
        c->sp->oom = 1;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (frag[i] == '%' && i + 2 < n && hex(frag[i + 1]) >= 0 &&
            hex(frag[i + 2]) >= 0) {
            out[o++] = (char)(hex(frag[i + 1]) * 16 + hex(frag[i + 2]));
            i += 2;
        } else {
            out[o++] = frag[i];
        }
    }
    out[o] = '\0';
    return out;
}

/* The member of n named by one pointer token (escaped). */
static const cJSON *step(const cJSON *n, const char *tok, size_t len)
{
    char small[256];
    char *key = len < sizeof small ? small : malloc(len + 1);
    if (!key)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len; i++) {
        if (tok[i] == '~' && i + 1 < len && tok[i + 1] == '1') {
            key[k++] = '/';
            i++;
        } else if (tok[i] == '~' && i + 1 < len && tok[i + 1] == '0') {
            key[k++] = '~';
            i++;
        } else {
            key[k++] = tok[i];
        }
    }
    key[k] = '\0';
    const cJSON *out = NULL;
    if (cJSON_IsObject(n)) {
        out = cJSON_GetObjectItemCaseSensitive(n, key);
    } else if (cJSON_IsArray(n) && k > 0 && strspn(key, "0123456789") == k &&
               k < 10) {
        out = cJSON_GetArrayItem(n, (int)strtol(key, NULL, 10));
    }
    if (key != small)
        free(key);
    return out;
}

static const cJSON *walk(const cJSON *root, const char *ptr)
{
    const cJSON *n = root;
    const char *p = ptr;
    if (*p == '\0')
        return n;
    if (*p != '/')
        return NULL;
    while (n && *p == '/') {
        p++;
        size_t len = strcspn(p, "/");
        n = step(n, p, len);
        p += len;
    }
    return n;
}

/* Resolves one $ref string (cached); returns the cache index or
 * IMP_NONE when out of memory. */
static size_t resolve(oa_ctx *c, const char *ref)
{
    size_t i = imp_map_get(&c->ref_index, ref, IMP_NONE);
    if (i != IMP_NONE)
        return i;
    if (c->nrefs == c->refs_cap) {
        size_t cap = c->refs_cap ? c->refs_cap * 2 : 64;
        oa_ref *r = realloc(c->refs, cap * sizeof(*r));
        if (!r) {
            c->sp->oom = 1;
            return IMP_NONE;
        }
        c->refs = r;
        c->refs_cap = cap;
    }
    oa_ref *r = &c->refs[c->nrefs];
    r->node = NULL;
    r->ptr = NULL;
    if (ref[0] == '#') {
        r->ptr = decode_fragment(c, ref + 1);
        if (r->ptr)
            r->node = walk(c->root, r->ptr);
    }
    if (!imp_map_put(&c->ref_index, ref, c->nrefs)) {
        free(r->ptr);
        c->sp->oom = 1;
        return IMP_NONE;
    }
    return c->nrefs++;
}

static const char *const keyword_names[OA_NKEYWORDS] = {
    "$ref",     "type",        "properties", "allOf",    "oneOf",
    "anyOf",    "enum",        "items",      "nullable", "x-nullable",
    "deprecated", "description", "format",   "const",
    "additionalProperties",    "required", "discriminator", "prefixItems"};

const cJSON *oa_key(oa_ctx *c, const cJSON *s, oa_keyword k)
{
    if (!cJSON_IsObject(s))
        return NULL;
    oa_keys *keys = &c->keys;
    if (keys->node != s) {
        memset(keys, 0, sizeof(*keys));
        keys->node = s;
        for (const cJSON *m = s->child; m; m = m->next) {
            for (int i = 0; i < OA_NKEYWORDS; i++) {
                /* The first of duplicate keys wins, as in cJSON. */
                if (!keys->v[i] && m->string &&
                    m->string[0] == keyword_names[i][0] &&
                    strcmp(m->string, keyword_names[i]) == 0) {
                    keys->v[i] = m;
                    break;
                }
            }
        }
    }
    return keys->v[k];
}

#define MAX_HOPS 32

const cJSON *oa_deref(oa_ctx *c, const cJSON *n, const char **ptr)
{
    const cJSON *seen[MAX_HOPS];
    size_t nseen = 0;
    if (ptr)
        *ptr = NULL;
    for (;;) {
        const cJSON *ref = oa_key(c, n, OA_REF);
        if (!cJSON_IsString(ref))
            return n;
        const char *s = ref->valuestring;
        if (s[0] != '#') {
            oa_warn(c, "$ref '%s' is not in this document; not followed "
                       "(the value is treated as unknown)", s);
            return NULL;
        }
        size_t i = resolve(c, s);
        if (i == IMP_NONE)
            return NULL;
        if (!c->refs[i].node) {
            oa_warn(c, "$ref '%s' does not resolve in this document", s);
            return NULL;
        }
        if (nseen == MAX_HOPS) {
            oa_warn(c, "$ref '%s': a chain of more than %d references",
                    s, MAX_HOPS);
            return NULL;
        }
        seen[nseen++] = n;
        for (size_t k = 0; k < nseen; k++) {
            if (seen[k] == c->refs[i].node) {
                oa_warn(c, "$ref '%s' is cyclic: it leads back to itself",
                        s);
                return NULL;
            }
        }
        n = c->refs[i].node;
        if (ptr)
            *ptr = c->refs[i].ptr;
    }
}

void oa_refs_free(oa_ctx *c)
{
    for (size_t i = 0; i < c->nrefs; i++)
        free(c->refs[i].ptr);
    free(c->refs);
    c->refs = NULL;
    c->nrefs = c->refs_cap = 0;
    imp_map_free(&c->ref_index);
}
