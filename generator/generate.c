/*
 * Generation in memory: see generate.h.
 */
#include "generate.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "mustache.h"
#include "spec.h"
#include "view.h"
#include "view_arena.h"

void gen_result_init(gen_result *r)
{
    memset(r, 0, sizeof(*r));
}

void gen_result_free(gen_result *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->files[i].path);
        free(r->files[i].data);
    }
    for (size_t i = 0; i < r->nproviders; i++)
        free(r->providers[i]);
    free(r->files);
    free(r->providers);
    memset(r, 0, sizeof(*r));
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

char *gen_display_path(const char *path)
{
    char cwd[PATH_MAX];
    if (path[0] == '/' && getcwd(cwd, sizeof cwd)) {
        size_t n = strlen(cwd);
        if (strncmp(path, cwd, n) == 0 && path[n] == '/')
            return dup_str(path + n + 1);
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    return dup_str(path);
}

/* "PROVIDER.h" -> "quatrix/quatrix.h" */
static char *output_path(const char *provider, const char *tmpl_name)
{
    size_t n = strlen(provider) * 2 + strlen(tmpl_name) + 2;
    char *out = malloc(n);
    if (!out)
        return NULL;
    size_t k = (size_t)snprintf(out, n, "%s/", provider);
    const char *p = tmpl_name;
    const char *mark = "PROVIDER";
    while (*p) {
        if (strncmp(p, mark, strlen(mark)) == 0) {
            k += (size_t)snprintf(out + k, n - k, "%s", provider);
            p += strlen(mark);
        } else {
            out[k++] = *p++;
        }
    }
    out[k] = '\0';
    return out;
}

static int add_file(gen_result *r, char *path, char *data, size_t len)
{
    if (r->n == r->cap) {
        size_t c = r->cap ? r->cap * 2 : 8;
        gen_file *f = realloc(r->files, c * sizeof(*f));
        if (!f)
            return -1;
        r->files = f;
        r->cap = c;
    }
    r->files[r->n].path = path;
    r->files[r->n].data = data;
    r->files[r->n].len = len;
    r->n++;
    return 0;
}

static int add_provider(gen_result *r, const char *provider)
{
    char **p = realloc(r->providers, (r->nproviders + 1) * sizeof(*p));
    if (!p)
        return -1;
    r->providers = p;
    p[r->nproviders] = dup_str(provider);
    if (!p[r->nproviders])
        return -1;
    r->nproviders++;
    return 0;
}

/* One template rendered against one view, on its own thread: renders only
 * read the view and the template set, and each job has its own output and
 * diagnostics, merged in template order afterwards so the result does not
 * depend on which thread finished first. */
typedef struct render_job {
    const tmpl_file *t;
    const cJSON *view;
    const tmpl_set *templates;
    char *path;
    char *out;
    size_t len;
    diag d;
} render_job;

static void *render_one(void *arg)
{
    render_job *j = arg;
    tmpl_options opt = {
        .escape = tmpl_escape_for(j->path),
        .partial = tmpl_set_partial,
        .partial_ctx = (void *)j->templates,
        .strict_partials = 1,
        .name = j->t->path,
    };
    j->out = tmpl_render(j->t->text, j->t->len, j->view, &opt, &j->d, &j->len);
    return NULL;
}

/* Renders every top-level template for one spec's view, in parallel (the
 * machine's cores are otherwise idle while the biggest template renders). */
static int render_all(const spec *s, const cJSON *view,
                      const tmpl_set *templates, gen_result *r,
                      struct diag *d)
{
    render_job *jobs = calloc(templates->n ? templates->n : 1, sizeof *jobs);
    pthread_t *threads = calloc(templates->n ? templates->n : 1,
                                sizeof *threads);
    int *started = calloc(templates->n ? templates->n : 1, sizeof *started);
    int rc = 0;
    if (!jobs || !threads || !started) {
        diag_error(d, s->provider, 0, 0, "out of memory");
        rc = -1;
        goto done;
    }
    for (size_t i = 0; i < templates->n; i++) {
        render_job *j = &jobs[i];
        j->t = &templates->files[i];
        diag_init(&j->d);
        if (j->t->is_partial)
            continue;
        j->view = view;
        j->templates = templates;
        j->path = output_path(s->provider, j->t->name);
        if (!j->path) {
            rc = -1;
            continue;
        }
        started[i] = pthread_create(&threads[i], NULL, render_one, j) == 0;
        if (!started[i])
            render_one(j); /* no thread to be had: render here instead */
    }
    for (size_t i = 0; i < templates->n; i++) {
        render_job *j = &jobs[i];
        if (started[i])
            pthread_join(threads[i], NULL);
        diag_take(d, &j->d);
        if (!j->path)
            continue;
        if (!j->out || add_file(r, j->path, j->out, j->len) != 0) {
            free(j->path);
            free(j->out);
            rc = -1;
        }
    }
done:
    free(jobs);
    free(threads);
    free(started);
    return rc;
}

static int provider_seen(const gen_result *r, const char *provider)
{
    for (size_t i = 0; i < r->nproviders; i++)
        if (strcmp(r->providers[i], provider) == 0)
            return 1;
    return 0;
}

int gen_run(char *const *specs, size_t nspecs, const tmpl_set *templates,
            gen_result *r, struct diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < nspecs; i++) {
        char *shown = gen_display_path(specs[i]);
        spec *s = shown ? spec_load(specs[i], d) : NULL;
        if (s && spec_validate(s, d) != 0) {
            spec_free(s);
            s = NULL;
        }
        if (!s) {
            free(shown);
            rc = -1;
            continue; /* keep going: report every spec's problems */
        }
        if (provider_seen(r, s->provider)) {
            diag_error(d, specs[i], 0, 0,
                       "provider \"%s\" is generated by an earlier spec too",
                       s->provider);
            rc = -1;
        } else if (add_provider(r, s->provider) != 0) {
            rc = -1;
        } else {
            view_arena_begin();
            cJSON *view = view_build(s, shown);
            if (!view) {
                diag_error(d, specs[i], 0, 0, "out of memory");
                rc = -1;
            } else if (render_all(s, view, templates, r, d) != 0) {
                rc = -1;
            }
            view_arena_end(); /* frees the view, node by node unneeded */
        }
        spec_free(s);
        free(shown);
    }
    return rc;
}
