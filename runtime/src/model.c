/*
 * Models as tables: JSON to struct, struct to JSON, and free, by walking
 * the field descriptors that generated code emits (see apicc/model.h).
 *
 * Storage per kind: STRING char *, INT int64_t, NUMBER double, BOOL bool,
 * ENUM int, OBJECT void * (a struct of its own), ANY cJSON *.  Arrays hold
 * a pointer to a malloc'd block of those; maps add a parallel block of
 * keys.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apicc/model.h"
#include "apicc/sign.h"
#include "client_internal.h"

/* The C size of one stored element of `kind`. */
static size_t elem_size(apicc_field_kind kind)
{
    switch (kind) {
    case APICC_F_STRING:
        return sizeof(char *);
    case APICC_F_INT:
        return sizeof(int64_t);
    case APICC_F_NUMBER:
        return sizeof(double);
    case APICC_F_BOOL:
        return sizeof(bool);
    case APICC_F_ENUM:
        return sizeof(int);
    case APICC_F_OBJECT:
        return sizeof(void *);
    case APICC_F_ANY:
        return sizeof(cJSON *);
    case APICC_F_FILE:
        return sizeof(void *);
    }
    return sizeof(void *);
}

#define AT(base, off) ((void *)((char *)(base) + (off)))
#define CAT(base, off) ((const void *)((const char *)(base) + (off)))

static void set_flag(void *v, size_t off, bool value)
{
    if (off != APICC_NO_OFFSET)
        *(bool *)AT(v, off) = value;
}

static bool get_flag(const void *v, size_t off)
{
    return off != APICC_NO_OFFSET && *(const bool *)CAT(v, off);
}

/* ---- errors with a path ---------------------------------------------- */

/* The path to the value being parsed ("LoginReply.token.id"), kept on the
 * stack as the parse descends. */
typedef struct parse_ctx {
    apicc_json_error *err;
    char path[192];
    size_t len; /* strlen(path) */
    size_t depth;
} parse_ctx;


#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static apicc_status shape_error(parse_ctx *p, const char *fmt, ...)
{
    if (p->err && p->err->message[0] == '\0') {
        char what[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(what, sizeof what, fmt, ap);
        va_end(ap);
        /* Bounded parts: a long path loses its tail, never the reason. */
        snprintf(p->err->message, sizeof p->err->message, "%.100s: %.150s",
                 p->path, what);
    }
    return APICC_ERR_RESPONSE;
}

static apicc_status nomem(parse_ctx *p)
{
    if (p->err && p->err->message[0] == '\0')
        snprintf(p->err->message, sizeof p->err->message, "out of memory");
    return APICC_ERR_NOMEM;
}

/* Appends `n` bytes of `s` to the path, cut where it is full. */
static void path_put(parse_ctx *p, const char *s, size_t n)
{
    size_t room = sizeof p->path - 1 - p->len;
    if (n > room)
        n = room;
    memcpy(p->path + p->len, s, n);
    p->len += n;
    p->path[p->len] = '\0';
}

/* Appends ".name" or "[i]" to the path; returns the old length so the
 * caller can cut back.  It runs for every member read, so it copies
 * rather than formats (snprintf here was a tenth of a typed event's
 * cost). */
static size_t path_push(parse_ctx *p, const char *name, long index)
{
    size_t old = p->len;
    if (name) {
        path_put(p, ".", 1);
        path_put(p, name, strlen(name));
        return old;
    }
    char digits[24];
    size_t i = sizeof digits;
    unsigned long u = index < 0 ? 0UL : (unsigned long)index;
    digits[--i] = ']';
    do {
        digits[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u && i > 1);
    digits[--i] = '[';
    path_put(p, digits + i, sizeof digits - i);
    return old;
}

static void path_pop(parse_ctx *p, size_t old)
{
    p->len = old;
    p->path[old] = '\0';
}

/* ---- parsing one value ------------------------------------------------ */

static apicc_status parse_object(parse_ctx *p, const apicc_model_desc *d,
                                 const cJSON *json, void **out);

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

/* Parses `j` as one element of `f`'s kind into `slot`. */
static apicc_status parse_value(parse_ctx *p, const apicc_field_desc *f,
                                const cJSON *j, void *slot)
{
    switch (f->kind) {
    case APICC_F_STRING: {
        if (!cJSON_IsString(j))
            return shape_error(p, "expected a string, got %s",
                               apicc__json_kind(j));
        char *s = dup_string(j->valuestring);
        if (!s)
            return nomem(p);
        *(char **)slot = s;
        return APICC_OK;
    }
    case APICC_F_INT: {
        if (!cJSON_IsNumber(j))
            return shape_error(p, "expected an integer, got %s",
                               apicc__json_kind(j));
        /* An integer too long for a double to hold exactly keeps its
         * text (json_parse.h): read it exactly, or refuse it. */
        if (j->valuestring) {
            char *end = NULL;
            errno = 0;
            long long exact = strtoll(j->valuestring, &end, 10);
            if (errno == ERANGE || !end || *end)
                return shape_error(p, "integer %.40s is outside int64 range",
                                   j->valuestring);
            *(int64_t *)slot = (int64_t)exact;
            return APICC_OK;
        }
        double v = j->valuedouble;
        /* Otherwise a whole double, exact: beyond 2^53 a double stands for
         * several integers, and picking one would be a silent rounding. */
        if (v != floor(v))
            return shape_error(p, "expected an integer, got %g", v);
        if (v <= -9007199254740992.0 || v >= 9007199254740992.0)
            return shape_error(p, "integer %g cannot be read exactly", v);
        *(int64_t *)slot = (int64_t)v;
        return APICC_OK;
    }
    case APICC_F_NUMBER:
        if (!cJSON_IsNumber(j))
            return shape_error(p, "expected a number, got %s",
                               apicc__json_kind(j));
        *(double *)slot = j->valuedouble;
        return APICC_OK;
    case APICC_F_BOOL:
        if (!cJSON_IsBool(j))
            return shape_error(p, "expected a boolean, got %s",
                               apicc__json_kind(j));
        *(bool *)slot = cJSON_IsTrue(j) ? true : false;
        return APICC_OK;
    case APICC_F_ENUM:
        if (!cJSON_IsString(j))
            return shape_error(p, "expected a string, got %s",
                               apicc__json_kind(j));
        /* A value this client does not know is not an error: providers
         * add enum values, and UNKNOWN lets old clients keep working. */
        *(int *)slot = apicc_enum_from_string(f->enumd, j->valuestring);
        return APICC_OK;
    case APICC_F_OBJECT:
        return parse_object(p, f->model, j, (void **)slot);
    case APICC_F_ANY: {
        cJSON *copy = cJSON_Duplicate(j, 1);
        if (!copy)
            return nomem(p);
        *(cJSON **)slot = copy;
        return APICC_OK;
    }
    case APICC_F_FILE:
        break;
    }
    return shape_error(p, "unsupported field kind");
}

static apicc_status parse_array(parse_ctx *p, const apicc_field_desc *f,
                                const cJSON *j, void *v)
{
    if (!cJSON_IsArray(j))
        return shape_error(p, "expected an array, got %s", apicc__json_kind(j));
    size_t n = (size_t)cJSON_GetArraySize(j);
    size_t es = elem_size(f->kind);
    char *items = calloc(n ? n : 1, es);
    if (!items)
        return nomem(p);
    /* Store the block first so a failure part-way is freed with the
     * struct: the count covers only the elements parsed so far. */
    *(void **)AT(v, f->offset) = items;
    size_t *count = AT(v, f->count_offset);
    *count = 0;
    const cJSON *el;
    long i = 0;
    cJSON_ArrayForEach(el, j)
    {
        size_t old = path_push(p, NULL, i);
        apicc_status st = parse_value(p, f, el, items + (size_t)i * es);
        path_pop(p, old);
        if (st != APICC_OK)
            return st;
        *count = (size_t)++i;
    }
    return APICC_OK;
}

static apicc_status parse_map(parse_ctx *p, const apicc_field_desc *f,
                              const cJSON *j, void *v)
{
    if (!cJSON_IsObject(j))
        return shape_error(p, "expected an object, got %s",
                           apicc__json_kind(j));
    size_t n = (size_t)cJSON_GetArraySize(j);
    size_t es = elem_size(f->kind);
    char *items = calloc(n ? n : 1, es);
    char **keys = calloc(n ? n : 1, sizeof(char *));
    if (!items || !keys) {
        free(items);
        free(keys);
        return nomem(p);
    }
    *(void **)AT(v, f->offset) = items;
    *(char ***)AT(v, f->keys_offset) = keys;
    size_t *count = AT(v, f->count_offset);
    *count = 0;
    const cJSON *el;
    size_t i = 0;
    cJSON_ArrayForEach(el, j)
    {
        keys[i] = dup_string(el->string ? el->string : "");
        if (!keys[i])
            return nomem(p);
        size_t old = path_push(p, el->string ? el->string : "", 0);
        apicc_status st = parse_value(p, f, el, items + i * es);
        path_pop(p, old);
        *count = ++i; /* the key is owned now, whatever the value did */
        if (st != APICC_OK)
            return st;
    }
    return APICC_OK;
}

static apicc_status parse_field(parse_ctx *p, const apicc_field_desc *f,
                                const cJSON *json, void *v)
{
    /* A file member is a multipart part, never JSON (borrowed, so it is
     * not freed either). */
    if (f->kind == APICC_F_FILE)
        return APICC_OK;
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(json, f->json_name);
    if (j == NULL) {
        if (f->flags & APICC_FIELD_REQUIRED)
            return shape_error(p, "missing required member \"%s\"",
                               f->json_name);
        return APICC_OK;
    }
    size_t old = path_push(p, f->json_name, 0);
    apicc_status st = APICC_OK;
    if (cJSON_IsNull(j)) {
        if (f->flags & APICC_FIELD_NULLABLE)
            set_flag(v, f->null_offset, true);
        else if (f->flags & APICC_FIELD_REQUIRED)
            st = shape_error(p, "must not be null");
        /* An optional member sent as null reads as absent. */
    } else {
        if (f->shape == APICC_SHAPE_ARRAY)
            st = parse_array(p, f, j, v);
        else if (f->shape == APICC_SHAPE_MAP)
            st = parse_map(p, f, j, v);
        else
            st = parse_value(p, f, j, AT(v, f->offset));
        if (st == APICC_OK)
            set_flag(v, f->has_offset, true);
    }
    path_pop(p, old);
    return st;
}

/* A list (or value) model: the JSON array (or scalar) fills the one
 * field, whose path is the model's own ("Items[3].id", not
 * "Items.items[3].id"). */
static apicc_status parse_list(parse_ctx *p, const apicc_model_desc *d,
                               const cJSON *json, void **out)
{
    if (d->nfields != 1 || d->fields[0].shape == APICC_SHAPE_MAP)
        return shape_error(p, "list model without its array field");
    if (p->depth >= 512)
        return shape_error(p, "nested too deeply");
    const apicc_field_desc *f = &d->fields[0];
    if (f->shape == APICC_SHAPE_SINGLE && cJSON_IsNull(json) &&
        f->kind != APICC_F_ANY)
        return shape_error(p, "must not be null");
    void *v = calloc(1, d->size ? d->size : 1);
    if (!v)
        return nomem(p);
    p->depth++;
    apicc_status st = f->shape == APICC_SHAPE_ARRAY
                          ? parse_array(p, f, json, v)
                          : parse_value(p, f, json, AT(v, f->offset));
    p->depth--;
    if (st != APICC_OK) {
        apicc_model_free(d, v);
        return st;
    }
    set_flag(v, d->fields[0].has_offset, true);
    *out = v;
    return APICC_OK;
}

static apicc_status parse_object(parse_ctx *p, const apicc_model_desc *d,
                                 const cJSON *json, void **out)
{
    *out = NULL;
    if (d->is_list)
        return parse_list(p, d, json, out);
    if (!cJSON_IsObject(json))
        return shape_error(p, "expected an object, got %s",
                           apicc__json_kind(json));
    /* cJSON bounds nesting while parsing; this bounds self-referencing
     * models fed a tree built some other way. */
    if (p->depth >= 512)
        return shape_error(p, "nested too deeply");
    void *v = calloc(1, d->size ? d->size : 1);
    if (!v)
        return nomem(p);
    p->depth++;
    apicc_status st = APICC_OK;
    for (size_t i = 0; i < d->nfields && st == APICC_OK; i++)
        st = parse_field(p, &d->fields[i], json, v);
    p->depth--;
    if (st != APICC_OK) {
        apicc_model_free(d, v);
        return st;
    }
    *out = v;
    return APICC_OK;
}

apicc_status apicc_model_from_json(const apicc_model_desc *d,
                                   const cJSON *json, void **out,
                                   apicc_json_error *err)
{
    if (out)
        *out = NULL;
    if (err)
        err->message[0] = '\0';
    if (!d || !out)
        return APICC_ERR_INVALID_ARG;
    parse_ctx p = {.err = err, .depth = 0};
    snprintf(p.path, sizeof p.path, "%s", d->name ? d->name : "value");
    p.len = strlen(p.path);
    if (!json)
        return shape_error(&p, "expected %s, got nothing",
                           d->is_list ? "an array" : "an object");
    return parse_object(&p, d, json, out);
}

/* ---- printing --------------------------------------------------------- */

/* An integer as JSON, every digit kept.  cJSON prints numbers from their
 * double, which loses digits beyond 2^53 and writes 1e15 and above with
 * an exponent ("1.6e+18"), so those go out as raw digits. */
static cJSON *print_int(int64_t v)
{
    if (v > -1000000000000000LL && v < 1000000000000000LL)
        return cJSON_CreateNumber((double)v);
    char digits[24];
    snprintf(digits, sizeof digits, "%" PRId64, v);
    return cJSON_CreateRaw(digits);
}

static cJSON *print_value(const apicc_field_desc *f, const void *slot)
{
    switch (f->kind) {
    case APICC_F_STRING: {
        const char *s = *(char *const *)slot;
        return s ? cJSON_CreateString(s) : cJSON_CreateNull();
    }
    case APICC_F_INT:
        return print_int(*(const int64_t *)slot);
    case APICC_F_NUMBER:
        return cJSON_CreateNumber(*(const double *)slot);
    case APICC_F_BOOL:
        return cJSON_CreateBool(*(const bool *)slot);
    case APICC_F_ENUM: {
        const char *s = apicc_enum_to_string(f->enumd, *(const int *)slot);
        return s ? cJSON_CreateString(s) : cJSON_CreateNull();
    }
    case APICC_F_OBJECT: {
        const void *o = *(void *const *)slot;
        return o ? apicc_model_to_json(f->model, o) : cJSON_CreateNull();
    }
    case APICC_F_ANY: {
        const cJSON *a = *(cJSON *const *)slot;
        return a ? cJSON_Duplicate(a, 1) : cJSON_CreateNull();
    }
    case APICC_F_FILE:
        break;
    }
    return NULL;
}

static cJSON *print_field(const apicc_field_desc *f, const void *v)
{
    if (f->shape == APICC_SHAPE_SINGLE)
        return print_value(f, CAT(v, f->offset));
    const char *items = *(const char *const *)CAT(v, f->offset);
    size_t n = *(const size_t *)CAT(v, f->count_offset);
    size_t es = elem_size(f->kind);
    cJSON *out = f->shape == APICC_SHAPE_ARRAY ? cJSON_CreateArray()
                                               : cJSON_CreateObject();
    if (!out)
        return NULL;
    char *const *keys = f->shape == APICC_SHAPE_MAP
                            ? *(char *const *const *)CAT(v, f->keys_offset)
                            : NULL;
    for (size_t i = 0; i < n && items; i++) {
        cJSON *item = print_value(f, items + i * es);
        if (!item) {
            cJSON_Delete(out);
            return NULL;
        }
        if (f->shape == APICC_SHAPE_ARRAY)
            cJSON_AddItemToArray(out, item);
        else
            cJSON_AddItemToObject(out, keys && keys[i] ? keys[i] : "", item);
    }
    return out;
}

/* Whether a value is held by pointer: a string, an object, any JSON, or
 * an array or map (its element block). */
static int by_pointer(const apicc_field_desc *f)
{
    return f->shape != APICC_SHAPE_SINGLE || f->kind == APICC_F_STRING ||
           f->kind == APICC_F_OBJECT || f->kind == APICC_F_ANY;
}

/* Whether a field is written: required ones always, nullable ones as null
 * when so marked, optional scalars when has_x says so, and optional
 * pointers (which have no has_x) when not NULL. */
static int field_present(const apicc_field_desc *f, const void *v)
{
    if (get_flag(v, f->null_offset))
        return 2;
    if (f->flags & APICC_FIELD_REQUIRED)
        return 1;
    if (f->has_offset != APICC_NO_OFFSET)
        return get_flag(v, f->has_offset);
    if (by_pointer(f))
        return *(const void *const *)CAT(v, f->offset) != NULL;
    return 1;
}

cJSON *apicc_model_to_json(const apicc_model_desc *d, const void *v)
{
    if (!d || !v)
        return NULL;
    if (d->is_list)
        return d->nfields == 1 ? print_field(&d->fields[0], v) : NULL;
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return NULL;
    for (size_t i = 0; i < d->nfields; i++) {
        const apicc_field_desc *f = &d->fields[i];
        int present = f->kind != APICC_F_FILE ? field_present(f, v) : 0;
        if (!present)
            continue;
        cJSON *item = present == 2 ? cJSON_CreateNull() : print_field(f, v);
        if (!item) {
            cJSON_Delete(obj);
            return NULL;
        }
        cJSON_AddItemToObject(obj, f->json_name, item);
    }
    return obj;
}

/* ---- freeing ---------------------------------------------------------- */

static void free_value(const apicc_field_desc *f, void *slot)
{
    switch (f->kind) {
    case APICC_F_STRING: {
        /* a member may be a token or a session id: wiped like every
         * secret (client.h) */
        char *str = *(char **)slot;
        if (str)
            apicc_wipe(str, strlen(str));
        free(str);
        break;
    }
    case APICC_F_OBJECT:
        apicc_model_free(f->model, *(void **)slot);
        break;
    case APICC_F_ANY:
        cJSON_Delete(*(cJSON **)slot);
        break;
    default:
        break;
    }
}

static void free_field(const apicc_field_desc *f, void *v)
{
    if (f->shape == APICC_SHAPE_SINGLE) {
        free_value(f, AT(v, f->offset));
        return;
    }
    char *items = *(char **)AT(v, f->offset);
    size_t n = *(size_t *)AT(v, f->count_offset);
    size_t es = elem_size(f->kind);
    for (size_t i = 0; i < n && items; i++)
        free_value(f, items + i * es);
    free(items);
    if (f->shape == APICC_SHAPE_MAP) {
        char **keys = *(char ***)AT(v, f->keys_offset);
        for (size_t i = 0; i < n && keys; i++)
            free(keys[i]);
        free(keys);
    }
}

void apicc_model_free(const apicc_model_desc *d, void *v)
{
    if (!d || !v)
        return;
    for (size_t i = 0; i < d->nfields; i++)
        free_field(&d->fields[i], v);
    free(v);
}

/* ---- enums ------------------------------------------------------------ */

const char *apicc_enum_to_string(const apicc_enum_desc *e, int v)
{
    if (!e || v <= 0 || (size_t)v > e->nvalues)
        return NULL;
    return e->values[v - 1];
}

int apicc_enum_from_string(const apicc_enum_desc *e, const char *s)
{
    if (!e || !s)
        return 0;
    for (size_t i = 0; i < e->nvalues; i++)
        if (strcmp(e->values[i], s) == 0)
            return (int)i + 1;
    return 0;
}
