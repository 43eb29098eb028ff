/* Plausible values for the Prism corpus driver: see driver_support.h. */
#include "driver_support.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <apicc/client.h>

/* No Content-Type of its own: the endpoint's media type is sent. */
const apicc_file drv_file = {.data = "x", .len = 1, .filename = "x.txt"};


/* What a call's params hold, freed by drv_release after the call. */
#define MAX_OWNED 256
static struct {
    const apicc_model_desc *d; /* a model, or NULL: */
    void *v;                   /* ... plain memory */
    cJSON *json;
} owned[MAX_OWNED];
static size_t nowned;

static void *own(const apicc_model_desc *d, void *v, cJSON *json)
{
    if (nowned == MAX_OWNED) {
        if (d)
            apicc_model_free(d, v);
        else
            free(v);
        cJSON_Delete(json);
        return NULL;
    }
    owned[nowned].d = d;
    owned[nowned].v = v;
    owned[nowned].json = json;
    nowned++;
    return json ? (void *)json : v;
}

static const drv_value *values;

void drv_use_values(const drv_value *table)
{
    values = table;
}

/* The document's value for `param` of endpoint `name` ("" for the body),
 * parsed; NULL when the document gives none. */
static cJSON *lookup(const char *name, const char *param)
{
    for (const drv_value *v = values; v && v->endpoint; v++)
        if (strcmp(v->endpoint, name) == 0 && strcmp(v->param, param) == 0)
            return cJSON_Parse(v->json);
    return NULL;
}

/* Deep enough for any real body; a recursive model stops here. */
#define MAX_DEPTH 8

static cJSON *required_json(const apicc_model_desc *d, int depth);

static cJSON *value_json(apicc_field_kind kind, const apicc_enum_desc *e,
                         const apicc_model_desc *m, int depth)
{
    switch (kind) {
    case APICC_F_STRING:
        return cJSON_CreateString("x");
    case APICC_F_INT:
    case APICC_F_NUMBER:
        return cJSON_CreateNumber(1);
    case APICC_F_BOOL:
        return cJSON_CreateTrue();
    case APICC_F_ENUM:
        return cJSON_CreateString(e && e->nvalues ? e->values[0] : "x");
    case APICC_F_OBJECT:
        return m ? required_json(m, depth + 1) : cJSON_CreateObject();
    case APICC_F_ANY:
        return cJSON_CreateObject();
    case APICC_F_FILE:
        break;
    }
    return NULL;
}

static cJSON *field_json(const apicc_field_desc *f, int depth)
{
    cJSON *v = value_json(f->kind, f->enumd, f->model, depth);
    if (!v || f->shape == APICC_SHAPE_SINGLE)
        return v;
    cJSON *wrap = f->shape == APICC_SHAPE_ARRAY ? cJSON_CreateArray()
                                                : cJSON_CreateObject();
    if (f->shape == APICC_SHAPE_ARRAY)
        cJSON_AddItemToArray(wrap, v);
    else
        cJSON_AddItemToObject(wrap, "x", v);
    return wrap;
}

static cJSON *required_json(const apicc_model_desc *d, int depth)
{
    if (depth > MAX_DEPTH)
        return cJSON_CreateObject();
    if (d->is_list && d->nfields == 1)
        return field_json(&d->fields[0], depth);
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; o && i < d->nfields; i++) {
        const apicc_field_desc *f = &d->fields[i];
        if (!(f->flags & APICC_FIELD_REQUIRED) || f->kind == APICC_F_FILE)
            continue;
        cJSON *v = field_json(f, depth);
        if (v)
            cJSON_AddItemToObject(o, f->json_name, v);
    }
    return o;
}

void *drv_body(const apicc_model_desc *d, const char *name)
{
    cJSON *json = name ? lookup(name, "") : NULL;
    void *v = NULL;
    apicc_json_error err;
    if (json && apicc_model_from_json(d, json, &v, &err) != APICC_OK) {
        fprintf(stderr, "driver: %s: the document's body does not fit: %s\n",
                name, err.message);
        v = NULL;
    }
    if (v) {
        cJSON_Delete(json);
        json = NULL;
    } else {
        cJSON_Delete(json);
        json = required_json(d, 0);
    }
    if (!v && (!json || apicc_model_from_json(d, json, &v, &err) != APICC_OK)) {
        fprintf(stderr, "driver: no body for %s: %s\n", d->name,
                json ? err.message : "out of memory");
        v = NULL;
    }
    cJSON_Delete(json);
    /* A multipart body's required files: the JSON above cannot hold them. */
    for (size_t i = 0; v && i < d->nfields; i++) {
        const apicc_field_desc *f = &d->fields[i];
        if (f->kind == APICC_F_FILE && (f->flags & APICC_FIELD_REQUIRED) &&
            f->shape == APICC_SHAPE_SINGLE)
            memcpy((char *)v + f->offset, &(const apicc_file *){&drv_file},
                   sizeof(const apicc_file *));
    }
    return v;
}

static void set_flag(char *p, size_t off)
{
    if (off != APICC_NO_OFFSET)
        *(bool *)(p + off) = true;
}

/* A JSON value as text for a string param: a string as it is, anything
 * else as JSON. */
static const char *as_text(const cJSON *j)
{
    if (cJSON_IsString(j))
        return own(NULL, strdup(j->valuestring), NULL);
    return own(NULL, cJSON_PrintUnformatted(j), NULL);
}

static int64_t as_int(const cJSON *j)
{
    if (cJSON_IsNumber(j))
        return (int64_t)j->valuedouble;
    return cJSON_IsString(j) ? strtoll(j->valuestring, NULL, 10) : 1;
}

static double as_number(const cJSON *j)
{
    if (cJSON_IsNumber(j))
        return j->valuedouble;
    return cJSON_IsString(j) ? strtod(j->valuestring, NULL) : 1.0;
}

static bool as_bool(const cJSON *j)
{
    if (cJSON_IsString(j))
        return strcmp(j->valuestring, "false") != 0;
    return j ? !cJSON_IsFalse(j) : true;
}

static int as_enum(const apicc_param_desc *d, const cJSON *j)
{
    int v = cJSON_IsString(j) && d->enumd
                ? apicc_enum_from_string(d->enumd, j->valuestring)
                : 0;
    return v ? v : 1; /* the first value when the document gives none */
}

/* One value of param `d` (the document's `j`, or NULL) written at `at`. */
static void put_value(const apicc_param_desc *d, const cJSON *j, char *at)
{
    const char *s;
    void *ptr;
    switch (d->kind) {
    case APICC_F_STRING:
        s = j ? as_text(j) : "x";
        memcpy(at, &s, sizeof s);
        break;
    case APICC_F_INT:
        *(int64_t *)at = j ? as_int(j) : 1;
        break;
    case APICC_F_NUMBER:
        *(double *)at = j ? as_number(j) : 1.0;
        break;
    case APICC_F_BOOL:
        *(bool *)at = as_bool(j);
        break;
    case APICC_F_ENUM:
        *(int *)at = as_enum(d, j);
        break;
    case APICC_F_OBJECT:
        ptr = NULL;
        if (d->model && j)
            apicc_model_from_json(d->model, j, &ptr, NULL);
        if (d->model && !ptr)
            ptr = drv_body(d->model, NULL);
        ptr = ptr ? own(d->model, ptr, NULL) : NULL;
        memcpy(at, &ptr, sizeof ptr);
        break;
    case APICC_F_ANY:
        ptr = own(NULL, NULL, j ? cJSON_Duplicate(j, 1) : cJSON_CreateObject());
        memcpy(at, &ptr, sizeof ptr);
        break;
    case APICC_F_FILE:
        break;
    }
}

static size_t elem_size(apicc_field_kind k)
{
    switch (k) {
    case APICC_F_INT: return sizeof(int64_t);
    case APICC_F_NUMBER: return sizeof(double);
    case APICC_F_BOOL: return sizeof(bool);
    case APICC_F_ENUM: return sizeof(int);
    default: return sizeof(void *);
    }
}

static void fill_array(char *p, const apicc_param_desc *d, const cJSON *j)
{
    size_t n = cJSON_IsArray(j) ? (size_t)cJSON_GetArraySize(j) : 1;
    if (n == 0)
        n = 1;
    char *arr = own(NULL, calloc(n, elem_size(d->kind)), NULL);
    if (!arr)
        return;
    for (size_t i = 0; i < n; i++) {
        const cJSON *item = cJSON_IsArray(j) ? cJSON_GetArrayItem(j, (int)i) : j;
        put_value(d, item, arr + i * elem_size(d->kind));
    }
    memcpy(p + d->offset, &arr, sizeof arr);
    if (d->count_offset != APICC_NO_OFFSET)
        *(size_t *)(p + d->count_offset) = n;
}

void drv_fill_params(const apicc_operation *op, void *params, const char *name)
{
    for (size_t i = 0; i < op->nparams; i++) {
        const apicc_param_desc *d = &op->params[i];
        if (d->constant || d->offset == APICC_NO_OFFSET)
            continue;
        cJSON *j = lookup(name, d->name);
        /* Optional params stay out, but for arrays: their encoding is
         * what the wire check looks at. */
        if (d->required || (d->array && cJSON_IsArray(j))) {
            if (d->array)
                fill_array(params, d, j);
            else
                put_value(d, j, (char *)params + d->offset);
            set_flag(params, d->has_offset);
        }
        cJSON_Delete(j);
    }
}

void drv_release(void)
{
    for (size_t i = 0; i < nowned; i++) {
        if (owned[i].d)
            apicc_model_free(owned[i].d, owned[i].v);
        else
            free(owned[i].v);
        cJSON_Delete(owned[i].json);
    }
    nowned = 0;
}

/* Tabs and line breaks would split the report's columns. */
static void put_field(const char *s, size_t max)
{
    putchar('\t');
    for (size_t i = 0; s && s[i] && i < max; i++)
        putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

void drv_report(apicc_client *c, int n, const char *name,
                const char *method, const char *path, apicc_status st)
{
    const apicc_error *e = apicc_client_error(c);
    printf("CALL\t%d\t%s\t%s\t%s\t%ld\t%s", n, name, method, path,
           e->http_status, apicc_status_name(st));
    put_field(st == APICC_OK ? "" : e->message, 300);
    put_field(st == APICC_OK ? "" : e->body, 600);
    putchar('\n');
    fflush(stdout);
}
