/*
 * The loader's small tools: typed reads of YAML nodes that report what is
 * wrong where, key checks with "did you mean" suggestions, and memory
 * helpers that remember an allocation failure.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "load/spec_load_internal.h"

void ld_error(ld_ctx *l, const ytree_node *at, const char *fmt, ...)
{
    if (at && at->refused)
        return; /* its problem is reported already */
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(l->d, l->path, at ? at->line : 0, at ? at->col : 0, "%s",
               msg);
}

spec_pos ld_pos(const ytree_node *n)
{
    spec_pos p = {0, 0};
    if (n) {
        p.line = n->line;
        p.col = n->col;
    }
    return p;
}

const char *ld_describe(const ytree_node *n)
{
    if (n->kind == YTREE_MAP)
        return "a mapping";
    if (n->kind == YTREE_SEQ)
        return "a list";
    switch (ytree_resolve(n)) {
    case YTREE_NULL:
        return "null";
    case YTREE_BOOL:
        return "a boolean";
    case YTREE_INT:
    case YTREE_FLOAT:
        return "a number";
    case YTREE_STR:
        break;
    }
    return "a string";
}

int ld_want_map(ld_ctx *l, const ytree_node *n)
{
    if (n->kind == YTREE_MAP)
        return 1;
    ld_error(l, n, "expected a mapping, got %s", ld_describe(n));
    return 0;
}

int ld_want_seq(ld_ctx *l, const ytree_node *n)
{
    if (n->kind == YTREE_SEQ)
        return 1;
    ld_error(l, n, "expected a list, got %s", ld_describe(n));
    return 0;
}

const ytree_node *ld_key(const ytree_node *map, const char *key)
{
    if (!map || map->kind != YTREE_MAP)
        return NULL;
    for (size_t i = 0; i < map->npairs; i++)
        if (strcmp(map->pairs[i].key->text, key) == 0)
            return map->pairs[i].key;
    return NULL;
}

int ld_in_list(const char *name, const char *const *list)
{
    for (; *list; list++)
        if (name[0] == (*list)[0] && strcmp(name, *list) == 0)
            return 1;
    return 0;
}

static size_t list_len(const char *const *list)
{
    size_t n = 0;
    while (list[n])
        n++;
    return n;
}

void ld_unknown_key(ld_ctx *l, const ytree_node *key, const char *what,
                    const char *const *allowed)
{
    const char *hint = spec_suggest(key->text, allowed, list_len(allowed));
    if (hint)
        ld_error(l, key, "unknown key '%s' in %s; did you mean '%s'?",
                 key->text, what, hint);
    else
        ld_error(l, key, "unknown key '%s' in %s", key->text, what);
}

void ld_missing(ld_ctx *l, const ytree_node *map, const char *what,
                const char *const *required)
{
    for (; required && *required; required++)
        if (!ld_key(map, *required))
            ld_error(l, map, "missing required key '%s' in %s", *required,
                     what);
}

void ld_keys(ld_ctx *l, const ytree_node *map, const char *what,
             const char *const *allowed, const char *const *required)
{
    for (size_t i = 0; i < map->npairs; i++)
        if (!ld_in_list(map->pairs[i].key->text, allowed))
            ld_unknown_key(l, map->pairs[i].key, what, allowed);
    ld_missing(l, map, what, required);
}

void *ld_calloc(ld_ctx *l, size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p)
        l->oom = 1;
    return p;
}

char *ld_strdup(ld_ctx *l, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        l->oom = 1;
        return NULL;
    }
    memcpy(p, s, n);
    return p;
}

/* "expected X, got Y", with a hint to quote a plain scalar that YAML
 * reads as a number or boolean. */
static void wrong_type(ld_ctx *l, const ytree_node *n, const char *want)
{
    ytree_scalar_type t = ytree_resolve(n);
    int quote = n->kind == YTREE_SCALAR && (t == YTREE_INT ||
                                            t == YTREE_FLOAT ||
                                            t == YTREE_BOOL);
    ld_error(l, n, "expected %s, got %s%s", want, ld_describe(n),
             quote && strcmp(want, "a string") == 0 ? "; quote it" : "");
}

char *ld_string(ld_ctx *l, const ytree_node *n)
{
    if (n->kind != YTREE_SCALAR || ytree_resolve(n) != YTREE_STR) {
        wrong_type(l, n, "a string");
        return NULL;
    }
    return ld_strdup(l, n->text);
}

int ld_bool(ld_ctx *l, const ytree_node *n, int *out)
{
    if (n->kind != YTREE_SCALAR || ytree_resolve(n) != YTREE_BOOL) {
        wrong_type(l, n, "a boolean (true or false)");
        return 0;
    }
    *out = n->text[0] == 't' || n->text[0] == 'T';
    return 1;
}

int ld_int(ld_ctx *l, const ytree_node *n, long long *out)
{
    const char *s = n->text;
    if (n->kind != YTREE_SCALAR || ytree_resolve(n) != YTREE_INT ||
        strncmp(s, "0o", 2) == 0 || strncmp(s, "0x", 2) == 0) {
        wrong_type(l, n, "an integer");
        return 0;
    }
    /* Decimal only; anything longer than 18 digits is out of every range
     * a spec uses, so it cannot overflow. */
    const char *d = (*s == '-' || *s == '+') ? s + 1 : s;
    if (strlen(d) > 18) {
        ld_error(l, n, "integer %s is too large", s);
        return 0;
    }
    long long v = 0;
    for (; *d; d++)
        v = v * 10 + (*d - '0');
    *out = *s == '-' ? -v : v;
    return 1;
}

int ld_enum(ld_ctx *l, const ytree_node *n, const char *key,
            const ld_name *table, size_t count, const char *where, int *out)
{
    if (n->kind != YTREE_SCALAR) {
        wrong_type(l, n, "a string");
        return 0;
    }
    for (size_t i = 0; i < count; i++) {
        if (strcmp(n->text, table[i].name) == 0) {
            *out = table[i].value;
            return 1;
        }
    }
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < count; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", table[i].name);
    ld_error(l, n, "invalid value '%s' for '%s'%s; expected one of: %s",
             n->text, key, where, b.data ? b.data : "");
    buf_free(&b);
    return 0;
}

int ld_vocab(ld_ctx *l, const ytree_node *n, const char *key,
             const vocab *t, const int *only, size_t nonly,
             const char *where, int *out)
{
    ld_name table[16];
    size_t count = 0;
    size_t want = only ? nonly : t->n;
    for (size_t i = 0; i < want && count < 16; i++) {
        const vocab_word *w = only ? vocab_of(t, only[i]) : &t->v[i];
        if (w)
            table[count++] = (ld_name){w->word, w->value};
    }
    return ld_enum(l, n, key, table, count, where, out);
}

void ld_opt_string(ld_ctx *l, const ytree_node *map, const char *key,
                   char **out)
{
    const ytree_node *n = ytree_get(map, key);
    if (n)
        *out = ld_string(l, n);
}

void ld_opt_bool(ld_ctx *l, const ytree_node *map, const char *key,
                 int *out)
{
    const ytree_node *n = ytree_get(map, key);
    if (n)
        ld_bool(l, n, out);
}

int ld_string_list(ld_ctx *l, const ytree_node *n, char ***out,
                   spec_pos **pos, size_t *count)
{
    *out = NULL;
    *pos = NULL;
    *count = 0;
    if (!ld_want_seq(l, n))
        return 0;
    char **v = ld_calloc(l, n->nitems, sizeof(*v));
    spec_pos *p = ld_calloc(l, n->nitems, sizeof(*p));
    if (!v || !p) {
        free(v);
        free(p);
        return 0;
    }
    size_t k = 0;
    for (size_t i = 0; i < n->nitems; i++) {
        char *s = ld_string(l, n->items[i]);
        if (!s)
            continue;
        v[k] = s;
        p[k] = ld_pos(n->items[i]);
        k++;
    }
    *out = v;
    *pos = p;
    *count = k;
    return 1;
}

/* ---- suggestions ----------------------------------------------------- */

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * Optimal string alignment distance (Levenshtein plus swapping two
 * neighbours), ignoring case, cut off above `limit`: words are short, so
 * three rows of the table are enough.
 */
static size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t n = strlen(a), m = strlen(b);
    if ((n > m ? n - m : m - n) > limit || m > 256)
        return limit + 1;
    size_t rows[3][257];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

const char *spec_suggest(const char *word, const char *const *cands,
                         size_t count)
{
    size_t len = strlen(word);
    /* One slip in a short word, two in a longer one, three in a long one:
     * beyond that a "suggestion" is a guess. */
    size_t limit = len <= 4 ? 1 : len <= 10 ? 2 : 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < count; i++) {
        if (!cands[i])
            continue;
        size_t dist = edit_distance(word, cands[i], limit);
        if (dist < best_d) {
            best = cands[i];
            best_d = dist;
        }
    }
    return best;
}
