/*
 * The view's top level (provider, servers) and the helpers its parts
 * share; see view.h for what the view is.
 */
#include "view/view.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/version.h"
#include "base/c_text.h"
#include "base/cname.h"
#include "view/view_arena.h"
#include "view/view_escape.h"
#include "view/view_internal.h"

void view_str(view_ctx *v, cJSON *obj, const char *key, const char *s)
{
    cJSON *item = s ? cJSON_CreateString(s) : cJSON_CreateFalse();
    if (!item || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        v->failed = 1;
    }
}

void view_text(view_ctx *v, cJSON *obj, const char *key, const char *s)
{
    if (!s) {
        view_str(v, obj, key, NULL);
        return;
    }
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
                 s[n - 1] == '\r'))
        n--;
    char *t = malloc(n + 1);
    if (!t) {
        v->failed = 1;
        return;
    }
    memcpy(t, s, n);
    t[n] = '\0';
    view_str(v, obj, key, t);
    free(t);
}

void view_bool(view_ctx *v, cJSON *obj, const char *key, int b)
{
    if (!cJSON_AddBoolToObject(obj, key, b ? 1 : 0))
        v->failed = 1;
}

void view_num(view_ctx *v, cJSON *obj, const char *key, double n)
{
    if (!cJSON_AddNumberToObject(obj, key, n))
        v->failed = 1;
}

void view_fmt(view_ctx *v, cJSON *obj, const char *key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        v->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        view_str(v, obj, key, small);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        v->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    view_str(v, obj, key, big);
    free(big);
}

/* Copies one line of text made safe for a C comment (base/c_text.h). */
static char *safe_line(const char *start, size_t len)
{
    while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t' ||
                       start[len - 1] == '\r'))
        len--;
    return c_comment_text(start, len);
}

void view_lines(view_ctx *v, cJSON *obj, const char *key, const char *text)
{
    cJSON *arr = view_array(v, obj, key);
    if (!arr || !text)
        return;
    /* Trailing empty lines say nothing; drop them. */
    size_t total = strlen(text);
    while (total > 0 && (text[total - 1] == '\n' || text[total - 1] == ' ' ||
                         text[total - 1] == '\r' || text[total - 1] == '\t'))
        total--;
    const char *p = text;
    const char *end = text + total;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *line = safe_line(p, len);
        cJSON *item = view_push(v, arr);
        if (!line || !item) {
            free(line);
            v->failed = 1;
            return;
        }
        view_str(v, item, "line", line[0] ? line : NULL);
        free(line);
        p += len + (nl ? 1 : 0);
    }
}

void view_one_line(view_ctx *v, cJSON *obj, const char *key, const char *text)
{
    if (!text || !text[0]) {
        view_str(v, obj, key, NULL);
        return;
    }
    const char *nl = strchr(text, '\n');
    char *line = safe_line(text, nl ? (size_t)(nl - text) : strlen(text));
    if (!line) {
        v->failed = 1;
        return;
    }
    view_str(v, obj, key, line[0] ? line : NULL);
    free(line);
}

void view_mark_ends(view_ctx *v, cJSON *arr)
{
    int n = cJSON_GetArraySize(arr);
    int i = 0;
    cJSON *item;
    cJSON_ArrayForEach(item, arr)
    {
        view_bool(v, item, "first", i == 0);
        view_bool(v, item, "last", i == n - 1);
        i++;
    }
}

cJSON *view_array(view_ctx *v, cJSON *obj, const char *key)
{
    cJSON *arr = cJSON_AddArrayToObject(obj, key);
    if (!arr)
        v->failed = 1;
    return arr;
}

cJSON *view_push(view_ctx *v, cJSON *arr)
{
    cJSON *item = cJSON_CreateObject();
    if (!item || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        v->failed = 1;
        return NULL;
    }
    return item;
}

char *view_global(view_ctx *v, const char *explicit_c_name, const char *name)
{
    char *c = cname_derive(explicit_c_name, name);
    if (!c) {
        v->failed = 1;
        return NULL;
    }
    size_t n = strlen(v->prefix) + strlen(c) + 2;
    char *g = malloc(n);
    if (g)
        snprintf(g, n, "%s_%s", v->prefix, c);
    else
        v->failed = 1;
    free(c);
    return g;
}

char *view_model_ctype(view_ctx *v, const spec_model *m)
{
    return view_global(v, m->c_name, m->name);
}

const char *view_location_const(spec_location in)
{
    switch (in) {
    case SPEC_IN_PATH:
        return "APICC_IN_PATH";
    case SPEC_IN_QUERY:
        return "APICC_IN_QUERY";
    case SPEC_IN_HEADER:
        return "APICC_IN_HEADER";
    case SPEC_IN_COOKIE:
        return "APICC_IN_COOKIE";
    case SPEC_IN_PARAM:
        return "APICC_IN_PARAM";
    case SPEC_IN_NONE:
        break;
    }
    return "APICC_IN_NONE";
}

const char *view_location_word(spec_location in)
{
    switch (in) {
    case SPEC_IN_PATH:
        return "path";
    case SPEC_IN_QUERY:
        return "query";
    case SPEC_IN_HEADER:
        return "header";
    case SPEC_IN_COOKIE:
        return "cookie";
    case SPEC_IN_PARAM:
        return "param";
    case SPEC_IN_NONE:
        break;
    }
    return "none";
}

/* The server list and the default server's URL. */
static void add_servers(view_ctx *v, cJSON *root)
{
    cJSON *arr = view_array(v, root, "servers");
    if (!arr)
        return;
    const spec_server *def = v->s->nservers ? &v->s->servers[0] : NULL;
    for (size_t i = 0; i < v->s->nservers; i++)
        if (v->s->servers[i].is_default)
            def = &v->s->servers[i];
    for (size_t i = 0; i < v->s->nservers; i++) {
        const spec_server *sv = &v->s->servers[i];
        cJSON *o = view_push(v, arr);
        if (!o)
            return;
        view_str(v, o, "server_name", sv->name);
        view_spec_str(v, o, "server_url", sv->url);
        view_one_line(v, o, "server_description", sv->description);
        view_bool(v, o, "is_default", sv == def);
    }
    view_mark_ends(v, arr);
    view_spec_str(v, root, "default_url", def ? def->url : NULL);
    view_str(v, root, "default_server", def ? def->name : NULL);
}

/* The error shape: where the provider's code and message are. */
static void add_errors(view_ctx *v, cJSON *root)
{
    const spec_errors *e = &v->s->errors;
    int has = e->code || e->message;
    view_bool(v, root, "has_error_shape", has);
    view_str(v, root, "error_code_path", e->code);
    view_str(v, root, "error_message_path", e->message);
    char *ctype = e->resolved ? view_model_ctype(v, e->resolved) : NULL;
    view_str(v, root, "error_model", e->resolved ? e->resolved->name : NULL);
    view_str(v, root, "error_model_c_type", ctype);
    free(ctype);
}

typedef struct endpoints_job {
    view_ctx v; /* a copy: `failed` is set per thread */
    pthread_t thread;
    cJSON *out;
    void *arena; /* the thread's arena memory, when an arena is in use */
} endpoints_job;

static void *build_endpoints(void *arg)
{
    endpoints_job *job = arg;
    job->out = view_endpoints(&job->v);
    job->arena = view_arena_release();
    return NULL;
}

cJSON *view_build(const spec *s, const char *spec_path)
{
    char *upper = cname_upper(s->provider);
    cJSON *root = cJSON_CreateObject();
    view_ctx v = {.s = s, .prefix = s->provider, .upper = upper};
    if (!upper || !root) {
        free(upper);
        cJSON_Delete(root);
        return NULL;
    }
    view_str(&v, root, "apicc_version", APICC_VERSION_STRING);
    view_num(&v, root, "abi_version", APICC_ABI_VERSION);
    view_comment(&v, root, "spec_path", spec_path);
    view_str(&v, root, "provider", s->provider);
    view_str(&v, root, "PROVIDER", upper);
    view_comment(&v, root, "title", s->title);
    view_comment(&v, root, "api_version", s->api_version);
    view_lines(&v, root, "description_lines", s->description);
    view_text(&v, root, "description", s->description);
    int ws = s->transport == SPEC_TRANSPORT_WEBSOCKET;
    view_bool(&v, root, "is_websocket", ws);
    view_bool(&v, root, "is_http", !ws);
    add_servers(&v, root);
    add_errors(&v, root);
    /* The endpoints (the biggest part) are built on a second thread while
     * this one builds the rest: both only read the spec. */
    endpoints_job job = {.v = v};
    int threaded = pthread_create(&job.thread, NULL, build_endpoints,
                                  &job) == 0;
    if (!threaded)
        build_endpoints(&job);
    cJSON *parts[4] = {view_auths(&v), view_enums(&v), view_models(&v),
                       NULL};
    if (threaded)
        pthread_join(job.thread, NULL);
    view_arena_adopt(job.arena);
    parts[3] = job.out;
    v.failed |= job.v.failed;
    const char *names[4] = {"auths", "enums", "models", "endpoints"};
    for (int i = 0; i < 4; i++) {
        if (!parts[i] || !cJSON_AddItemToObject(root, names[i], parts[i])) {
            cJSON_Delete(parts[i]);
            v.failed = 1;
        }
    }
    view_bool(&v, root, "has_auths", s->nauths > 0);
    view_bool(&v, root, "has_enums", cJSON_GetArraySize(parts[1]) > 0);
    view_bool(&v, root, "has_models", cJSON_GetArraySize(parts[2]) > 0);
    free(upper);
    if (v.failed) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}
