/*
 * Mustache renderer: a parsed template and a cJSON tree to text.
 *
 * Indentation is applied as the output is written rather than by copying
 * templates: a standalone partial, or a block that an argument replaces,
 * pushes an indentation frame, and template text that starts a line gets
 * the combined indentation of every open frame.  Interpolated values are
 * never re-indented, which is what the spec asks of partials.
 */
#include "mustache/mustache.h"

#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "mustache/mustache_internal.h"
#include "mustache/mustache_value.h"

#define DEFAULT_MAX_DEPTH 256
#define DEFAULT_MAX_OUTPUT ((size_t)256 << 20)

/* Partials are parsed the first time they are used and kept for the rest
 * of the render (a template that includes one partial per endpoint parses
 * it once). */
typedef struct partial_entry {
    char *name;
    int ok;
    mnode_list nodes;
    struct partial_entry *next;
} partial_entry;

typedef struct indent_frame {
    const char *strip; /* taken off the start of each line ("" for none) */
    const char *add;   /* then put in front */
} indent_frame;

/* The arguments of every parent being rendered, innermost first; the
 * outermost definition of a block wins. */
typedef struct overrides {
    const mnode *parent;
    const struct overrides *outer;
} overrides;

typedef struct render {
    const tmpl_options *opt;
    struct diag *d;
    buf out;
    const cJSON **ctx;
    size_t nctx, capctx;
    indent_frame *ind;
    size_t nind;
    int at_line_start;
    size_t depth, max_depth, max_output;
    partial_entry *partials;
    int failed;
} render;

static int render_list(render *r, const mnode_list *l, const char *file,
                       const overrides *ov);

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void fail(render *r, const char *file, const mnode *n,
                 const char *fmt, ...);

static void fail(render *r, const char *file, const mnode *n,
                 const char *fmt, ...)
{
    if (r->failed)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_error(r->d, file, n ? n->line : 0, n ? n->col : 0, "%s", msg);
    r->failed = 1;
}

/* ---- output ------------------------------------------------------------- */

static void too_large(render *r)
{
    fail(r, r->opt->name ? r->opt->name : "template", NULL,
         "output larger than %zu bytes", r->max_output);
}

static void put(render *r, const char *s, size_t n)
{
    if (r->failed || n == 0)
        return;
    if (r->out.len + n > r->max_output) {
        too_large(r);
        return;
    }
    buf_append(&r->out, s, n);
}

static size_t count_blanks(const char *s, size_t n)
{
    size_t w = 0;
    while (w < n && (s[w] == ' ' || s[w] == '\t'))
        w++;
    return w;
}

/* At the start of a line: writes the indentation every open frame asks
 * for, given that the line itself begins with `p` (n bytes).  Returns how
 * many of those bytes it consumed (the line's own leading blanks, which
 * frames may strip). */
static size_t line_start(render *r, const char *p, size_t n)
{
    if (!r->at_line_start)
        return 0;
    r->at_line_start = 0;
    if (r->nind == 0)
        return 0;
    size_t w = count_blanks(p, n);
    buf line;
    buf_init(&line);
    buf_append(&line, p, w);
    for (size_t i = r->nind; i-- > 0;) {
        const indent_frame *f = &r->ind[i];
        size_t k = strlen(f->strip);
        size_t have = count_blanks(line.data ? line.data : "", line.len);
        if (k > have)
            k = have;
        buf next;
        buf_init(&next);
        buf_puts(&next, f->add);
        buf_append(&next, line.data ? line.data + k : "", line.len - k);
        buf_free(&line);
        line = next;
    }
    if (buf_failed(&line))
        fail(r, "template", NULL, "out of memory");
    else
        put(r, line.data ? line.data : "", line.len);
    buf_free(&line);
    return w;
}

static void put_text(render *r, const char *p, size_t n)
{
    if (r->nind == 0) {
        put(r, p, n);
        if (n)
            r->at_line_start = p[n - 1] == '\n';
        return;
    }
    while (n && !r->failed) {
        size_t used = line_start(r, p, n);
        p += used;
        n -= used;
        const char *nl = memchr(p, '\n', n);
        size_t seg = nl ? (size_t)(nl - p) + 1 : n;
        put(r, p, seg);
        p += seg;
        n -= seg;
        if (nl)
            r->at_line_start = 1;
    }
}

static void put_value(render *r, const cJSON *v, int escape)
{
    line_start(r, "", 0);
    char tmp[64];
    const char *text;
    size_t n = mvalue_scalar(v, tmp, sizeof tmp, &text);
    if (n == 0 || r->failed)
        return;
    tmpl_escape how = escape ? r->opt->escape : TMPL_ESCAPE_NONE;
    mvalue_escape(text, n, how, &r->out);
    if (r->out.len > r->max_output)
        too_large(r);
}

/* ---- context stack ------------------------------------------------------ */

static int push_ctx(render *r, const cJSON *v)
{
    if (r->nctx == r->capctx) {
        size_t cap = r->capctx ? r->capctx * 2 : 16;
        const cJSON **c = realloc((void *)r->ctx, cap * sizeof *c);
        if (!c) {
            fail(r, "template", NULL, "out of memory");
            return -1;
        }
        r->ctx = c;
        r->capctx = cap;
    }
    r->ctx[r->nctx++] = v;
    return 0;
}

static const cJSON *lookup(render *r, const mnode *n)
{
    return mvalue_lookup(r->ctx, r->nctx, n->name, n->first);
}

/* ---- partials ----------------------------------------------------------- */

static partial_entry *get_partial(render *r, const char *name)
{
    for (partial_entry *e = r->partials; e; e = e->next)
        if (strcmp(e->name, name) == 0)
            return e;
    size_t len = 0;
    const char *text =
        r->opt->partial ? r->opt->partial(r->opt->partial_ctx, name, &len)
                        : NULL;
    if (!text)
        return NULL;
    partial_entry *e = calloc(1, sizeof *e);
    if (!e || !(e->name = strdup(name))) {
        free(e);
        fail(r, "template", NULL, "out of memory");
        return NULL;
    }
    e->ok = mustache_parse(text, len, name, r->max_depth, &e->nodes, r->d) ==
            0;
    e->next = r->partials;
    r->partials = e;
    return e;
}

static void free_partials(render *r)
{
    partial_entry *e = r->partials;
    while (e) {
        partial_entry *next = e->next;
        mnode_list_free(&e->nodes);
        free(e->name);
        free(e);
        e = next;
    }
}

/* The partial a {{>x}} or {{<x}} tag names; NULL when it renders as
 * nothing (or the render failed). */
static partial_entry *resolve_partial(render *r, const mnode *n,
                                      const char *file)
{
    const char *name = n->name;
    if (n->dynamic) {
        const cJSON *v = lookup(r, n);
        name = cJSON_IsString(v) ? v->valuestring : NULL;
        if (!name) {
            if (r->opt->strict_partials)
                fail(r, file, n, "dynamic partial name \"%s\" is not a string"
                                 " in the data", n->name);
            return NULL;
        }
    }
    partial_entry *e = get_partial(r, name);
    if (!e) {
        if (r->opt->strict_partials)
            fail(r, file, n, "unknown partial \"%s\"", name);
        return NULL;
    }
    if (!e->ok) {
        r->failed = 1; /* its parse errors are already reported */
        return NULL;
    }
    return e;
}

static const mnode *find_override(const overrides *ov, const char *name)
{
    if (!ov)
        return NULL;
    const mnode *outer = find_override(ov->outer, name);
    if (outer)
        return outer;
    const mnode_list *k = &ov->parent->kids;
    for (size_t i = 0; i < k->n; i++)
        if (k->items[i]->kind == MN_BLOCK &&
            strcmp(k->items[i]->name, name) == 0)
            return k->items[i];
    return NULL;
}

static int push_indent(render *r, const char *strip, const char *add)
{
    indent_frame *f = realloc(r->ind, (r->nind + 1) * sizeof *f);
    if (!f) {
        fail(r, "template", NULL, "out of memory");
        return -1;
    }
    r->ind = f;
    r->ind[r->nind].strip = strip ? strip : "";
    r->ind[r->nind].add = add ? add : "";
    r->nind++;
    return 0;
}

/* ---- nodes -------------------------------------------------------------- */

static void render_section(render *r, const mnode *n, const char *file,
                           const overrides *ov)
{
    const cJSON *v = lookup(r, n);
    int truthy = mvalue_truthy(v);
    if (n->kind == MN_INVERTED) {
        if (!truthy)
            render_list(r, &n->kids, file, ov);
        return;
    }
    if (!truthy)
        return;
    if (cJSON_IsArray(v)) {
        for (const cJSON *it = v->child; it && !r->failed; it = it->next) {
            if (push_ctx(r, it) != 0)
                return;
            render_list(r, &n->kids, file, ov);
            r->nctx--;
        }
        return;
    }
    if (push_ctx(r, v) != 0)
        return;
    render_list(r, &n->kids, file, ov);
    r->nctx--;
}

static void render_include(render *r, const mnode *n, const char *file,
                           const overrides *ov)
{
    partial_entry *e = resolve_partial(r, n, file);
    if (!e)
        return;
    overrides mine = {n, ov};
    int indented = n->indent && n->indent[0];
    if (indented && push_indent(r, "", n->indent) != 0)
        return;
    render_list(r, &e->nodes, e->name, n->kind == MN_PARENT ? &mine : ov);
    if (indented)
        r->nind--;
}

static void render_block(render *r, const mnode *n, const char *file,
                         const overrides *ov)
{
    const mnode *arg = find_override(ov, n->name);
    if (!arg) {
        render_list(r, &n->kids, file, ov);
        return;
    }
    if (push_indent(r, arg->strip, n->indent) != 0)
        return;
    render_list(r, &arg->kids, file, ov);
    r->nind--;
}

static int render_list(render *r, const mnode_list *l, const char *file,
                       const overrides *ov)
{
    if (r->depth >= r->max_depth) {
        fail(r, file, l->n ? l->items[0] : NULL,
             "templates nested deeper than %zu (a partial that includes "
             "itself?)",
             r->max_depth);
        return -1;
    }
    r->depth++;
    for (size_t i = 0; i < l->n && !r->failed; i++) {
        const mnode *n = l->items[i];
        switch (n->kind) {
        case MN_TEXT: put_text(r, n->text, n->len); break;
        case MN_VAR: put_value(r, lookup(r, n), 1); break;
        case MN_RAW: put_value(r, lookup(r, n), 0); break;
        case MN_SECTION:
        case MN_INVERTED: render_section(r, n, file, ov); break;
        case MN_PARTIAL:
        case MN_PARENT: render_include(r, n, file, ov); break;
        case MN_BLOCK: render_block(r, n, file, ov); break;
        }
    }
    r->depth--;
    return r->failed ? -1 : 0;
}

char *tmpl_render(const char *tmpl, size_t len, const cJSON *data,
                  const tmpl_options *opt, struct diag *d, size_t *out_len)
{
    tmpl_options defaults;
    if (!opt) {
        memset(&defaults, 0, sizeof defaults);
        opt = &defaults;
    }
    const char *name = opt->name ? opt->name : "template";
    render r;
    memset(&r, 0, sizeof r);
    r.opt = opt;
    r.d = d;
    r.max_depth = opt->max_depth ? opt->max_depth : DEFAULT_MAX_DEPTH;
    r.max_output = opt->max_output ? opt->max_output : DEFAULT_MAX_OUTPUT;
    r.at_line_start = 1;
    buf_init(&r.out);

    mnode_list root = {0};
    if (mustache_parse(tmpl, len, name, r.max_depth, &root, d) != 0)
        return NULL;
    if (push_ctx(&r, data) == 0)
        render_list(&r, &root, name, NULL);
    mnode_list_free(&root);
    free_partials(&r);
    free((void *)r.ctx);
    free(r.ind);
    if (!r.failed && buf_failed(&r.out)) {
        diag_error(d, name, 0, 0, "out of memory");
        r.failed = 1;
    }
    if (r.failed) {
        buf_free(&r.out);
        return NULL;
    }
    if (out_len)
        *out_len = r.out.len;
    return buf_take(&r.out);
}
