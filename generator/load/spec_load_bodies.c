/*
 * Loading an endpoint's bodies and answers by media type:
 *
 *   body: Model                          a JSON object (the default)
 *   body: {type: array, items: ...}      a JSON array (list model
 *                                        "<endpoint>_body")
 *   body: {model: M, media_type: application/x-www-form-urlencoded,
 *          encoding: {tags: {style: form, explode: false}}}
 *   body: {media_type: application/octet-stream}   bytes (an apicc_file)
 *   response: {media_type: text/plain}             bytes or text
 *   responses: {"201": Item, "200": {type: array, items: ...},
 *               "4XX": Problem, default: {media_type: text/plain}}
 *
 * A media type is sorted into JSON, form, multipart, text or bytes
 * (spec_media_of); its text is kept, as the Content-Type sent or the
 * Accept asked for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/global_names.h"
#include "load/spec_load_internal.h"

static const char *const body_keys[] = {"model", "media_type", "encoding",
                                        NULL};
static const char *const response_keys[] = {"model", "media_type", "type",
                                            "items", "description", NULL};
static const char *const encoding_keys[] = {"style", "explode",
                                            "content_type", NULL};
static const ld_name styles[] = {
    {"form", 0},
    {"deepObject", 1},
    {"spaceDelimited", 2},
    {"pipeDelimited", 3},
};

spec_media spec_media_of(const char *type)
{
    size_t n = strcspn(type, ";");
    while (n > 0 && type[n - 1] == ' ')
        n--;
    if ((n >= 5 && (strncasecmp(type + n - 5, "/json", 5) == 0 ||
                    strncasecmp(type + n - 5, "+json", 5) == 0)) ||
        (n == 3 && strncmp(type, "*/*", 3) == 0))
        return SPEC_MEDIA_JSON;
    if (n == 33 &&
        strncasecmp(type, "application/x-www-form-urlencoded", n) == 0)
        return SPEC_MEDIA_FORM;
    if (n == 19 && strncasecmp(type, "multipart/form-data", n) == 0)
        return SPEC_MEDIA_MULTIPART;
    if (n >= 5 && strncasecmp(type, "text/", 5) == 0)
        return SPEC_MEDIA_TEXT;
    return SPEC_MEDIA_BYTES;
}

/* `media_type:` of a body or answer: its text and kind. */
static void ld_media(ld_ctx *l, const ytree_node *map, char **type,
                     spec_media *media)
{
    const ytree_node *v = ytree_get(map, "media_type");
    if (!v)
        return;
    *type = ld_string(l, v);
    if (!*type)
        return;
    if (!**type || strchr(*type, '/') == NULL) {
        ld_error(l, v, "media type '%s' is not type/subtype", *type);
        return;
    }
    *media = spec_media_of(*type);
}

static void ld_encoding(ld_ctx *l, const ytree_node *map, spec_endpoint *e)
{
    if (!ld_want_map(l, map))
        return;
    e->encoding = ld_calloc(l, map->npairs ? map->npairs : 1,
                            sizeof(*e->encoding));
    if (!e->encoding)
        return;
    for (size_t i = 0; i < map->npairs; i++) {
        const ytree_node *k = map->pairs[i].key, *v = map->pairs[i].value;
        spec_body_encoding *enc = &e->encoding[e->nencoding++];
        enc->name = ld_strdup(l, k->text);
        enc->pos = ld_pos(k);
        if (!ld_want_map(l, v))
            continue;
        ld_keys(l, v, "encoding", encoding_keys, NULL);
        const ytree_node *s = ytree_get(v, "style");
        if (s)
            ld_enum(l, s, "style", styles, 4, "", &enc->style);
        const ytree_node *x = ytree_get(v, "explode");
        int explode = 1;
        if (x && ld_bool(l, x, &explode))
            enc->no_explode = !explode;
        ld_opt_string(l, v, "content_type", &enc->content_type);
    }
}

void ld_body(ld_ctx *l, const ytree_node *map, spec_endpoint *e)
{
    const ytree_node *v = ytree_get(map, "body");
    if (!v)
        return;
    e->body_pos = ld_pos(v);
    if (v->kind != YTREE_MAP) {
        e->body = ld_string(l, v);
        return;
    }
    if (ytree_get(v, "type") || ytree_get(v, "items")) {
        /* a JSON array: the list model "<endpoint>_body" */
        if (e->name)
            e->body = ld_list_model(l, v, e->name, "_body");
        return;
    }
    ld_keys(l, v, "body", body_keys, NULL);
    ld_media(l, v, &e->body_type, &e->body_media);
    const ytree_node *m = ytree_get(v, "model");
    if (m) {
        e->body = ld_string(l, m);
        e->body_pos = ld_pos(m);
    }
    int bytes = e->body_media == SPEC_MEDIA_BYTES ||
                e->body_media == SPEC_MEDIA_TEXT;
    if (m && bytes)
        ld_error(l, m, "a %s body is bytes (an apicc_file); it takes no "
                       "model", e->body_type ? e->body_type : "");
    if (!m && !bytes)
        ld_error(l, v, "missing required key 'model' in body (a %s body "
                       "is written from a model)",
                 e->body_type ? e->body_type : "JSON");
    const ytree_node *enc = ytree_get(v, "encoding");
    if (enc && e->body_media != SPEC_MEDIA_FORM &&
        e->body_media != SPEC_MEDIA_MULTIPART)
        ld_error(l, ld_key(v, "encoding"), "'encoding' only applies to "
                 "form and multipart bodies");
    else if (enc)
        ld_encoding(l, enc, e);
}

/* A status key: 100..599, "1XX".."5XX" (1..5), "default" (0); -1
 * otherwise. */
static int status_key(const char *k)
{
    if (strcmp(k, "default") == 0)
        return 0;
    if (strlen(k) != 3 || k[0] < '1' || k[0] > '5')
        return -1;
    if ((k[1] == 'X' || k[1] == 'x') && (k[2] == 'X' || k[2] == 'x'))
        return k[0] - '0';
    if (strspn(k, "0123456789") == 3)
        return atoi(k);
    return -1;
}

/* One answer: a model name, an inline array, or {media_type, model}.
 * `list_name` names the list model of an inline array. */
static void ld_answer(ld_ctx *l, const ytree_node *v, const char *list_name,
                      char **model, spec_pos *model_pos, char **type,
                      spec_media *media)
{
    *model_pos = ld_pos(v);
    if (v->kind != YTREE_MAP) {
        *model = ld_string(l, v);
        return;
    }
    if (ytree_get(v, "type") || ytree_get(v, "items")) {
        if (list_name)
            *model = ld_list_model(l, v, list_name, NULL);
        return;
    }
    ld_keys(l, v, "response", response_keys, NULL);
    ld_media(l, v, type, media);
    const ytree_node *m = ytree_get(v, "model");
    if (m) {
        *model = ld_string(l, m);
        *model_pos = ld_pos(m);
    }
    if (m && (*media == SPEC_MEDIA_BYTES || *media == SPEC_MEDIA_TEXT))
        ld_error(l, m, "a %s answer is bytes (an apicc_download); it takes "
                       "no model", *type ? *type : "");
    if (*media == SPEC_MEDIA_FORM || *media == SPEC_MEDIA_MULTIPART)
        ld_error(l, ytree_get(v, "media_type"),
                 "answers are read as JSON, text or bytes, not as %s",
                 *type ? *type : "a form");
}

void ld_response_body(ld_ctx *l, const ytree_node *map, spec_endpoint *e)
{
    const ytree_node *v = ytree_get(map, "response");
    if (!v)
        return;
    e->response_pos = ld_pos(v);
    ld_answer(l, v, e->name, &e->response, &e->response_pos,
              &e->response_type, &e->response_media);
}

void ld_responses(ld_ctx *l, const ytree_node *map, spec_endpoint *e)
{
    const ytree_node *v = ytree_get(map, "responses");
    if (!v)
        return;
    e->responses_pos = ld_pos(v);
    if (ytree_get(map, "response"))
        ld_error(l, ld_key(map, "responses"),
                 "'response' and 'responses' cannot both be given");
    if (!ld_want_map(l, v))
        return;
    if (v->npairs == 0) {
        ld_error(l, v, "'responses' must list at least one status");
        return;
    }
    e->responses = ld_calloc(l, v->npairs, sizeof(*e->responses));
    if (!e->responses)
        return;
    for (size_t i = 0; i < v->npairs; i++) {
        const ytree_node *k = v->pairs[i].key;
        spec_response *r = &e->responses[e->nresponses++];
        r->pos = ld_pos(k);
        r->key = ld_strdup(l, k->text);
        r->status = status_key(k->text);
        if (r->status < 0 || (r->status > 5 && r->status < 100))
            ld_error(l, k, "'%s' is not an HTTP status (100..599), a "
                           "range (2XX) or default", k->text);
        char *list = NULL;
        if (e->name) {
            size_t n = strlen(e->name) + strlen(k->text) + 2;
            list = malloc(n);
            if (list)
                snprintf(list, n, "%s_%s", e->name, k->text);
            else
                l->oom = 1;
        }
        ld_answer(l, v->pairs[i].value, list, &r->model, &r->model_pos,
                  &r->media_type, &r->media);
        free(list);
    }
}
