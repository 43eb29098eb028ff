/*
 * The importers' intermediate form: allocation and freeing; see
 * import_ir.h.
 */
#include "import/import_ir.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

/* Chunks hold most allocations; a large one gets a chunk of its own. */
#define CHUNK_BYTES (64u * 1024u - 64u)

struct imp_chunk {
    imp_chunk *next;
    size_t used, cap;
    max_align_t data[]; /* aligned for anything */
};

void imp_spec_init(imp_spec *s)
{
    memset(s, 0, sizeof(*s));
    s->errors_model = IMP_NONE;
}

void imp_spec_free(imp_spec *s)
{
    for (size_t i = 0; i < s->nmodels; i++) {
        free(s->models[i].props);
        free(s->models[i].values);
        free(s->models[i].mapping);
    }
    free(s->models);
    for (size_t i = 0; i < s->nendpoints; i++) {
        free(s->endpoints[i].params);
        free(s->endpoints[i].success);
        free(s->endpoints[i].auth);
        free(s->endpoints[i].auth_joined);
        free(s->endpoints[i].encoding);
        free(s->endpoints[i].responses);
    }
    free(s->endpoints);
    free(s->servers);
    free(s->auths);
    free(s->default_auth);
    free(s->default_auth_joined);
    while (s->arena) {
        imp_chunk *next = s->arena->next;
        free(s->arena);
        s->arena = next;
    }
    imp_spec_init(s);
}

void *imp_alloc(imp_spec *s, size_t n)
{
    size_t align = _Alignof(max_align_t);
    if (n > SIZE_MAX - align) {
        s->oom = 1;
        return NULL;
    }
    n = (n + align - 1) / align * align;
    imp_chunk *c = s->arena;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > CHUNK_BYTES / 4 ? n : CHUNK_BYTES;
        imp_chunk *fresh = malloc(sizeof(*fresh) + cap);
        if (!fresh) {
            s->oom = 1;
            return NULL;
        }
        fresh->used = 0;
        fresh->cap = cap;
        /* A chunk of its own goes behind the current one, which may still
         * have room for small things. */
        if (c && cap != CHUNK_BYTES) {
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            s->arena = fresh;
        }
        c = fresh;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

char *imp_save_n(imp_spec *s, const char *str, size_t n)
{
    if (!str)
        return NULL;
    char *p = imp_alloc(s, n + 1);
    if (p) {
        memcpy(p, str, n);
        p[n] = '\0';
    }
    return p;
}

char *imp_save(imp_spec *s, const char *str)
{
    return str ? imp_save_n(s, str, strlen(str)) : NULL;
}

char *imp_keep(imp_spec *s, char *str)
{
    char *p = imp_save(s, str);
    free(str);
    return p;
}

char *imp_strndup(imp_spec *s, const char *str, size_t n)
{
    if (!str)
        return NULL;
    char *p = malloc(n + 1);
    if (!p) {
        s->oom = 1;
        return NULL;
    }
    memcpy(p, str, n);
    p[n] = '\0';
    return p;
}

char *imp_strdup(imp_spec *s, const char *str)
{
    return str ? imp_strndup(s, str, strlen(str)) : NULL;
}

char *imp_text(imp_spec *s, const char *str)
{
    if (!str)
        return NULL;
    buf b;
    buf_init(&b);
    size_t pending_blank = 0; /* blank lines held back until text follows */
    const char *p = str;
    while (*p) {
        size_t n = strcspn(p, "\n");
        size_t end = n;
        while (end > 0 && (p[end - 1] == ' ' || p[end - 1] == '\t' ||
                           p[end - 1] == '\r'))
            end--;
        if (end == 0) {
            if (b.len > 0)
                pending_blank++;
        } else {
            for (; pending_blank > 0; pending_blank--)
                buf_putc(&b, '\n');
            if (b.len > 0)
                buf_putc(&b, '\n');
            buf_append(&b, p, end);
        }
        p += n;
        if (*p == '\n')
            p++;
    }
    if (buf_failed(&b))
        s->oom = 1;
    char *out = b.len && !buf_failed(&b) ? imp_save_n(s, b.data, b.len)
                                         : NULL;
    buf_free(&b);
    return out;
}

void imp_note(imp_spec *s, char **note, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    size_t old = *note ? strlen(*note) : 0;
    size_t add = strlen(line);
    char *p = imp_alloc(s, old + add + 2);
    if (!p)
        return;
    if (old) {
        memcpy(p, *note, old);
        p[old++] = '\n';
    }
    memcpy(p + old, line, add + 1);
    *note = p;
}

/* Makes room for one more element of `size` in *arr holding n of cap. */
static int grow(imp_spec *s, void **arr, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return 1;
    size_t c = *cap ? *cap * 2 : 8;
    if (c > SIZE_MAX / size) {
        s->oom = 1;
        return 0;
    }
    void *p = realloc(*arr, c * size);
    if (!p) {
        s->oom = 1;
        return 0;
    }
    *arr = p;
    *cap = c;
    return 1;
}

size_t imp_add_model(imp_spec *s, const char *name)
{
    if (!grow(s, (void **)&s->models, s->nmodels, &s->models_cap,
              sizeof(*s->models)))
        return IMP_NONE;
    imp_model *m = &s->models[s->nmodels];
    memset(m, 0, sizeof(*m));
    m->parent = IMP_NONE;
    m->name = imp_save(s, name);
    return s->nmodels++;
}

size_t imp_add_endpoint(imp_spec *s)
{
    if (!grow(s, (void **)&s->endpoints, s->nendpoints, &s->endpoints_cap,
              sizeof(*s->endpoints)))
        return IMP_NONE;
    imp_endpoint *e = &s->endpoints[s->nendpoints];
    memset(e, 0, sizeof(*e));
    e->body = e->response = e->error = IMP_NONE;
    e->body_required = 1;
    return s->nendpoints++;
}

size_t imp_add_auth(imp_spec *s, const char *name)
{
    if (!grow(s, (void **)&s->auths, s->nauths, &s->auths_cap,
              sizeof(*s->auths)))
        return IMP_NONE;
    imp_auth *a = &s->auths[s->nauths];
    memset(a, 0, sizeof(*a));
    a->name = imp_save(s, name);
    return s->nauths++;
}

size_t imp_add_server(imp_spec *s)
{
    if (!grow(s, (void **)&s->servers, s->nservers, &s->servers_cap,
              sizeof(*s->servers)))
        return IMP_NONE;
    memset(&s->servers[s->nservers], 0, sizeof(s->servers[0]));
    return s->nservers++;
}

imp_prop *imp_add_prop(imp_spec *s, size_t model, const char *json_name)
{
    imp_model *m = &s->models[model];
    if (!grow(s, (void **)&m->props, m->nprops, &m->props_cap,
              sizeof(*m->props)))
        return NULL;
    imp_prop *p = &m->props[m->nprops++];
    memset(p, 0, sizeof(*p));
    p->json_name = imp_save(s, json_name);
    return p;
}

void imp_add_mapping(imp_spec *s, size_t model, const char *value,
                     size_t target)
{
    imp_model *m = &s->models[model];
    if (!grow(s, (void **)&m->mapping, m->nmapping, &m->mapping_cap,
              sizeof(*m->mapping)))
        return;
    m->mapping[m->nmapping].value = imp_save(s, value);
    m->mapping[m->nmapping].model = target;
    m->nmapping++;
}

imp_param *imp_add_param(imp_spec *s, imp_endpoint *e, const char *name)
{
    if (!grow(s, (void **)&e->params, e->nparams, &e->params_cap,
              sizeof(*e->params)))
        return NULL;
    imp_param *p = &e->params[e->nparams++];
    memset(p, 0, sizeof(*p));
    p->explode = -1;
    p->name = imp_save(s, name);
    return p;
}

void imp_add_value(imp_spec *s, size_t model, const char *value)
{
    imp_model *m = &s->models[model];
    for (size_t i = 0; i < m->nvalues; i++)
        if (strcmp(m->values[i].value, value) == 0)
            return;
    if (!grow(s, (void **)&m->values, m->nvalues, &m->values_cap,
              sizeof(*m->values)))
        return;
    char *v = imp_save(s, value);
    if (!v)
        return;
    m->values[m->nvalues].value = v;
    m->values[m->nvalues].c_name = NULL;
    m->nvalues++;
}

imp_type *imp_type_new(imp_spec *s, imp_kind kind)
{
    imp_type *t = imp_alloc(s, sizeof(*t));
    if (!t)
        return NULL;
    memset(t, 0, sizeof(*t));
    t->kind = kind;
    t->model = IMP_NONE;
    return t;
}

imp_type *imp_type_copy(imp_spec *s, const imp_type *t)
{
    if (!t)
        return NULL;
    imp_type *c = imp_type_new(s, t->kind);
    if (!c)
        return NULL;
    c->model = t->model;
    c->nullable = t->nullable;
    c->format = t->format; /* arena strings are never freed: share */
    c->const_value = t->const_value;
    if (t->items && !(c->items = imp_type_copy(s, t->items)))
        return NULL;
    return c;
}

size_t imp_find_auth(const imp_spec *s, const char *name)
{
    for (size_t i = 0; i < s->nauths; i++)
        if (s->auths[i].name && strcmp(s->auths[i].name, name) == 0)
            return i;
    return IMP_NONE;
}
