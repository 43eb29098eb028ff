/*
 * Model docs and type names of openapi-generator markdown.
 *
 * A model doc is "# Name", then "## Properties" and a table of Name,
 * Type, Description and Notes.  The Name column holds the generator's
 * field name, which is the JSON name in most languages' docs but not in
 * Go's (OrganizationId for organization_id): a Go doc's capitalized names
 * are turned into snake_case unless --json-names says otherwise, with a
 * "guessed" comment.  "[optional]" in Notes, or Go's "Pointer to", makes
 * a property optional; anything else is required.
 *
 * Type names come from Go (string, int64, []T, map[string]T,
 * time.Time), Java (String, Long, List<T>, Map<String, T>,
 * OffsetDateTime) and others; a name that is none of them is a model.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/cname.h"
#include "base/diag.h"
#include "import/markdown/md_internal.h"

void md_warn(md_ctx *c, const char *file, size_t line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_warning(c->d, file, (int)line, line ? 1 : 0, "%s", msg);
}

size_t md_model(md_ctx *c, const char *name)
{
    size_t idx = imp_map_get(&c->models, name, IMP_NONE);
    if (idx != IMP_NONE)
        return idx;
    idx = imp_add_model(c->sp, name);
    if (idx == IMP_NONE)
        return IMP_NONE;
    if (idx >= c->documented_cap) {
        size_t cap = c->documented_cap ? c->documented_cap * 2 : 64;
        while (cap <= idx)
            cap *= 2;
        unsigned char *p = realloc(c->documented, cap);
        if (!p) {
            c->sp->oom = 1;
            return IMP_NONE;
        }
        memset(p + c->documented_cap, 0, cap - c->documented_cap);
        c->documented = p;
        c->documented_cap = cap;
    }
    if (!imp_map_put(&c->models, name, idx))
        c->sp->oom = 1;
    return idx;
}

/* ---- types ----------------------------------------------------------- */

typedef struct scalar_name {
    const char *name;
    imp_kind kind;
    const char *format;
} scalar_name;

static const scalar_name scalars[] = {
    {"string", IMP_STRING, NULL},        {"int", IMP_INTEGER, NULL},
    {"int32", IMP_INTEGER, "int32"},     {"integer", IMP_INTEGER, "int32"},
    {"int64", IMP_INTEGER, "int64"},     {"long", IMP_INTEGER, "int64"},
    {"float32", IMP_NUMBER, "float"},    {"float", IMP_NUMBER, "float"},
    {"float64", IMP_NUMBER, "double"},   {"double", IMP_NUMBER, "double"},
    {"number", IMP_NUMBER, NULL},        {"bigdecimal", IMP_NUMBER, NULL},
    {"bool", IMP_BOOLEAN, NULL},         {"boolean", IMP_BOOLEAN, NULL},
    {"time.Time", IMP_STRING, "date-time"},
    {"OffsetDateTime", IMP_STRING, "date-time"},
    {"DateTime", IMP_STRING, "date-time"},
    {"Date", IMP_STRING, "date"},        {"LocalDate", IMP_STRING, "date"},
    {"UUID", IMP_STRING, "uuid"},        {"File", IMP_STRING, "binary"},
    {"os.File", IMP_STRING, "binary"},   {"byte[]", IMP_STRING, "binary"},
    {"[]byte", IMP_STRING, "binary"},    {"object", IMP_ANY, NULL},
    {"interface{}", IMP_ANY, NULL},      {"AnyType", IMP_ANY, NULL},
    {"any", IMP_ANY, NULL},              {"JsonNode", IMP_ANY, NULL},
};

static imp_type *scalar(md_ctx *c, const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
        if (strlen(scalars[i].name) == n &&
            strncasecmp(scalars[i].name, s, n) == 0) {
            imp_type *t = imp_type_new(c->sp, scalars[i].kind);
            if (t)
                t->format = imp_save(c->sp, scalars[i].format);
            return t;
        }
    }
    return NULL;
}

static int starts(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && strncasecmp(s, prefix, k) == 0;
}

static imp_type *parse(md_ctx *c, const char *s, size_t n, int depth);

static imp_type *wrap(md_ctx *c, imp_kind kind, const char *s, size_t n,
                      int depth)
{
    imp_type *inner = parse(c, s, n, depth + 1);
    imp_type *t = inner ? imp_type_new(c->sp, kind) : NULL;
    if (!t) {
        return NULL;
    }
    t->items = inner;
    return t;
}

/* "List<X>", "Map<String, X>", "array[X]": the X, or NULL. */
static const char *generic_arg(const char *s, size_t n, const char *name,
                               size_t *len, int map)
{
    size_t k = strlen(name);
    if (n < k + 2 || strncasecmp(s, name, k) != 0 ||
        (s[k] != '<' && s[k] != '[') || (s[n - 1] != '>' && s[n - 1] != ']'))
        return NULL;
    const char *a = s + k + 1, *end = s + n - 1;
    if (map) {
        const char *comma = memchr(a, ',', (size_t)(end - a));
        if (!comma)
            return NULL;
        a = comma + 1;
    }
    while (a < end && *a == ' ')
        a++;
    *len = (size_t)(end - a);
    return a;
}

static int identifier(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') ||
                    (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
              (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '.'))
            return 0;
    return 1;
}

static imp_type *parse(md_ctx *c, const char *s, size_t n, int depth)
{
    while (n > 0 && (*s == ' ' || *s == '*')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '*'))
        n--;
    if (depth > 8 || n == 0)
        return imp_type_new(c->sp, IMP_ANY);
    imp_type *t = scalar(c, s, n);
    if (t)
        return t;
    if (starts(s, n, "map[string]"))
        return wrap(c, IMP_MAP, s + 11, n - 11, depth);
    if (starts(s, n, "[]"))
        return wrap(c, IMP_ARRAY, s + 2, n - 2, depth);
    static const char *const lists[] = {"List", "Set", "Array", "Collection"};
    size_t len;
    const char *arg;
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if ((arg = generic_arg(s, n, lists[i], &len, 0)))
            return wrap(c, IMP_ARRAY, arg, len, depth);
    if ((arg = generic_arg(s, n, "Map", &len, 1)) ||
        (arg = generic_arg(s, n, "Dict", &len, 1)))
        return wrap(c, IMP_MAP, arg, len, depth);
    if (!identifier(s, n))
        return imp_type_new(c->sp, IMP_ANY);
    char *name = imp_strndup(c->sp, s, n);
    size_t m = name ? md_model(c, name) : IMP_NONE;
    free(name);
    if (m == IMP_NONE)
        return NULL;
    t = imp_type_new(c->sp, IMP_REF);
    if (t)
        t->model = m;
    return t;
}

imp_type *md_type(md_ctx *c, const char *cell, int *pointer)
{
    *pointer = 0;
    char *text = md_plain(c->sp, cell);
    if (!text)
        return imp_type_new(c->sp, IMP_ANY);
    char *s = text;
    if (strncasecmp(s, "Pointer to ", 11) == 0) {
        *pointer = 1;
        s += 11;
    }
    /* "[List<Token>](Token.md)": the type is the link's text. */
    char *ltext, *target;
    imp_type *t;
    if (s[0] == '[' && md_link(c->sp, s, &ltext, &target) && ltext) {
        t = parse(c, ltext, strlen(ltext), 0);
        free(ltext);
        free(target);
    } else {
        t = parse(c, s, strlen(s), 0);
    }
    free(text);
    return t;
}

/* ---- model docs ------------------------------------------------------ */

/* The line of the Properties table's header, or doc->n. */
static size_t properties_table(const md_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++) {
        const char *text;
        size_t len;
        if (!md_heading(doc, i, &text, &len) || len != 10 ||
            strncasecmp(text, "Properties", 10) != 0)
            continue;
        for (size_t k = i + 1; k < doc->n; k++) {
            if (doc->lines[k][strspn(doc->lines[k], " ")] == '\0')
                continue;
            if (strchr(doc->lines[k], '|'))
                return k;
            break;
        }
    }
    return doc->n;
}

int md_is_model_doc(const md_doc *doc)
{
    return properties_table(doc) < doc->n;
}

/* Whether the doc comes from the Go generator: Go type names, "Pointer
 * to", or the Methods section of its getters and setters. */
static int go_doc(imp_spec *sp, const md_doc *doc, const md_table *t,
                  size_t type_col)
{
    static const char *const go[] = {"string",  "int32",   "int64",
                                     "float32", "float64", "bool",
                                     "time.Time", "interface{}"};
    for (size_t i = 0; i < doc->n; i++) {
        const char *text;
        size_t len;
        if (md_heading(doc, i, &text, &len) == 2 && len == 7 &&
            strncmp(text, "Methods", 7) == 0)
            return 1;
    }
    for (size_t r = 0; r < t->nrows && type_col < t->ncols; r++) {
        char *ty = md_plain(sp, t->cells[r * t->ncols + type_col]);
        if (!ty)
            continue;
        int hit = strstr(ty, "Pointer to") || strstr(ty, "[]") ||
                  strstr(ty, "map[");
        const char *core = ty + strspn(ty, "*[");
        for (size_t k = 0; k < sizeof go / sizeof go[0] && !hit; k++)
            hit = strncmp(core, go[k], strlen(go[k])) == 0;
        free(ty);
        if (hit)
            return 1;
    }
    return 0;
}

/* "OrganizationId" -> "organizationId", "MAC" -> "mac". */
static char *lower_camel(imp_spec *sp, const char *name)
{
    char *s = imp_strdup(sp, name);
    if (!s)
        return NULL;
    for (size_t i = 0; s[i] >= 'A' && s[i] <= 'Z'; i++) {
        if (i > 0 && s[i + 1] >= 'a' && s[i + 1] <= 'z')
            break;
        s[i] = (char)(s[i] - 'A' + 'a');
    }
    return s;
}

/* The JSON name of a documented field; *guessed when it was changed. */
static char *json_name(md_ctx *c, const char *name, int go, int *guessed)
{
    md_json_names rule = c->opt->json_names;
    *guessed = 0;
    if (rule == MD_NAMES_AUTO)
        rule = go && name[0] >= 'A' && name[0] <= 'Z' ? MD_NAMES_SNAKE
                                                      : MD_NAMES_ASIS;
    char *out;
    if (rule == MD_NAMES_SNAKE) {
        out = cname_snake(name);
        if (!out)
            c->sp->oom = 1;
    } else if (rule == MD_NAMES_CAMEL) {
        out = lower_camel(c->sp, name);
    } else {
        out = imp_strdup(c->sp, name);
    }
    if (out && strcmp(out, name) != 0)
        *guessed = c->opt->json_names == MD_NAMES_AUTO;
    return out;
}

/* Forgets the properties of a worse doc (their strings stay in the
 * arena). */
static void clear_props(imp_model *m)
{
    m->nprops = 0;
    m->note = NULL;
}

static void property_row(md_ctx *c, size_t idx, const md_table *t, size_t r,
                         const size_t col[4], int go, int *renamed)
{
    char **row = t->cells + r * t->ncols;
    char *name = md_plain(c->sp, row[col[0]]);
    if (!name)
        return;
    int pointer, guessed;
    imp_type *ty = md_type(c, row[col[1]], &pointer);
    char *json = json_name(c, name, go, &guessed);
    char *notes = col[3] < t->ncols ? md_plain(c->sp, row[col[3]]) : NULL;
    imp_prop *p = json ? imp_add_prop(c->sp, idx, json) : NULL;
    if (p) {
        p->type = ty;
        ty = NULL;
        p->required = !pointer && !(notes && md_has(notes, "optional"));
        p->description = imp_keep(
            c->sp, col[2] < t->ncols ? md_plain(c->sp, row[col[2]]) : NULL);
        if (guessed) {
            imp_note(c->sp, &p->note, "guessed: JSON name of the docs' "
                                      "field %s", name);
            *renamed = 1;
        }
    }
    free(json);
    free(notes);
    free(name);
}

/* The model's name: the first "# Name" heading, else the file name. */
static char *doc_name(imp_spec *sp, const md_doc *doc)
{
    for (size_t i = 0; i < doc->n; i++) {
        const char *text;
        size_t len;
        if (md_heading(doc, i, &text, &len) == 1) {
            char *raw = imp_strndup(sp, text, len);
            char *name = md_plain(sp, raw);
            free(raw);
            return name;
        }
    }
    const char *base = strrchr(doc->path, '/');
    base = base ? base + 1 : doc->path;
    size_t n = strlen(base);
    return imp_strndup(sp, base, n > 3 ? n - 3 : n);
}

int md_model_doc(md_ctx *c, const md_doc *doc)
{
    size_t at = properties_table(doc);
    md_table t;
    if (at >= doc->n || !md_table_read(doc, at, &t, c->sp))
        return 0;
    size_t col[4] = {md_column(&t, "Name"), md_column(&t, "Type"),
                     md_column(&t, "Description"), md_column(&t, "Notes")};
    char *name = doc_name(c->sp, doc);
    int go = go_doc(c->sp, doc, &t, col[1]);
    if (!name || col[0] >= t.ncols || col[1] >= t.ncols) {
        md_warn(c, doc->path, at + 1, "a Properties table without Name "
                                      "and Type columns; left out");
        md_table_free(&t);
        free(name);
        return 1;
    }
    size_t idx = md_model(c, name);
    int level = go && c->opt->json_names == MD_NAMES_AUTO ? 1 : 2;
    if (idx != IMP_NONE && c->documented[idx] == level) {
        md_warn(c, doc->path, 0, "model %s is documented twice; this doc "
                                 "is left out", name);
    } else if (idx != IMP_NONE && c->documented[idx] < level) {
        clear_props(&c->sp->models[idx]);
        c->documented[idx] = (unsigned char)level;
        int renamed = 0;
        for (size_t r = 0; r < t.nrows; r++)
            property_row(c, idx, &t, r, col, go, &renamed);
        if (renamed)
            imp_note(c->sp, &c->sp->models[idx].note,
                     "from %s, Go docs: JSON names guessed as snake_case "
                     "(see --json-names)", doc->path);
    }
    md_table_free(&t);
    free(name);
    return 1;
}
