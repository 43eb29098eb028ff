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
#include "model_internal.h"

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

#define AT APICC__AT
#define CAT APICC__CAT

static void set_flag(void *v, size_t off, bool value)
{
    if (off != APICC_NO_OFFSET)
        *(bool *)AT(v, off) = value;
}

static bool get_flag(const void *v, size_t off)
{
    return off != APICC_NO_OFFSET && *(const bool *)CAT(v, off);
}

static apicc_status parse_into(apicc__parse_ctx *p, const apicc_field_desc *f,
                              const cJSON *j, void *v);
static cJSON *print_field(const apicc_field_desc *f, const void *v);
static void free_field(const apicc_field_desc *f, void *v);
/* Parses j as the value of model d into a new struct *out (NULL on
 * failure, with nothing left allocated). */
static apicc_status parse_model(apicc__parse_ctx *p, const apicc_model_desc *d,
                               const cJSON *j, void **out);

/* What union models (model_union.c) do with their alternatives. */
static const apicc__field_ops field_ops = {parse_into, print_field,
                                           free_field};

/* Lenient decoding: what did not fit is recorded and left out.  Returns
 * APICC_OK when the problem st was recorded (so the caller carries on),
 * else st. */
static apicc_status tolerate(apicc__parse_ctx *p, apicc_status st)
{
    if (st != APICC_ERR_RESPONSE || !p->lenient)
        return st;
    if (p->mm) {
        if (p->mm->count < APICC_MAX_MISMATCHES)
            snprintf(p->mm->entries[p->mm->count].message,
                     sizeof p->mm->entries[0].message, "%s", p->msg);
        p->mm->count++;
    }
    p->msg[0] = '\0';
    return APICC_OK;
}


/* ---- parsing one value ------------------------------------------------ */

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c)
        memcpy(c, s, n);
    return c;
}

static apicc_status parse_int(apicc__parse_ctx *p, const cJSON *j,
                              int64_t *slot)
{
    if (!cJSON_IsNumber(j))
        return apicc__shape_error(p, "expected an integer, got %s",
                                  apicc__json_kind(j));
    /* An integer too long for a double to hold exactly keeps its text
     * (json_parse.h): read it exactly, or refuse it. */
    if (j->valuestring) {
        char *end = NULL;
        errno = 0;
        long long exact = strtoll(j->valuestring, &end, 10);
        if (errno == ERANGE || !end || *end)
            return apicc__shape_error(p, "integer %.40s is outside int64 "
                                         "range", j->valuestring);
        *slot = (int64_t)exact;
        return APICC_OK;
    }
    double v = j->valuedouble;
    /* Otherwise a whole double, exact: beyond 2^53 a double stands for
     * several integers, and picking one would be a silent rounding. */
    if (v != floor(v))
        return apicc__shape_error(p, "expected an integer, got %g", v);
    if (v <= -9007199254740992.0 || v >= 9007199254740992.0)
        return apicc__shape_error(p, "integer %g cannot be read exactly", v);
    *slot = (int64_t)v;
    return APICC_OK;
}

static apicc_status parse_string(apicc__parse_ctx *p,
                                 const apicc_field_desc *f, const cJSON *j,
                                 char **slot)
{
    if (!cJSON_IsString(j))
        return apicc__shape_error(p, "expected a string, got %s",
                                  apicc__json_kind(j));
    if (f->const_value && strcmp(f->const_value, j->valuestring) != 0)
        return apicc__shape_error(p, "expected \"%.60s\", got \"%.60s\"",
                                  f->const_value, j->valuestring);
    char *s = dup_string(j->valuestring);
    if (!s)
        return apicc__nomem(p);
    *slot = s;
    return APICC_OK;
}

/* Parses `j` as one element of `f`'s kind into `slot`. */
static apicc_status parse_value(apicc__parse_ctx *p, const apicc_field_desc *f,
                                const cJSON *j, void *slot)
{
    if (p->probing && ++p->probe_work > APICC__MAX_PROBE_WORK)
        return apicc__shape_error(p, "too many alternatives tried");
    switch (f->kind) {
    case APICC_F_STRING:
        return parse_string(p, f, j, (char **)slot);
    case APICC_F_INT:
        return parse_int(p, j, (int64_t *)slot);
    case APICC_F_NUMBER:
        if (!cJSON_IsNumber(j))
            return apicc__shape_error(p, "expected a number, got %s",
                                      apicc__json_kind(j));
        *(double *)slot = j->valuedouble;
        return APICC_OK;
    case APICC_F_BOOL:
        if (!cJSON_IsBool(j))
            return apicc__shape_error(p, "expected a boolean, got %s",
                                      apicc__json_kind(j));
        *(bool *)slot = cJSON_IsTrue(j) ? true : false;
        return APICC_OK;
    case APICC_F_ENUM:
        if (!cJSON_IsString(j))
            return apicc__shape_error(p, "expected a string, got %s",
                                      apicc__json_kind(j));
        /* A value this client does not know is not an error: providers
         * add enum values, and UNKNOWN lets old clients keep working.
         * Choosing a union's alternative is the exception: there an
         * enum value tells alternatives apart. */
        *(int *)slot = apicc_enum_from_string(f->enumd, j->valuestring);
        if (*(int *)slot == 0 && p->probing)
            return apicc__shape_error(p, "not a listed value");
        return APICC_OK;
    case APICC_F_OBJECT:
        return parse_model(p, f->model, j, (void **)slot);
    case APICC_F_ANY: {
        cJSON *copy = cJSON_Duplicate(j, 1);
        if (!copy)
            return apicc__nomem(p);
        *(cJSON **)slot = copy;
        return APICC_OK;
    }
    case APICC_F_FILE:
        break;
    }
    return apicc__shape_error(p, "unsupported field kind");
}

static apicc_status parse_array(apicc__parse_ctx *p, const apicc_field_desc *f,
                                const cJSON *j, void *v)
{
    if (!cJSON_IsArray(j))
        return apicc__shape_error(p, "expected an array, got %s",
                                  apicc__json_kind(j));
    size_t n = (size_t)cJSON_GetArraySize(j);
    size_t es = elem_size(f->kind);
    char *items = calloc(n ? n : 1, es);
    if (!items)
        return apicc__nomem(p);
    /* Store the block first so a failure part-way is freed with the
     * struct: the count covers only the elements parsed so far. */
    *(void **)AT(v, f->offset) = items;
    size_t *count = AT(v, f->count_offset);
    *count = 0;
    const cJSON *el;
    long i = 0;
    cJSON_ArrayForEach(el, j)
    {
        size_t old = apicc__path_push(p, NULL, i++);
        /* A failed element leaves its slot empty; lenient decoding skips
         * it and the next element takes the slot. */
        apicc_status st = parse_value(p, f, el, items + *count * es);
        apicc__path_pop(p, old);
        if (st == APICC_OK)
            ++*count;
        else if (tolerate(p, st) != APICC_OK)
            return st;
    }
    return APICC_OK;
}

/* Whether `name` is the JSON name of a field of d other than the rest. */
static int named_by(const apicc_model_desc *d, const char *name)
{
    for (size_t i = 0; d && i < d->nfields; i++)
        if (!(d->fields[i].flags & APICC_FIELD_REST) &&
            strcmp(d->fields[i].json_name, name) == 0)
            return 1;
    return 0;
}

/* A map, or with `owner` (a REST field) the members of the object that
 * owner's other fields do not name. */
static apicc_status parse_map(apicc__parse_ctx *p, const apicc_field_desc *f,
                              const cJSON *j, void *v,
                              const apicc_model_desc *owner)
{
    if (!cJSON_IsObject(j))
        return apicc__shape_error(p, "expected an object, got %s",
                                  apicc__json_kind(j));
    size_t n = (size_t)cJSON_GetArraySize(j);
    size_t es = elem_size(f->kind);
    char *items = calloc(n ? n : 1, es);
    char **keys = calloc(n ? n : 1, sizeof(char *));
    if (!items || !keys) {
        free(items);
        free(keys);
        return apicc__nomem(p);
    }
    *(void **)AT(v, f->offset) = items;
    *(char ***)AT(v, f->keys_offset) = keys;
    size_t *count = AT(v, f->count_offset);
    *count = 0;
    const cJSON *el;
    cJSON_ArrayForEach(el, j)
    {
        const char *key = el->string ? el->string : "";
        if (owner && named_by(owner, key))
            continue;
        size_t i = *count;
        keys[i] = dup_string(key);
        if (!keys[i])
            return apicc__nomem(p);
        size_t old = apicc__path_push(p, key, 0);
        apicc_status st = parse_value(p, f, el, items + i * es);
        apicc__path_pop(p, old);
        if (st == APICC_OK) {
            *count = i + 1;
            continue;
        }
        free(keys[i]);
        keys[i] = NULL;
        if (tolerate(p, st) != APICC_OK)
            return st;
    }
    return APICC_OK;
}

static apicc_status parse_into(apicc__parse_ctx *p, const apicc_field_desc *f,
                              const cJSON *j, void *v)
{
    if (f->shape == APICC_SHAPE_ARRAY)
        return parse_array(p, f, j, v);
    if (f->shape == APICC_SHAPE_MAP)
        return parse_map(p, f, j, v, NULL);
    return parse_value(p, f, j, AT(v, f->offset));
}

/* Empties a field that lenient decoding leaves out: as if absent. */
static void clear_field(const apicc_field_desc *f, void *v)
{
    free_field(f, v);
    size_t size = f->shape == APICC_SHAPE_SINGLE ? elem_size(f->kind)
                                                 : sizeof(void *);
    memset(AT(v, f->offset), 0, size);
    if (f->count_offset != APICC_NO_OFFSET)
        *(size_t *)AT(v, f->count_offset) = 0;
    if (f->keys_offset != APICC_NO_OFFSET)
        *(char ***)AT(v, f->keys_offset) = NULL;
    set_flag(v, f->has_offset, false);
    set_flag(v, f->null_offset, false);
}

/*
 * The member named `name`, as cJSON_GetObjectItemCaseSensitive finds it
 * (the first of that name), looked for first where the last one found
 * ended: answers usually list members in the order the model does, and
 * a scan per field costs a string compare per member before it.  *cursor
 * is the member after the last one found while every member before it
 * was found in order, so none of them can carry `name` (a model's names
 * differ) and the one under the cursor is the first of its name; NULL
 * once a member was found out of order.
 */
static const cJSON *member(const cJSON *json, const char *name,
                           const cJSON **cursor)
{
    const cJSON *c = *cursor;
    if (c && c->string && strcmp(c->string, name) == 0) {
        *cursor = c->next;
        return c;
    }
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(json, name);
    if (j)
        *cursor = NULL; /* found elsewhere: the order is broken */
    return j;
}

static apicc_status parse_member(apicc__parse_ctx *p, const apicc_field_desc *f,
                                 const cJSON *json, void *v,
                                 const apicc_model_desc *d,
                                 const cJSON **cursor)
{
    /* A file member is a multipart part, never JSON (borrowed, so it is
     * not freed either). */
    if (f->kind == APICC_F_FILE)
        return APICC_OK;
    if (f->flags & APICC_FIELD_REST)
        return parse_map(p, f, json, v, d);
    const cJSON *j = member(json, f->json_name, cursor);
    if (j == NULL) {
        if (f->flags & APICC_FIELD_REQUIRED)
            return apicc__shape_error(p, "missing required member \"%s\"",
                                      f->json_name);
        return APICC_OK;
    }
    size_t old = apicc__path_push(p, f->json_name, 0);
    apicc_status st = APICC_OK;
    if (cJSON_IsNull(j)) {
        if (f->flags & APICC_FIELD_NULLABLE)
            set_flag(v, f->null_offset, true);
        else if (f->flags & APICC_FIELD_REQUIRED)
            st = apicc__shape_error(p, "must not be null");
        /* An optional member sent as null reads as absent. */
    } else {
        st = parse_into(p, f, j, v);
        if (st == APICC_OK)
            set_flag(v, f->has_offset, true);
    }
    apicc__path_pop(p, old);
    return st;
}

static apicc_status parse_field(apicc__parse_ctx *p, const apicc_field_desc *f,
                                const cJSON *json, void *v,
                                const apicc_model_desc *d,
                                const cJSON **cursor)
{
    apicc_status st = parse_member(p, f, json, v, d, cursor);
    if (st == APICC_OK)
        return st;
    st = tolerate(p, st);
    if (st == APICC_OK)
        clear_field(f, v);
    return st;
}

/* A list (or value) model: the JSON array (or scalar) fills the one
 * field, whose path is the model's own ("Items[3].id", not
 * "Items.items[3].id"). */
static apicc_status parse_list(apicc__parse_ctx *p, const apicc_model_desc *d,
                               const cJSON *json, void **out)
{
    if (d->nfields != 1 || d->fields[0].shape == APICC_SHAPE_MAP)
        return apicc__shape_error(p, "list model without its array field");
    const apicc_field_desc *f = &d->fields[0];
    if (f->shape == APICC_SHAPE_SINGLE && cJSON_IsNull(json) &&
        f->kind != APICC_F_ANY)
        return apicc__shape_error(p, "must not be null");
    void *v = calloc(1, d->size ? d->size : 1);
    if (!v)
        return apicc__nomem(p);
    apicc_status st = f->shape == APICC_SHAPE_ARRAY
                          ? parse_array(p, f, json, v)
                          : parse_value(p, f, json, AT(v, f->offset));
    if (st != APICC_OK) {
        apicc_model_free(d, v);
        return st;
    }
    set_flag(v, d->fields[0].has_offset, true);
    *out = v;
    return APICC_OK;
}

static apicc_status parse_object(apicc__parse_ctx *p, const apicc_model_desc *d,
                                 const cJSON *json, void **out)
{
    if (!cJSON_IsObject(json))
        return apicc__shape_error(p, "expected an object, got %s",
                                  apicc__json_kind(json));
    void *v = calloc(1, d->size ? d->size : 1);
    if (!v)
        return apicc__nomem(p);
    apicc_status st = APICC_OK;
    const cJSON *cursor = json->child;
    for (size_t i = 0; i < d->nfields && st == APICC_OK; i++)
        st = parse_field(p, &d->fields[i], json, v, d, &cursor);
    if (st != APICC_OK) {
        apicc_model_free(d, v);
        return st;
    }
    *out = v;
    return APICC_OK;
}

static apicc_status parse_model(apicc__parse_ctx *p, const apicc_model_desc *d,
                               const cJSON *j, void **out)
{
    *out = NULL;
    if (p->depth >= APICC__MAX_MODEL_DEPTH)
        return apicc__shape_error(p, "nested too deeply");
    p->depth++;
    apicc_status st = d->union_of ? apicc__parse_union(p, d, j, out, &field_ops)
                      : d->is_list ? parse_list(p, d, j, out)
                                   : parse_object(p, d, j, out);
    p->depth--;
    return st;
}

apicc_status apicc_model_from_json_ex(const apicc_model_desc *d,
                                      const cJSON *json, apicc_decoding mode,
                                      void **out, apicc_json_error *err,
                                      apicc_json_mismatches *mm)
{
    if (out)
        *out = NULL;
    if (err)
        err->message[0] = '\0';
    if (mm)
        mm->count = 0;
    if (!d || !out)
        return APICC_ERR_INVALID_ARG;
    apicc__parse_ctx p;
    memset(&p, 0, sizeof p);
    p.lenient = mode == APICC_DECODE_LENIENT;
    p.mm = mm;
    p.root = d->name ? d->name : "value";
    apicc_status st =
        json ? parse_model(&p, d, json, out)
             : apicc__shape_error(&p, "expected %s, got nothing",
                                  d->union_of  ? "a value"
                                  : d->is_list ? "an array"
                                               : "an object");
    if (st != APICC_OK && err)
        snprintf(err->message, sizeof err->message, "%s", p.msg);
    return st;
}

apicc_status apicc_model_from_json(const apicc_model_desc *d,
                                   const cJSON *json, void **out,
                                   apicc_json_error *err)
{
    return apicc_model_from_json_ex(d, json, APICC_DECODE_STRICT, out, err,
                                    NULL);
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
        if (!s)
            s = f->const_value;
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

/* Adds the entries of array or map field f of v to `out` (an array, or
 * an object: the map's own, or for a REST field the model's object,
 * where a key a named member has is left to that member). */
static int print_entries(const apicc_field_desc *f, const void *v, cJSON *out,
                         const apicc_model_desc *owner)
{
    const char *items = *(const char *const *)CAT(v, f->offset);
    size_t n = *(const size_t *)CAT(v, f->count_offset);
    size_t es = elem_size(f->kind);
    char *const *keys = f->shape == APICC_SHAPE_MAP
                            ? *(char *const *const *)CAT(v, f->keys_offset)
                            : NULL;
    for (size_t i = 0; i < n && items; i++) {
        const char *key = keys && keys[i] ? keys[i] : "";
        if (owner && named_by(owner, key))
            continue;
        cJSON *item = print_value(f, items + i * es);
        if (!item)
            return 0;
        if (f->shape == APICC_SHAPE_ARRAY)
            cJSON_AddItemToArray(out, item);
        else
            cJSON_AddItemToObject(out, key, item);
    }
    return 1;
}

static cJSON *print_field(const apicc_field_desc *f, const void *v)
{
    if (f->shape == APICC_SHAPE_SINGLE)
        return print_value(f, CAT(v, f->offset));
    cJSON *out = f->shape == APICC_SHAPE_ARRAY ? cJSON_CreateArray()
                                               : cJSON_CreateObject();
    if (out && !print_entries(f, v, out, NULL)) {
        cJSON_Delete(out);
        return NULL;
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

static cJSON *print_object(const apicc_model_desc *d, const void *v)
{
    cJSON *obj = cJSON_CreateObject();
    if (!obj)
        return NULL;
    for (size_t i = 0; i < d->nfields; i++) {
        const apicc_field_desc *f = &d->fields[i];
        if (f->flags & APICC_FIELD_REST) {
            if (!print_entries(f, v, obj, d)) {
                cJSON_Delete(obj);
                return NULL;
            }
            continue;
        }
        int present = f->kind != APICC_F_FILE ? field_present(f, v) : 0;
        if (!present)
            continue;
        cJSON *item =
            present == 2 ? cJSON_CreateNull() : print_field(f, v);
        if (!item) {
            cJSON_Delete(obj);
            return NULL;
        }
        cJSON_AddItemToObject(obj, f->json_name, item);
    }
    return obj;
}

cJSON *apicc_model_to_json(const apicc_model_desc *d, const void *v)
{
    if (!d || !v)
        return NULL;
    if (d->union_of)
        return apicc__print_union(d, v, &field_ops);
    if (d->is_list)
        return d->nfields == 1 ? print_field(&d->fields[0], v) : NULL;
    return print_object(d, v);
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
    if (d->union_of) {
        apicc__free_union(d, v, &field_ops);
    } else {
        for (size_t i = 0; i < d->nfields; i++)
            free_field(&d->fields[i], v);
    }
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
