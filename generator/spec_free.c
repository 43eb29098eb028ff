/*
 * Freeing a spec and looking things up in it by name.  spec_free copes
 * with a spec the loader left half-built after an error: every pointer
 * may be NULL and every count matches what was allocated.
 */
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "spec_load_internal.h"

void spec_type_free(spec_type *t)
{
    while (t) {
        spec_type *items = t->items;
        free(t->ref);
        free(t->format);
        free(t);
        t = items; /* a chain, not a tree: no recursion needed */
    }
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

static void free_model(spec_model *m)
{
    free(m->name);
    free(m->c_name);
    free(m->description);
    for (size_t i = 0; m->props && i < m->nprops; i++) {
        spec_property *p = &m->props[i];
        free(p->json_name);
        free(p->c_name);
        free(p->description);
        spec_type_free(p->type);
    }
    free(m->props);
    for (size_t i = 0; m->values && i < m->nvalues; i++) {
        free(m->values[i].value);
        free(m->values[i].c_name);
        free(m->values[i].description);
    }
    free(m->values);
}

static void free_auth(spec_auth *a)
{
    free(a->name);
    free(a->description);
    free(a->param_name);
    free(a->prefix);
    for (size_t i = 0; a->sig.parts && i < a->sig.nparts; i++)
        free(a->sig.parts[i].literal);
    free(a->sig.parts);
    free(a->sig.key.name);
    free(a->sig.signature.name);
    free(a->sig.timestamp.name);
}

static void free_endpoint(spec_endpoint *e)
{
    free(e->name);
    free(e->summary);
    free(e->description);
    free(e->method);
    free(e->path);
    for (size_t i = 0; e->params && i < e->nparams; i++) {
        spec_param *p = &e->params[i];
        free(p->name);
        free(p->c_name);
        free(p->description);
        spec_type_free(p->type);
    }
    free(e->params);
    free(e->body);
    free(e->response);
    free(e->error);
    free(e->success);
    free_strings(e->auth, e->nauth);
    free(e->auth_pos);
    for (size_t i = 0; e->sets && i < e->nsets; i++) {
        free(e->sets[i].scheme);
        free(e->sets[i].from);
    }
    free(e->sets);
    free_strings(e->clears, e->nclears);
    free(e->clears_pos);
}

void spec_free(spec *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->provider);
    free(s->title);
    free(s->api_version);
    free(s->description);
    for (size_t i = 0; s->servers && i < s->nservers; i++) {
        free(s->servers[i].name);
        free(s->servers[i].url);
        free(s->servers[i].description);
    }
    free(s->servers);
    for (size_t i = 0; s->auths && i < s->nauths; i++)
        free_auth(&s->auths[i]);
    free(s->auths);
    free_strings(s->default_auth, s->ndefault_auth);
    free(s->default_auth_pos);
    free(s->errors.model);
    free(s->errors.code);
    free(s->errors.message);
    for (size_t i = 0; s->models && i < s->nmodels; i++)
        free_model(&s->models[i]);
    free(s->models);
    for (size_t i = 0; s->endpoints && i < s->nendpoints; i++)
        free_endpoint(&s->endpoints[i]);
    free(s->endpoints);
    free(s);
}

spec_model *spec_find_model(const spec *s, const char *name)
{
    for (size_t i = 0; name && i < s->nmodels; i++)
        if (s->models[i].name && strcmp(s->models[i].name, name) == 0)
            return &s->models[i];
    return NULL;
}

spec_auth *spec_find_auth(const spec *s, const char *name)
{
    for (size_t i = 0; name && i < s->nauths; i++)
        if (s->auths[i].name && strcmp(s->auths[i].name, name) == 0)
            return &s->auths[i];
    return NULL;
}
