/*
 * The section of one method in an openapi-generator markdown API doc:
 * the description, the parameter tables, "### Return type",
 * "### Authorization" and "### HTTP request headers".
 *
 * The docs do not say where a parameter goes: one that fills a path
 * placeholder (by name, or by its snake_case form: appId fills {app_id})
 * goes in the path, one of a model type is the body, the rest go in the
 * query (commented as guessed), or into a form body when the method's
 * Content-Type is a form (md_form.c).  A parameter is optional when its notes
 * say so, when it sits under "Optional Parameters" or Go's "Other
 * Parameters", or when the example calls it "(optional)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/placeholders.h"
#include "import/markdown/md_internal.h"

typedef enum part {
    PART_INTRO,
    PART_PARAMS,
    PART_OPTIONAL_PARAMS, /* "Optional Parameters", Go's "Other Parameters" */
    PART_RETURN,
    PART_AUTH,
    PART_HEADERS,
    PART_EXAMPLE,
    PART_OTHER
} part;

static part classify(const char *text, size_t len)
{
    char h[64];
    snprintf(h, sizeof h, "%.*s", (int)(len < 63 ? len : 63), text);
    /* Go's builder docs list what the path does not take under "Other
     * Parameters": all of it may be left out. */
    if (md_has(h, "Optional Parameters") || md_has(h, "Other Parameters"))
        return PART_OPTIONAL_PARAMS;
    if (md_has(h, "Parameters"))
        return PART_PARAMS;
    if (md_has(h, "Return type"))
        return PART_RETURN;
    if (md_has(h, "Authorization"))
        return PART_AUTH;
    if (md_has(h, "HTTP request headers"))
        return PART_HEADERS;
    if (md_has(h, "Example"))
        return PART_EXAMPLE;
    return PART_OTHER;
}

typedef struct section {
    md_run *r;
    const md_doc *doc;
    size_t ep;
    imp_map optional; /* parameter names the example calls optional */
    buf intro;        /* the description, paragraphs joined */
    int paragraph;    /* the intro's current paragraph has text */
    size_t paragraphs;
    const char *form_media; /* the form the method sends, or NULL */
    size_t form_line;
} section;

/* In an example: `seonFp := "x" // string | Seon Fingerprint (optional)`
 * says the parameter is optional. */
static void example_line(section *s, const char *line)
{
    if (!md_has(line, "(optional)"))
        return;
    const char *eq = strstr(line, ":=");
    if (!eq)
        eq = strchr(line, '=');
    if (!eq)
        return;
    const char *end = eq;
    while (end > line && end[-1] == ' ')
        end--;
    const char *start = end;
    while (start > line && (start[-1] == '_' || (start[-1] >= '0' &&
                                                 start[-1] <= '9') ||
                            ((start[-1] | 32) >= 'a' &&
                             (start[-1] | 32) <= 'z')))
        start--;
    char *name = imp_strndup(s->r->c.sp, start, (size_t)(end - start));
    if (name && name[0] && !imp_map_put(&s->optional, name, 1))
        s->r->c.sp->oom = 1;
    free(name);
}

static void intro_line(section *s, const char *line)
{
    const char *t = line + strspn(line, " ");
    if (t[0] == '>' || strncmp(t, "<a ", 3) == 0 || strncmp(t, "[[", 2) == 0)
        return;
    if (!t[0]) {
        if (s->paragraph) {
            s->paragraph = 0;
            s->paragraphs++;
        }
        return;
    }
    if (s->paragraph)
        buf_putc(&s->intro, ' ');
    else if (s->intro.len)
        buf_puts(&s->intro, "\n\n");
    s->paragraph = 1;
    buf_puts(&s->intro, t);
}

int md_is_scalar(const imp_spec *sp, const imp_type *t)
{
    if (t->kind == IMP_REF)
        return sp->models[t->model].is_enum;
    return t->kind == IMP_STRING || t->kind == IMP_INTEGER ||
           t->kind == IMP_NUMBER || t->kind == IMP_BOOLEAN;
}

/* The path placeholder a parameter fills ({app_id} for appId), or NULL. */
static char *placeholder_of(imp_spec *sp, const char *path, const char *name)
{
    char *want = cname_snake(name);
    char *found = NULL;
    placeholder pl;
    for (const char *at = path;
         want && !found && placeholder_next(&at, &pl) == 1;) {
        char *ph = imp_strndup(sp, pl.name, pl.len);
        char *snake = ph ? cname_snake(ph) : NULL;
        if (ph && (strcmp(ph, name) == 0 ||
                   (snake && strcmp(snake, want) == 0)))
            found = ph;
        else
            free(ph);
        free(snake);
    }
    free(want);
    return found;
}

int md_has_param(const imp_endpoint *e, const char *name)
{
    for (size_t i = 0; i < e->nparams; i++)
        if (strcmp(e->params[i].name, name) == 0)
            return 1;
    return 0;
}

static void add_param(section *s, const char *name, imp_type *t,
                      int optional, char *desc, size_t line)
{
    md_ctx *c = &s->r->c;
    imp_endpoint *e = &c->sp->endpoints[s->ep];
    char *ph = placeholder_of(c->sp, e->path, name);
    const char *wire = ph ? ph : name;
    if (!md_is_scalar(c->sp, t) &&
        !(t->kind == IMP_ARRAY && !ph && t->items &&
          md_is_scalar(c->sp, t->items))) {
        md_warn(c, s->doc->path, line, "parameter %s is not a plain value; "
                                       "sent as a string", name);
        t = imp_type_new(c->sp, IMP_STRING);
    }
    if (md_has_param(e, wire)) {
        free(desc);
        free(ph);
        return;
    }
    imp_param *p = imp_add_param(c->sp, e, wire);
    if (!p) {
        free(desc);
        free(ph);
        return;
    }
    p->type = t;
    p->description = imp_keep(c->sp, desc);
    p->in = ph ? IMP_IN_PATH : IMP_IN_QUERY;
    p->required = ph || !optional;
    if (!ph)
        imp_note(c->sp, &p->note, "guessed: the docs do not say where it "
                                  "goes");
    free(ph);
}

static void param_row(section *s, const md_table *t, size_t r,
                      int optional_part, size_t line)
{
    md_ctx *c = &s->r->c;
    char **row = t->cells + r * t->ncols;
    size_t ty_col = md_column(t, "Type"), desc_col = md_column(t, "Desc");
    size_t notes_col = md_column(t, "Notes");
    char *name = md_plain(c->sp, row[0]);
    char *ty = ty_col < t->ncols ? md_plain(c->sp, row[ty_col]) : NULL;
    char *notes = notes_col < t->ncols ? md_plain(c->sp, row[notes_col])
                                       : NULL;
    /* Go's context and its struct of optional parameters are no
     * parameters on the wire. */
    int skip = !name || !ty || strstr(ty, "context.Context") ||
               (strcmp(name, "optional") == 0 && ty[0] == '*');
    if (!skip) {
        int pointer;
        imp_type *type = md_type(c, row[ty_col], &pointer);
        int optional = optional_part || pointer ||
                       (notes && (md_has(notes, "optional") ||
                                  md_has(notes, "default to"))) ||
                       imp_map_get(&s->optional, name, 0);
        char *desc = desc_col < t->ncols ? md_plain(c->sp, row[desc_col])
                                         : NULL;
        imp_endpoint *e = &c->sp->endpoints[s->ep];
        if (type && type->kind == IMP_REF &&
            !c->sp->models[type->model].is_enum) {
            if (e->body == IMP_NONE) {
                /* Only an explicit word makes a body optional: Go lists
                 * required bodies among its "Other Parameters" too. */
                e->body = type->model;
                e->body_required = !(notes && md_has(notes, "optional")) &&
                                   !imp_map_get(&s->optional, name, 0);
            }
            free(desc);
        } else if (type) {
            add_param(s, name, type, optional, desc, line);
        } else {
            free(desc);
        }
    }
    free(name);
    free(ty);
    free(notes);
}

static void return_line(section *s, const char *line, size_t at)
{
    md_ctx *c = &s->r->c;
    if (md_has(line, "empty response body"))
        return;
    int pointer;
    imp_type *t = md_type(c, line, &pointer);
    imp_endpoint *e = &c->sp->endpoints[s->ep];
    if (t && t->kind == IMP_REF && !c->sp->models[t->model].is_enum) {
        if (e->response == IMP_NONE && !e->response_list)
            e->response = t->model;
    } else if (t && t->kind == IMP_ARRAY && t->items &&
               t->items->kind != IMP_ARRAY && t->items->kind != IMP_MAP) {
        /* "[]App", "List[App]": an inline array response. */
        if (e->response == IMP_NONE && !e->response_list)
            e->response_list = t;
    } else if (t) {
        char *text, *target, *what;
        if (md_link(c->sp, line, &text, &target) && text)
            what = md_plain(c->sp, text);
        else
            what = md_plain(c->sp, line);
        md_warn(c, s->doc->path, at, "return type %s is neither an "
                                     "object model nor an array of "
                                     "objects, enums or scalars; the "
                                     "response is left out",
                what ? what : "?");
        free(what);
        free(text);
        free(target);
    }
}

/* The auth scheme of that name, created with a type guessed from it. */
static size_t md_auth(md_run *r, const char *name, const char *file,
                      size_t line)
{
    imp_spec *sp = r->c.sp;
    size_t i = imp_find_auth(sp, name);
    if (i != IMP_NONE)
        return i;
    i = imp_add_auth(sp, name);
    if (i == IMP_NONE)
        return i;
    imp_auth *a = &sp->auths[i];
    if (md_has(name, "basic")) {
        a->kind = IMP_AUTH_BASIC;
    } else if (md_has(name, "bearer") || md_has(name, "oauth") ||
               md_has(name, "jwt")) {
        a->kind = IMP_AUTH_BEARER;
    } else if (md_has(name, "cookie") || md_has(name, "session")) {
        a->kind = IMP_AUTH_SESSION_COOKIE;
    } else {
        a->kind = IMP_AUTH_APIKEY;
        a->in = IMP_IN_HEADER;
        a->param_name = imp_save(sp, name);
        md_warn(&r->c, file, line, "auth scheme %s: the docs do not say "
                                   "where the key goes; guessed the header "
                                   "%s", name, name);
    }
    imp_note(sp, &a->note, "guessed from the name: the docs only name the "
                           "scheme");
    return i;
}

static void auth_line(section *s, const char *line, size_t at)
{
    imp_spec *sp = s->r->c.sp;
    imp_endpoint *e = &sp->endpoints[s->ep];
    if (md_has(line, "No authorization required")) {
        e->auth_set = 1;
        return;
    }
    if (strncmp(line, "[[", 2) == 0)
        return; /* [[Back to README]](...) */
    for (const char *p = strchr(line, '['); p; p = strchr(p + 1, '[')) {
        const char *close = strstr(p, "](");
        if (!close)
            break;
        char *name = md_plain_n(sp, p + 1, (size_t)(close - p - 1));
        size_t idx = name ? md_auth(s->r, name, s->doc->path, at) : IMP_NONE;
        free(name);
        e = &sp->endpoints[s->ep];
        e->auth_set = 1;
        int dup = idx == IMP_NONE;
        for (size_t i = 0; i < e->nauth && !dup; i++)
            dup = e->auth[i] == idx;
        if (!dup) {
            size_t *list = realloc(e->auth, (e->nauth + 1) * sizeof(*list));
            if (!list) {
                sp->oom = 1;
                return;
            }
            list[e->nauth++] = idx;
            e->auth = list;
        }
        p = close;
    }
}

/* A form's Content-Type: its fields become a body once the whole
 * section (and so every parameter) is read. */
static void header_line(section *s, const char *line, size_t at)
{
    if (!md_has(line, "Content-Type"))
        return;
    if (md_has(line, "multipart/form-data"))
        s->form_media = "multipart/form-data";
    else if (md_has(line, "x-www-form-urlencoded"))
        s->form_media = "application/x-www-form-urlencoded";
    s->form_line = at;
}

/* Reads lines [from, to) of the section of endpoint ep. */
void md_read_section(md_run *r, const md_doc *doc, size_t from,
                     size_t to, size_t ep)
{
    section s = {r, doc, ep, {0}, {0}, 0, 0, NULL, 0};
    imp_map_init(&s.optional);
    buf_init(&s.intro);
    part cur = PART_INTRO;
    for (size_t i = from; i < to; i++) {
        const char *line = doc->lines[i], *text;
        size_t len;
        if (doc->code[i]) {
            if (cur == PART_EXAMPLE)
                example_line(&s, line);
            continue;
        }
        if (md_heading(doc, i, &text, &len) >= 3) {
            cur = classify(text, len);
            continue;
        }
        const char *t = line + strspn(line, " ");
        md_table tab;
        switch (cur) {
        case PART_INTRO:
            intro_line(&s, line);
            break;
        case PART_PARAMS:
        case PART_OPTIONAL_PARAMS:
            if (md_table_read(doc, i, &tab, r->c.sp)) {
                for (size_t k = 0; k < tab.nrows; k++)
                    param_row(&s, &tab, k, cur == PART_OPTIONAL_PARAMS,
                              i + 1);
                i = tab.end - 1;
                md_table_free(&tab);
            }
            break;
        case PART_RETURN:
            if (t[0]) {
                return_line(&s, t, i + 1);
                cur = PART_OTHER;
            }
            break;
        case PART_AUTH:
            if (t[0])
                auth_line(&s, t, i + 1);
            break;
        case PART_HEADERS:
            header_line(&s, t, i + 1);
            break;
        case PART_EXAMPLE:
        case PART_OTHER:
            break;
        }
    }
    if (s.form_media)
        md_form_body(&r->c, ep, s.form_media, doc->path, s.form_line);
    imp_spec *sp = r->c.sp;
    imp_endpoint *e = &sp->endpoints[ep];
    if (!e->description && s.intro.len && !buf_failed(&s.intro)) {
        /* The first paragraph repeats the summary of the method table. */
        const char *d = s.intro.data;
        size_t first = strcspn(d, "\n");
        if (e->summary && strlen(e->summary) == first &&
            strncmp(d, e->summary, first) == 0)
            d += first + strspn(d + first, "\n");
        char *text = *d ? imp_strdup(sp, d) : NULL;
        if (text)
            md_unescape(text);
        e->description = imp_text(sp, text);
        free(text);
    }
    imp_map_free(&s.optional);
    buf_free(&s.intro);
}
