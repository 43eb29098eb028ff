/*
 * Mustache parser: template text to a node tree.
 *
 * One pass over the source.  Each tag is classified by its sigil, checked
 * for the "standalone" rule (a line holding only whitespace and this tag
 * disappears entirely, newline included) and added to the list of the
 * innermost open section.  Problems do not stop the pass: every one is
 * reported, except an unterminated tag, after which nothing is reliable.
 */
#include "mustache/mustache_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "mustache/mustache_value.h"

#define DELIM_MAX 32
#define DEFAULT_MAX_DEPTH 256

typedef struct open_section {
    mnode *node;
    int before_ok;       /* only whitespace before the tag on its line */
    int standalone;      /* the open tag's line was standalone */
    mnode *ws_node;      /* MN_PARENT: the whitespace before the tag */
    const char *ws;      /* the whitespace before the tag, when before_ok */
    size_t ws_len;
} open_section;

typedef struct parser {
    const char *src;
    size_t len;
    const char *name;
    struct diag *d;
    char open[DELIM_MAX + 1];
    char close[DELIM_MAX + 1];
    size_t olen, clen;
    size_t text_start; /* where the pending text begins */
    mnode_list root;
    open_section *stack;
    size_t depth;
    size_t max_depth;
    int errors;
    int nomem;
    int too_deep; /* the nesting limit was reported */
    size_t beyond; /* sections opened past the limit, not yet closed */
    /* incremental line counting: offsets only grow */
    size_t scan_off; /* counted up to here */
    size_t line_off; /* where the line holding scan_off starts */
    int line;
} parser;

static void position(parser *ps, size_t off, int *line, int *col)
{
    if (off < ps->scan_off) { /* never expected; recount from the start */
        ps->scan_off = ps->line_off = 0;
        ps->line = 1;
    }
    for (size_t i = ps->scan_off; i < off; i++) {
        if (ps->src[i] == '\n') {
            ps->line++;
            ps->line_off = i + 1;
        }
    }
    ps->scan_off = off;
    *line = ps->line;
    *col = (int)(off - ps->line_off) + 1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void error_at(parser *ps, size_t off, const char *fmt, ...);

static void error_at(parser *ps, size_t off, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int line, col;
    position(ps, off, &line, &col);
    diag_error(ps->d, ps->name, line, col, "%s", msg);
    ps->errors++;
}

static int list_push(mnode_list *l, mnode *n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        mnode **items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return -1;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = n;
    return 0;
}

static void node_free(mnode *n)
{
    if (!n)
        return;
    free(n->name);
    free(n->indent);
    free(n->strip);
    mnode_list_free(&n->kids);
    free(n);
}

void mnode_list_free(mnode_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        node_free(l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

static mnode_list *current_list(parser *ps)
{
    return ps->depth ? &ps->stack[ps->depth - 1].node->kids : &ps->root;
}

static mnode *add_node(parser *ps, mnode_kind kind, size_t off)
{
    mnode *n = calloc(1, sizeof *n);
    if (!n || list_push(current_list(ps), n) != 0) {
        free(n);
        ps->nomem = 1;
        return NULL;
    }
    n->kind = kind;
    position(ps, off, &n->line, &n->col);
    return n;
}

static mnode *add_text(parser *ps, size_t from, size_t to)
{
    if (to <= from)
        return NULL;
    mnode *n = add_node(ps, MN_TEXT, from);
    if (n) {
        n->text = ps->src + from;
        n->len = to - from;
    }
    return n;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\v';
}

/* Is everything on the tag's line before `ts` whitespace, with no earlier
 * tag on that line?  Sets *ls to where the whitespace begins. */
static int before_ok(const parser *ps, size_t ts, size_t *ls)
{
    size_t i = ts;
    while (i > ps->text_start && is_blank(ps->src[i - 1]))
        i--;
    *ls = i;
    return i == 0 || ps->src[i - 1] == '\n';
}

/* Is everything after `te` up to the end of the line whitespace?  Sets
 * *next to the start of the following line. */
static int after_ok(const parser *ps, size_t te, size_t *next)
{
    size_t j = te;
    while (j < ps->len && is_blank(ps->src[j]))
        j++;
    if (j == ps->len) {
        *next = j;
        return 1;
    }
    if (ps->src[j] == '\n') {
        *next = j + 1;
        return 1;
    }
    if (ps->src[j] == '\r' && j + 1 < ps->len && ps->src[j + 1] == '\n') {
        *next = j + 2;
        return 1;
    }
    return 0;
}

static const char *find(const char *hay, size_t n, const char *needle,
                        size_t m)
{
    if (m == 0 || n < m)
        return NULL;
    const char *end = hay + n - m;
    for (const char *p = hay; p <= end; p++) {
        p = memchr(p, needle[0], (size_t)(end - p) + 1);
        if (!p)
            return NULL;
        if (memcmp(p, needle, m) == 0)
            return p;
    }
    return NULL;
}

/* Names are "." or dot-separated non-empty parts without whitespace. */
static int valid_name(const char *s, size_t n)
{
    if (n == 1 && s[0] == '.')
        return 1;
    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (is_space(s[i]))
            return 0;
        if (s[i] == '.' && i + 1 < n && s[i + 1] == '.')
            return 0;
    }
    return 1;
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* {{=<% %>=}}: the content between the two '=' is two delimiters. */
static void set_delimiters(parser *ps, size_t ts, const char *s, size_t n)
{
    trim(&s, &n);
    size_t a = 0;
    while (a < n && !is_space(s[a]))
        a++;
    size_t b = a;
    while (b < n && is_space(s[b]))
        b++;
    const char *second = s + b;
    size_t blen = n - b;
    int ok = a > 0 && blen > 0 && a <= DELIM_MAX && blen <= DELIM_MAX;
    for (size_t i = 0; ok && i < blen; i++)
        if (is_space(second[i]) || second[i] == '=')
            ok = 0;
    for (size_t i = 0; ok && i < a; i++)
        if (s[i] == '=')
            ok = 0;
    if (!ok) {
        error_at(ps, ts,
                 "invalid delimiter tag: expected two delimiters without "
                 "'=' or whitespace, each at most %d bytes",
                 DELIM_MAX);
        return;
    }
    memcpy(ps->open, s, a);
    ps->open[a] = '\0';
    ps->olen = a;
    memcpy(ps->close, second, blen);
    ps->close[blen] = '\0';
    ps->clen = blen;
}

static char *leading_blanks(const mnode_list *kids, const char *fallback,
                            size_t fallback_len)
{
    if (kids->n && kids->items[0]->kind == MN_TEXT) {
        const mnode *t = kids->items[0];
        size_t w = 0;
        while (w < t->len && is_blank(t->text[w]))
            w++;
        return dup_n(t->text, w);
    }
    if (kids->n)
        return dup_n("", 0);
    return dup_n(fallback ? fallback : "", fallback ? fallback_len : 0);
}

/* A block written inside a parent tag is an argument.  When its open tag
 * shares a line with other tags, the rest of that line (whitespace and a
 * newline) is not content; its own indentation is taken off on expansion. */
static void finish_argument(parser *ps, mnode *blk, int standalone)
{
    mnode_list *k = &blk->kids;
    if (!standalone && k->n && k->items[0]->kind == MN_TEXT) {
        mnode *t = k->items[0];
        size_t i = 0;
        while (i < t->len && is_blank(t->text[i]))
            i++;
        size_t skip = 0;
        if (i < t->len && t->text[i] == '\n')
            skip = i + 1;
        else if (i + 1 < t->len && t->text[i] == '\r' &&
                 t->text[i + 1] == '\n')
            skip = i + 2;
        t->text += skip;
        t->len -= skip;
    }
    blk->strip = leading_blanks(k, NULL, 0);
    if (!blk->strip)
        ps->nomem = 1;
}

/* The indentation an overriding argument gets where this block stands: on
 * a standalone line, that of the default content (or of the tag when there
 * is none); inline after only whitespace, that whitespace (for the lines
 * after the first); otherwise none. */
static void finish_block(parser *ps, mnode *blk, const open_section *os)
{
    if (os->standalone)
        blk->indent = leading_blanks(&blk->kids, os->ws, os->ws_len);
    else
        blk->indent = dup_n(os->before_ok ? os->ws : "",
                            os->before_ok ? os->ws_len : 0);
    if (!blk->indent)
        ps->nomem = 1;
}

static int names_match(const mnode *open, const char *s, size_t n)
{
    if (strlen(open->name) == n && memcmp(open->name, s, n) == 0)
        return 1;
    /* a dynamic parent may be closed with or without its '*' */
    return open->dynamic && n > 0 && s[0] == '*' &&
           strlen(open->name) == n - 1 && memcmp(open->name, s + 1, n - 1) == 0;
}

static void close_section(parser *ps, size_t ts, const char *s, size_t n,
                          size_t te)
{
    /* The closes of sections dropped at the nesting limit are part of the
     * one error already reported, not errors of their own. */
    if (ps->beyond) {
        ps->beyond--;
        return;
    }
    if (ps->depth == 0) {
        error_at(ps, ts, "closing tag \"%.*s\" has no open section", (int)n,
                 s);
        return;
    }
    open_section *os = &ps->stack[ps->depth - 1];
    mnode *open = os->node;
    if (!names_match(open, s, n)) {
        error_at(ps, ts,
                 "closing tag \"%.*s\" does not match \"%s\" opened at %d:%d",
                 (int)n, s, open->name, open->line, open->col);
        return;
    }
    ps->depth--;
    if (open->kind == MN_PARENT) {
        /* Open and close tags with only the (ignored) arguments between
         * them stand alone together, like one partial tag. */
        size_t next;
        if (os->before_ok && after_ok(ps, te, &next)) {
            if (os->ws_node)
                os->ws_node->len = 0;
            open->indent = dup_n(os->ws, os->ws_len);
            if (!open->indent)
                ps->nomem = 1;
            ps->text_start = next;
        }
        for (size_t i = 0; i < open->kids.n; i++) {
            mnode *k = open->kids.items[i];
            if (k->kind == MN_BLOCK)
                finish_argument(ps, k, k->standalone_open);
        }
    } else if (open->kind == MN_BLOCK) {
        finish_block(ps, open, os);
    }
}

static void push_section(parser *ps, mnode *n, int bok, int standalone,
                         size_t ls, size_t ts, mnode *ws_node)
{
    if (ps->depth == ps->max_depth) {
        /* once is enough: every later tag would repeat it */
        if (!ps->too_deep)
            error_at(ps, ts, "sections nested deeper than %zu",
                     ps->max_depth);
        ps->too_deep = 1;
        ps->beyond++;
        return;
    }
    open_section *os = &ps->stack[ps->depth++];
    os->node = n;
    os->before_ok = bok;
    os->standalone = standalone;
    os->ws_node = ws_node;
    os->ws = ps->src + ls;
    os->ws_len = bok ? ts - ls : 0;
}

/* One tag from `ts` (where its open delimiter starts) to `te` (just past
 * its close delimiter); `c`/`cn` is its content between the delimiters. */
static void handle_tag(parser *ps, size_t ts, size_t te, const char *c,
                       size_t cn)
{
    char sigil = cn ? c[0] : '\0';
    mnode_kind kind;
    int standalone_kind = 1;
    switch (sigil) {
    case '#': kind = MN_SECTION; break;
    case '^': kind = MN_INVERTED; break;
    case '>': kind = MN_PARTIAL; break;
    case '<': kind = MN_PARENT; break;
    case '$': kind = MN_BLOCK; break;
    case '/': case '!': case '=': kind = MN_TEXT; break; /* no node */
    case '{': case '&': kind = MN_RAW; standalone_kind = 0; break;
    default: kind = MN_VAR; standalone_kind = 0; sigil = '\0'; break;
    }
    const char *name = sigil ? c + 1 : c;
    size_t nlen = sigil ? cn - 1 : cn;
    if (sigil == '=' || sigil == '{') /* drop the matching trailing sigil */
        nlen = nlen ? nlen - 1 : 0;
    trim(&name, &nlen);
    int dynamic = 0;
    if ((kind == MN_PARTIAL || kind == MN_PARENT) && nlen && name[0] == '*') {
        dynamic = 1;
        name++;
        nlen--;
        trim(&name, &nlen);
    }

    size_t ls = ts, next = te;
    int bok = before_ok(ps, ts, &ls);
    int standalone = 0;
    if (standalone_kind && kind != MN_PARENT &&
        !(sigil == '/' && ps->depth &&
          ps->stack[ps->depth - 1].node->kind == MN_PARENT))
        standalone = bok && after_ok(ps, te, &next);

    /* The pending text ends where this tag (or its standalone line)
     * begins. */
    mnode *ws_node = NULL;
    if (standalone) {
        add_text(ps, ps->text_start, ls);
        ps->text_start = next;
    } else if (kind == MN_PARENT && bok) {
        add_text(ps, ps->text_start, ls);
        ws_node = add_text(ps, ls, ts);
        ps->text_start = te;
    } else {
        add_text(ps, ps->text_start, ts);
        ps->text_start = te;
    }

    if (sigil == '!')
        return;
    if (sigil == '=') {
        set_delimiters(ps, ts, c + 1, cn >= 2 ? cn - 2 : 0);
        return;
    }
    if (!valid_name(name, nlen)) {
        if (nlen == 0)
            error_at(ps, ts, "tag has no name");
        else
            error_at(ps, ts, "invalid tag name \"%.*s\"", (int)nlen, name);
        return;
    }
    if (sigil == '/') {
        close_section(ps, ts, name, nlen, te);
        return;
    }
    mnode *n = add_node(ps, kind, ts);
    if (!n)
        return;
    n->name = dup_n(name, nlen);
    n->dynamic = dynamic;
    if (!n->name) {
        ps->nomem = 1;
        return;
    }
    n->first = mvalue_first_part(n->name);
    if (kind == MN_PARTIAL && standalone) {
        n->indent = dup_n(ps->src + ls, ts - ls);
        if (!n->indent)
            ps->nomem = 1;
    }
    if (kind == MN_SECTION || kind == MN_INVERTED || kind == MN_PARENT ||
        kind == MN_BLOCK) {
        n->standalone_open = standalone;
        push_section(ps, n, bok, standalone, ls, ts, ws_node);
    }
}

int mustache_parse(const char *src, size_t len, const char *name,
                   size_t max_depth, mnode_list *out, struct diag *d)
{
    parser ps;
    memset(&ps, 0, sizeof ps);
    ps.src = src;
    ps.len = len;
    ps.name = name;
    ps.d = d;
    memcpy(ps.open, "{{", 3);
    memcpy(ps.close, "}}", 3);
    ps.olen = ps.clen = 2;
    ps.line = 1;
    ps.max_depth = max_depth ? max_depth : DEFAULT_MAX_DEPTH;
    ps.stack = calloc(ps.max_depth, sizeof *ps.stack);
    if (!ps.stack) {
        diag_error(d, name, 0, 0, "out of memory");
        return -1;
    }

    size_t pos = 0;
    while (!ps.nomem) {
        const char *o = find(src + pos, len - pos, ps.open, ps.olen);
        if (!o) {
            add_text(&ps, ps.text_start, len);
            break;
        }
        size_t ts = (size_t)(o - src);
        size_t cs = ts + ps.olen;
        char sigil = cs < len ? src[cs] : '\0';
        /* A triple mustache ends with "}" before the close delimiter and a
         * delimiter change with "="; look for the whole ending at once. */
        char endm[DELIM_MAX + 2];
        size_t elen = 0;
        size_t from = cs;
        if (sigil == '{' || sigil == '=') {
            endm[elen++] = sigil == '{' ? '}' : '=';
            from = cs + 1;
        }
        memcpy(endm + elen, ps.close, ps.clen);
        elen += ps.clen;
        const char *e = from <= len ? find(src + from, len - from, endm, elen)
                                    : NULL;
        if (!e) {
            if (sigil == '{' || sigil == '=')
                error_at(&ps, ts, "unclosed tag: no \"%.*s\" after \"%s%c\"",
                         (int)elen, endm, ps.open, sigil);
            else
                error_at(&ps, ts, "unclosed tag: no \"%s\" after \"%s\"",
                         ps.close, ps.open);
            break;
        }
        size_t ce = (size_t)(e - src) + elen - ps.clen; /* content end */
        size_t te = (size_t)(e - src) + elen;
        handle_tag(&ps, ts, te, src + cs, ce - cs);
        pos = te;
    }

    if (!ps.nomem) {
        /* Each open section is a problem of its own, but a template that
         * opens hundreds would bury the first ones: name a few, count the
         * rest. */
        enum { NAMED = 10 };
        for (size_t i = 0; i < ps.depth; i++) {
            mnode *n = ps.stack[i].node;
            if (i == NAMED) {
                diag_error(d, name, n->line, n->col,
                           "%zu more sections from here on are never closed",
                           ps.depth - NAMED);
                ps.errors++;
                break;
            }
            diag_error(d, name, n->line, n->col,
                       "section \"%s\" is never closed", n->name);
            ps.errors++;
        }
    }
    free(ps.stack);
    if (ps.nomem) {
        diag_error(d, name, 0, 0, "out of memory");
        ps.errors++;
    }
    if (ps.errors) {
        mnode_list_free(&ps.root);
        return -1;
    }
    *out = ps.root;
    return 0;
}
