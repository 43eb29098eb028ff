/*
 * Freeing a spec and looking things up in it by name.  spec_free copes
 * with a spec the loader left half-built after an error: every pointer
 * may be NULL and every count matches what was allocated.
 */
#include <stdlib.h>
#include <string.h>

#include "load/spec.h"
#include "load/spec_load_internal.h"

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

void spec_model_free_members(spec_model *m)
{
    free(m->name);
    free(m->c_name);
    free(m->description);
    for (size_t i = 0; m->props && i < m->nprops; i++) {
        spec_property *p = &m->props[i];
        free(p->json_name);
        free(p->c_name);
        free(p->description);
        free(p->const_value);
        spec_type_free(p->type);
    }
    free(m->props);
    free(m->discriminator);
    for (size_t i = 0; m->mapping && i < m->nmapping; i++) {
        free(m->mapping[i].value);
        free(m->mapping[i].model);
    }
    free(m->mapping);
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
    for (size_t i = 0; a->sig.nodes && i < a->sig.nnodes; i++)
        free(a->sig.nodes[i].text);
    free(a->sig.nodes);
    for (size_t i = 0; a->sig.outputs && i < a->sig.noutputs; i++)
        free(a->sig.outputs[i].name);
    free(a->sig.outputs);
}

void spec_endpoint_free_members(spec_endpoint *e)
{
    if (e->subscribe) {
        spec_subscribe *sb = e->subscribe;
        free(sb->id);
        free(sb->event_id);
        for (size_t i = 0; i < sb->nevents; i++)
            free(sb->events[i]);
        free(sb->events);
        free(sb->events_pos);
        free(sb->unsubscribe);
        free(sb->param);
        free(sb);
    }
    if (e->stream) {
        free(e->stream->model);
        free(e->stream->done);
        free(e->stream);
    }
    if (e->pagination) {
        free(e->pagination->items);
        free(e->pagination->param);
        free(e->pagination->next);
        free(e->pagination->next_from_item);
        free(e->pagination->has_more);
        free(e->pagination);
    }
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
        free(p->default_value);
        free(p->const_value);
        spec_type_free(p->type);
    }
    free(e->params);
    free(e->body);
    free(e->response);
    free(e->body_type);
    free(e->response_type);
    for (size_t i = 0; i < e->nencoding; i++) {
        free(e->encoding[i].name);
        free(e->encoding[i].content_type);
    }
    free(e->encoding);
    for (size_t i = 0; i < e->nresponses; i++) {
        free(e->responses[i].key);
        free(e->responses[i].model);
        free(e->responses[i].media_type);
    }
    free(e->responses);
    free(e->error);
    free(e->success);
    free_strings(e->auth, e->nauth);
    free(e->auth_pos);
    free(e->auth_joined);
    for (size_t i = 0; e->sets && i < e->nsets; i++) {
        free(e->sets[i].scheme);
        free(e->sets[i].from);
    }
    free(e->sets);
    free_strings(e->clears, e->nclears);
    free(e->clears_pos);
    free(e->server);
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
        for (size_t k = 0; k < s->servers[i].nvars; k++) {
            spec_server_var *sv = &s->servers[i].vars[k];
            free(sv->name);
            free(sv->default_value);
            free(sv->description);
            free_strings(sv->values, sv->nvalues);
        }
        free(s->servers[i].vars);
    }
    free(s->servers);
    for (size_t i = 0; i < s->nheaders; i++) {
        free(s->headers[i].name);
        free(s->headers[i].value);
    }
    free(s->headers);
    for (size_t i = 0; s->auths && i < s->nauths; i++)
        free_auth(&s->auths[i]);
    free(s->auths);
    free_strings(s->default_auth, s->ndefault_auth);
    free(s->default_auth_pos);
    free(s->default_auth_joined);
    free(s->errors.model);
    free(s->errors.code);
    free(s->errors.message);
    for (size_t i = 0; s->models && i < s->nmodels; i++)
        spec_model_free_members(&s->models[i]);
    free(s->models);
    free(s->models_by_name);
    for (size_t i = 0; s->endpoints && i < s->nendpoints; i++)
        spec_endpoint_free_members(&s->endpoints[i]);
    free(s->endpoints);
    for (size_t i = 0; s->events && i < s->nevents; i++) {
        spec_event *e = &s->events[i];
        free(e->name);
        free(e->description);
        free(e->model);
        free(e->payload);
        free(e->when_path);
        free(e->when_equals);
    }
    free(s->events);
    free(s);
}

static int by_name(const void *a, const void *b)
{
    const spec_model *x = *(const spec_model *const *)a;
    const spec_model *y = *(const spec_model *const *)b;
    int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
    if (c)
        return c;
    return x < y ? -1 : x > y; /* the array's order breaks ties */
}

int spec_index_models(spec *s)
{
    free(s->models_by_name);
    s->models_by_name = NULL;
    if (s->nmodels == 0)
        return 0;
    s->models_by_name = malloc(s->nmodels * sizeof(*s->models_by_name));
    if (!s->models_by_name)
        return -1;
    for (size_t i = 0; i < s->nmodels; i++)
        s->models_by_name[i] = &s->models[i];
    qsort(s->models_by_name, s->nmodels, sizeof(*s->models_by_name),
          by_name);
    return 0;
}

spec_model *spec_find_model(const spec *s, const char *name)
{
    if (name && s->models_by_name) {
        size_t lo = 0, hi = s->nmodels; /* first entry >= name */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const char *m = s->models_by_name[mid]->name;
            if (strcmp(m ? m : "", name) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < s->nmodels && s->models_by_name[lo]->name &&
            strcmp(s->models_by_name[lo]->name, name) == 0)
            return s->models_by_name[lo];
        return NULL;
    }
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
