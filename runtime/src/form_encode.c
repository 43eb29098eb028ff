/*
 * application/x-www-form-urlencoded bodies from a model (see
 * body_internal.h), as Twilio's and Stripe's write APIs take them.
 *
 * The byte rule is the WHATWG URL standard's urlencoded serializer; the
 * layout of arrays and objects follows OpenAPI's `style` and `explode`
 * for form bodies: style form with explode (the default) repeats an
 * array's name per element and writes an object's members as pairs of
 * their own; without explode both become one comma-joined value;
 * spaceDelimited and pipeDelimited join arrays with ' ' and '|';
 * deepObject writes objects and maps as name[key]=value, nested, and
 * arrays inside them as name[key][0]=value.
 *
 * Bottom layer: no libcurl, so the rules are tested on their own
 * (tests/unit/test_form_encode.c).
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "body_internal.h"

#define CAT(base, off) ((const void *)((const char *)(base) + (off)))

/* The WHATWG urlencoded byte set left as it is. */
static int form_keeps(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= '0' && c <= '9') || c == '*' || c == '-' || c == '.' ||
           c == '_';
}

void apicc__buf_put_form(apicc__buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    if (!apicc__buf_reserve(b, 3 * n))
        return;
    char *o = b->data + b->len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (form_keeps(c)) {
            *o++ = (char)c;
        } else if (c == ' ') {
            *o++ = '+';
        } else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
}

int apicc__field_text(const apicc_field_desc *f, const void *slot,
                      char num[APICC__NUMBER_MAX], const char **text,
                      size_t *len)
{
    switch (f->kind) {
    case APICC_F_STRING:
        *text = *(const char *const *)slot;
        break;
    case APICC_F_INT:
        snprintf(num, APICC__NUMBER_MAX, "%" PRId64,
                 *(const int64_t *)slot);
        *text = num;
        break;
    case APICC_F_NUMBER:
        *text = apicc__format_number(*(const double *)slot, num) ? num
                                                                 : NULL;
        break;
    case APICC_F_BOOL:
        *text = *(const bool *)slot ? "true" : "false";
        break;
    case APICC_F_ENUM:
        *text = apicc_enum_to_string(f->enumd, *(const int *)slot);
        break;
    default:
        *text = NULL;
        break;
    }
    if (!*text)
        return 0;
    *len = strlen(*text);
    return 1;
}

int apicc__field_present(const apicc_field_desc *f, const void *v)
{
    if (f->null_offset != APICC_NO_OFFSET &&
        *(const bool *)CAT(v, f->null_offset))
        return 0; /* a form has no null: the member is left out */
    if (f->shape == APICC_SHAPE_SINGLE && f->kind != APICC_F_STRING &&
        f->kind != APICC_F_OBJECT && f->kind != APICC_F_ANY &&
        f->kind != APICC_F_FILE) {
        if (f->has_offset != APICC_NO_OFFSET)
            return *(const bool *)CAT(v, f->has_offset);
        return 1;
    }
    return *(const void *const *)CAT(v, f->offset) != NULL;
}

/* The writer's state: the output, the name being built ("a[b][0]"),
 * and the first failure. */
typedef struct form {
    apicc__buf *out;
    apicc__buf key;
    char *err;
    size_t errlen;
    apicc_status st;
} form;

static void fail(form *w, const char *what, const char *name)
{
    if (w->st == APICC_OK)
        snprintf(w->err, w->errlen, "form member \"%.64s\": %s", name, what);
    w->st = APICC_ERR_INVALID_ARG;
}

/* name=value with the current key. */
static void pair(form *w, const char *value, size_t len)
{
    if (w->out->len > 0)
        apicc__buf_put(w->out, "&", 1);
    apicc__buf_put_form(w->out, w->key.data ? w->key.data : "", w->key.len);
    apicc__buf_put(w->out, "=", 1);
    apicc__buf_put_form(w->out, value, len);
}

static void key_push(form *w, const char *part, int bracket)
{
    if (bracket)
        apicc__buf_put(&w->key, "[", 1);
    apicc__buf_puts(&w->key, part);
    if (bracket)
        apicc__buf_put(&w->key, "]", 1);
}

static void key_cut(form *w, size_t len)
{
    w->key.len = len;
    if (w->key.data)
        w->key.data[len] = '\0';
}

static size_t elem_size(apicc_field_kind k)
{
    switch (k) {
    case APICC_F_INT:
        return sizeof(int64_t);
    case APICC_F_NUMBER:
        return sizeof(double);
    case APICC_F_BOOL:
        return sizeof(bool);
    case APICC_F_ENUM:
        return sizeof(int);
    default:
        return sizeof(void *);
    }
}

static void put_model(form *w, const apicc_model_desc *d, const void *v,
                      int deep);

/* One value (an element or a single member) under the current key. */
static void put_value(form *w, const apicc_field_desc *f, const void *slot,
                      int deep)
{
    char num[APICC__NUMBER_MAX];
    const char *text;
    size_t len;
    if (f->kind == APICC_F_OBJECT) {
        const void *o = *(const void *const *)slot;
        if (o)
            put_model(w, f->model, o, deep);
        return;
    }
    if (f->kind == APICC_F_ANY) {
        const cJSON *any = *(const cJSON *const *)slot;
        /* A string is the field's text as it is (Twilio's free-form
         * `Parameter` example is one); quotes around it would be part of
         * the value the server reads.  Anything else goes as JSON text. */
        if (cJSON_IsString(any) && any->valuestring) {
            pair(w, any->valuestring, strlen(any->valuestring));
            return;
        }
        char *json = cJSON_PrintUnformatted(any);
        if (!json) {
            w->st = APICC_ERR_NOMEM;
            return;
        }
        pair(w, json, strlen(json));
        cJSON_free(json);
        return;
    }
    if (f->kind == APICC_F_FILE) {
        fail(w, "a file needs a multipart body", f->json_name);
        return;
    }
    if (!apicc__field_text(f, slot, num, &text, &len)) {
        fail(w, "has no value (NULL, NaN or an unknown enum)", f->json_name);
        return;
    }
    pair(w, text, len);
}

/* An array or map member without explode (or delimited): one value,
 * joined; map keys alternate with values. */
static void put_joined(form *w, const apicc_field_desc *f, const void *v,
                       char sep)
{
    const char *items = *(const char *const *)CAT(v, f->offset);
    size_t n = *(const size_t *)CAT(v, f->count_offset);
    const char *const *keys =
        f->shape == APICC_SHAPE_MAP
            ? *(const char *const *const *)CAT(v, f->keys_offset)
            : NULL;
    apicc__buf joined = {0};
    for (size_t i = 0; i < n && items; i++) {
        char num[APICC__NUMBER_MAX];
        const char *text;
        size_t len;
        if (i > 0)
            apicc__buf_put(&joined, &sep, 1);
        if (keys) {
            apicc__buf_puts(&joined, keys[i] ? keys[i] : "");
            apicc__buf_put(&joined, &sep, 1);
        }
        if (!apicc__field_text(f, items + i * elem_size(f->kind), num,
                               &text, &len)) {
            fail(w, "an element has no value, or is an object",
                 f->json_name);
            break;
        }
        apicc__buf_put(&joined, text, len);
    }
    if (joined.failed)
        w->st = APICC_ERR_NOMEM;
    else if (w->st == APICC_OK)
        pair(w, joined.data ? joined.data : "", joined.len);
    apicc__buf_free(&joined);
}

/* The style of member f, from the body's encoding table. */
static const apicc_body_encoding *style_of(const apicc_body_encoding *enc,
                                           size_t nenc,
                                           const apicc_field_desc *f)
{
    for (size_t i = 0; i < nenc; i++)
        if (enc[i].json_name && strcmp(enc[i].json_name, f->json_name) == 0)
            return &enc[i];
    return NULL;
}

/* Member f of v.  `deep`: inside a deepObject, where every level adds
 * "[name]" to the key. */
static void put_member(form *w, const apicc_field_desc *f, const void *v,
                       const apicc_body_encoding *e, int deep)
{
    size_t mark = w->key.len;
    key_push(w, f->json_name, deep && mark > 0);
    apicc_param_style style = e && e->style != APICC_STYLE_DEFAULT
                                  ? e->style
                                  : APICC_STYLE_FORM;
    int explode = e ? !e->no_explode : 1;
    int inner = deep || style == APICC_STYLE_DEEP_OBJECT;
    if (f->shape == APICC_SHAPE_SINGLE) {
        if (f->kind == APICC_F_OBJECT && !inner && !explode) {
            fail(w, "an object without explode has no form text",
                 f->json_name);
        } else if (f->kind == APICC_F_OBJECT && !inner) {
            /* form + explode: the members as pairs of their own */
            key_cut(w, mark);
            put_value(w, f, CAT(v, f->offset), 0);
        } else {
            put_value(w, f, CAT(v, f->offset), inner);
        }
        key_cut(w, mark);
        return;
    }
    int scalar = f->kind != APICC_F_OBJECT && f->kind != APICC_F_ANY;
    if (!inner && scalar &&
        (!explode || style == APICC_STYLE_SPACE_DELIMITED ||
         style == APICC_STYLE_PIPE_DELIMITED)) {
        put_joined(w, f, v,
                   style == APICC_STYLE_SPACE_DELIMITED  ? ' '
                   : style == APICC_STYLE_PIPE_DELIMITED ? '|'
                                                         : ',');
        key_cut(w, mark);
        return;
    }
    const char *items = *(const char *const *)CAT(v, f->offset);
    size_t n = *(const size_t *)CAT(v, f->count_offset);
    const char *const *keys =
        f->shape == APICC_SHAPE_MAP
            ? *(const char *const *const *)CAT(v, f->keys_offset)
            : NULL;
    size_t here = w->key.len;
    for (size_t i = 0; i < n && items && w->st == APICC_OK; i++) {
        char idx[24];
        snprintf(idx, sizeof idx, "%zu", i);
        /* A map, and an array inside a deepObject, name each element;
         * a form array repeats its own name. */
        if (keys)
            key_push(w, keys[i] ? keys[i] : "", 1);
        else if (inner)
            key_push(w, idx, 1);
        put_value(w, f, items + i * elem_size(f->kind), inner);
        key_cut(w, here);
    }
    key_cut(w, mark);
}

static void put_model(form *w, const apicc_model_desc *d, const void *v,
                      int deep)
{
    for (size_t i = 0; i < d->nfields && w->st == APICC_OK; i++) {
        const apicc_field_desc *f = &d->fields[i];
        if (apicc__field_present(f, v))
            put_member(w, f, v, NULL, deep);
    }
}

apicc_status apicc__form_encode(const apicc_model_desc *d, const void *v,
                                const apicc_body_encoding *enc, size_t nenc,
                                apicc__buf *out, char *err, size_t errlen)
{
    form w = {out, {0}, err, errlen, APICC_OK};
    if (err && errlen)
        err[0] = '\0';
    for (size_t i = 0; d && v && i < d->nfields && w.st == APICC_OK; i++) {
        const apicc_field_desc *f = &d->fields[i];
        if (apicc__field_present(f, v))
            put_member(&w, f, v, style_of(enc, nenc, f), 0);
    }
    if (w.key.failed || out->failed)
        w.st = APICC_ERR_NOMEM;
    apicc__buf_free(&w.key);
    return w.st;
}
