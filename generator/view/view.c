/*
 * The view's top level (provider, servers, errors), which calls its parts
 * (view_parts.h); see view.h for what the view is.
 */
#include "view/view.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/version.h"
#include "base/buf.h"
#include "base/cname.h"
#include "view/view_arena.h"
#include "view/view_escape.h"
#include "view/view_examples.h"
#include "view/view_parts.h"
#include "view/view_util.h"

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
    view_arena_begin();
    char *upper = cname_upper(s->provider);
    cJSON *root = cJSON_CreateObject();
    view_ctx v = {.s = s, .prefix = s->provider, .upper = upper};
    if (!upper || !root) {
        free(upper);
        view_arena_end();
        return NULL;
    }
    view_str(&v, root, "apicc_version", APICC_VERSION_STRING);
    view_num(&v, root, "abi_version", APICC_ABI_VERSION);
    view_comment(&v, root, "spec_path", spec_path);
    view_str(&v, root, "provider", s->provider);
    view_str(&v, root, "PROVIDER", upper);
    view_names(&v, root, &gname_provider, s->provider);
    view_comment(&v, root, "title", s->title);
    view_comment(&v, root, "api_version", s->api_version);
    view_lines(&v, root, "description_lines", s->description);
    view_text(&v, root, "description", s->description);
    int ws = s->transport == SPEC_TRANSPORT_WEBSOCKET;
    view_bool(&v, root, "is_websocket", ws);
    view_bool(&v, root, "is_http", !ws);
    view_servers(&v, root);
    add_errors(&v, root);
    /* The endpoints (the biggest part) are built on a second thread while
     * this one builds the rest: both only read the spec. */
    endpoints_job job = {.v = v};
    int threaded = pthread_create(&job.thread, NULL, build_endpoints,
                                  &job) == 0;
    if (!threaded)
        build_endpoints(&job);
    cJSON *parts[5] = {view_auths(&v), view_enums(&v), view_models(&v),
                       NULL, view_events(&v)};
    if (threaded)
        pthread_join(job.thread, NULL);
    view_arena_adopt(job.arena);
    parts[3] = job.out;
    v.failed |= job.v.failed;
    view_examples(&v, parts[3]);
    const char *names[5] = {"auths", "enums", "models", "endpoints",
                            "events"};
    for (int i = 0; i < 5; i++) {
        if (!parts[i] || !cJSON_AddItemToObject(root, names[i], parts[i])) {
            cJSON_Delete(parts[i]);
            v.failed = 1;
        }
    }
    view_bool(&v, root, "has_auths", s->nauths > 0);
    view_bool(&v, root, "has_enums", cJSON_GetArraySize(parts[1]) > 0);
    view_bool(&v, root, "has_models", cJSON_GetArraySize(parts[2]) > 0);
    view_bool(&v, root, "has_events", s->nevents > 0);
    free(upper);
    if (v.failed) {
        view_arena_end(); /* the whole tree */
        return NULL;
    }
    return root;
}

void view_free(cJSON *view)
{
    (void)view; /* its nodes are the arena's */
    view_arena_end();
}
