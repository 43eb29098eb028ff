/*
 * Generation in memory: see generate.h.
 */
#include "output/generate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/diag.h"
#include "mustache/mustache.h"
#include "load/spec.h"
#include "output/spec_input.h"
#include "view/view.h"

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
    p[r->nproviders] = str_dup(provider);
    if (!p[r->nproviders])
        return -1;
    r->nproviders++;
    return 0;
}

/* One template rendered against one view: renders only read the view and
 * the template set, and each job has its own output and diagnostics,
 * merged in template order afterwards so the result does not depend on
 * which thread finished first. */
typedef struct render_job {
    const tmpl_file *t;
    const cJSON *view;
    const tmpl_set *templates;
    char *path;
    char *out;
    size_t len;
    diag d;
} render_job;

/* The jobs of one spec, handed out to the workers biggest first. */
typedef struct render_queue {
    render_job **order;
    size_t n;
    size_t next;
    pthread_mutex_t lock;
} render_queue;

static void render_one(render_job *j)
{
    tmpl_options opt = {
        .escape = tmpl_escape_for(j->path),
        .partial = tmpl_set_partial,
        .partial_ctx = (void *)j->templates,
        .strict_partials = 1,
        .name = j->t->path,
    };
    j->out = tmpl_render(j->t->text, j->t->len, j->view, &opt, &j->d, &j->len);
}

static void *render_worker(void *arg)
{
    render_queue *q = arg;
    for (;;) {
        pthread_mutex_lock(&q->lock);
        render_job *j = q->next < q->n ? q->order[q->next++] : NULL;
        pthread_mutex_unlock(&q->lock);
        if (!j)
            return NULL;
        render_one(j);
    }
}

/* Longer templates first: the biggest render starts at once and the
 * small ones fill the other cores around it. */
static int bigger_first(const void *a, const void *b)
{
    const render_job *x = *(render_job *const *)a;
    const render_job *y = *(render_job *const *)b;
    if (x->t->len != y->t->len)
        return x->t->len > y->t->len ? -1 : 1;
    return x < y ? -1 : x > y;
}

static size_t cpu_count(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 1 ? (size_t)n : 1;
}

/* Renders every top-level template for one spec's view, on as many
 * threads as there are cores (never more than there are templates). */
static int render_all(const spec *s, const cJSON *view,
                      const tmpl_set *templates, gen_result *r,
                      struct diag *d)
{
    size_t n = templates->n ? templates->n : 1;
    render_job *jobs = calloc(n, sizeof *jobs);
    render_queue q = {.order = calloc(n, sizeof *q.order)};
    size_t nworkers = cpu_count();
    pthread_t *threads = calloc(nworkers, sizeof *threads);
    int rc = 0;
    if (!jobs || !q.order || !threads) {
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
        if (!j->path)
            rc = -1;
        else
            q.order[q.n++] = j;
    }
    qsort(q.order, q.n, sizeof *q.order, bigger_first);
    pthread_mutex_init(&q.lock, NULL);
    if (nworkers > q.n)
        nworkers = q.n;
    size_t started = 0;
    /* this thread is one of the workers */
    while (started + 1 < nworkers &&
           pthread_create(&threads[started], NULL, render_worker, &q) == 0)
        started++;
    render_worker(&q);
    for (size_t i = 0; i < started; i++)
        pthread_join(threads[i], NULL);
    pthread_mutex_destroy(&q.lock);
    for (size_t i = 0; i < templates->n; i++) {
        render_job *j = &jobs[i];
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
    free(q.order);
    free(threads);
    return rc;
}

static int provider_seen(const gen_result *r, const char *provider)
{
    for (size_t i = 0; i < r->nproviders; i++)
        if (strcmp(r->providers[i], provider) == 0)
            return 1;
    return 0;
}

int gen_run(char *const *specs, size_t nspecs, const spec_select *sel,
            const tmpl_set *templates, gen_result *r, struct diag *d)
{
    int rc = 0;
    for (size_t i = 0; i < nspecs; i++) {
        char *shown = spec_input_display_name(specs[i]);
        spec *s = shown ? spec_input_load(specs[i], sel, d) : NULL;
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
            cJSON *view = view_build(s, shown);
            if (!view) {
                diag_error(d, specs[i], 0, 0, "out of memory");
                rc = -1;
            } else if (render_all(s, view, templates, r, d) != 0) {
                rc = -1;
            }
            view_free(view);
        }
        spec_free(s);
        free(shown);
    }
    return rc;
}
