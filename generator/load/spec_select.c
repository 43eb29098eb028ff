/*
 * Selecting endpoints and renaming C names: see spec_select.h.
 */
#include "load/spec_select.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/cname.h"
#include "base/diag.h"
#include "load/spec_load_internal.h"

static const char path_prefix[] = "path:";

static int picks(const char *sel, const spec_endpoint *e)
{
    size_t n = sizeof path_prefix - 1;
    if (strncmp(sel, path_prefix, n) == 0)
        return e->path && strncmp(e->path, sel + n, strlen(sel + n)) == 0;
    return e->name && fnmatch(sel, e->name, 0) == 0;
}

/* Marks a model reached and puts it on the work list when it is new. */
static void reach(const spec *s, const spec_model *m, char *seen,
                  size_t *work, size_t *nwork)
{
    if (!m)
        return;
    size_t k = (size_t)(m - s->models);
    if (!seen[k]) {
        seen[k] = 1;
        work[(*nwork)++] = k;
    }
}

static void reach_name(const spec *s, const char *name, char *seen,
                       size_t *work, size_t *nwork)
{
    if (name)
        reach(s, spec_find_model(s, name), seen, work, nwork);
}

/* The model a type names, through array items and map values. */
static void reach_type(const spec *s, const spec_type *t, char *seen,
                       size_t *work, size_t *nwork)
{
    for (; t; t = t->items)
        reach_name(s, t->ref, seen, work, nwork);
}

/* Drops the endpoints no selector picks. */
static int select_endpoints(spec *s, const spec_select *sel, diag *d)
{
    if (!sel->nonly)
        return 0;
    int rc = 0;
    char *keep = calloc(s->nendpoints + 1, 1);
    if (!keep) {
        diag_error(d, s->path, 0, 0, "out of memory");
        return -1;
    }
    for (size_t k = 0; k < sel->nonly; k++) {
        int hit = 0;
        for (size_t i = 0; i < s->nendpoints; i++)
            if (picks(sel->only[k], &s->endpoints[i]))
                keep[i] = 1, hit = 1;
        if (!hit) {
            diag_error(d, s->path, 0, 0, "--only %s picks no endpoint",
                       sel->only[k]);
            rc = -1;
        }
    }
    size_t n = 0;
    for (size_t i = 0; i < s->nendpoints; i++) {
        if (keep[i])
            s->endpoints[n++] = s->endpoints[i];
        else
            spec_endpoint_free_members(&s->endpoints[i]);
    }
    s->nendpoints = n;
    free(keep);
    return rc;
}

/* Drops the models no kept endpoint reaches. */
static int prune_models(spec *s, diag *d)
{
    char *seen = calloc(s->nmodels + 1, 1);
    size_t *work = calloc(s->nmodels + 1, sizeof *work);
    if (!seen || !work) {
        free(seen);
        free(work);
        diag_error(d, s->path, 0, 0, "out of memory");
        return -1;
    }
    size_t nwork = 0;
    reach_name(s, s->errors.model, seen, work, &nwork);
    for (size_t i = 0; i < s->nendpoints; i++) {
        const spec_endpoint *e = &s->endpoints[i];
        reach_name(s, e->body, seen, work, &nwork);
        reach_name(s, e->response, seen, work, &nwork);
        for (size_t r = 0; r < e->nresponses; r++)
            reach_name(s, e->responses[r].model, seen, work, &nwork);
        reach_name(s, e->error, seen, work, &nwork);
        for (size_t p = 0; p < e->nparams; p++)
            reach_type(s, e->params[p].type, seen, work, &nwork);
    }
    /* each model enters the work list once, so it never overflows */
    while (nwork) {
        const spec_model *m = &s->models[work[--nwork]];
        for (size_t p = 0; p < m->nprops; p++)
            reach_type(s, m->props[p].type, seen, work, &nwork);
    }
    size_t n = 0;
    for (size_t i = 0; i < s->nmodels; i++) {
        if (seen[i])
            s->models[n++] = s->models[i];
        else
            spec_model_free_members(&s->models[i]);
    }
    s->nmodels = n;
    free(seen);
    free(work);
    /* the index points into the array that just moved */
    if (spec_index_models(s) != 0) {
        diag_error(d, s->path, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}

static int set_name(char **slot, const char *name, diag *d, const spec *s)
{
    char *copy = str_dup(name);
    if (!copy) {
        diag_error(d, s->path, 0, 0, "out of memory");
        return -1;
    }
    free(*slot);
    *slot = copy;
    return 0;
}

static int rename_one(spec *s, const char *rule, diag *d)
{
    const char *eq = strchr(rule, '=');
    if (!eq || eq == rule || !eq[1]) {
        diag_error(d, s->path, 0, 0, "--rename %s: give OLD=NEW", rule);
        return -1;
    }
    /* "old = new" reads better in a rename file: blanks around '=' go */
    size_t n = (size_t)(eq - rule);
    while (n && (rule[n - 1] == ' ' || rule[n - 1] == '\t'))
        n--;
    const char *to = eq + 1 + strspn(eq + 1, " \t");
    int hits = 0;
    for (size_t i = 0; i < s->nendpoints; i++) {
        spec_endpoint *e = &s->endpoints[i];
        if (e->name && strlen(e->name) == n && !strncmp(e->name, rule, n)) {
            if (set_name(&e->name, to, d, s) != 0)
                return -1;
            hits++;
        }
    }
    for (size_t i = 0; i < s->nmodels; i++) {
        spec_model *m = &s->models[i];
        char *c = cname_derive(m->c_name, m->name);
        int same = (m->name && strlen(m->name) == n &&
                    !strncmp(m->name, rule, n)) ||
                   (c && strlen(c) == n && !strncmp(c, rule, n));
        free(c);
        if (same) {
            if (set_name(&m->c_name, to, d, s) != 0)
                return -1;
            hits++;
        }
    }
    if (!hits) {
        diag_error(d, s->path, 0, 0,
                   "--rename %s: no endpoint or model is named %.*s", rule,
                   (int)n, rule);
        return -1;
    }
    return 0;
}

int spec_select_apply(spec *s, const spec_select *sel, diag *d)
{
    if (!sel || (!sel->nonly && !sel->nrenames))
        return 0;
    int rc = select_endpoints(s, sel, d);
    if (rc == 0 && sel->nonly)
        rc = prune_models(s, d);
    for (size_t i = 0; rc == 0 && i < sel->nrenames; i++)
        rc = rename_one(s, sel->renames[i], d);
    return rc;
}
