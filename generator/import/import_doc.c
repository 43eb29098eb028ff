/*
 * Reading JSON or YAML documents into cJSON; see import_doc.h.
 */
#include "import/import_doc.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/file_io.h"
#include "load/yaml_tree.h"

/* 1-based line and column of offset `at` in text. */
static void position(const char *text, size_t at, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static cJSON *parse_json(const char *path, const char *text, size_t len,
                         struct diag *d)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        int line, col;
        size_t at = end && end >= text && end <= text + len
                        ? (size_t)(end - text)
                        : 0;
        position(text, at, &line, &col);
        diag_error(d, path, line, col, "JSON syntax error");
    }
    return root;
}

/* A YAML integer (decimal, 0o octal, 0x hex) or float as a double. */
static double yaml_number(const char *s, ytree_scalar_type t)
{
    if (t == YTREE_INT) {
        int neg = *s == '-';
        const char *p = (*s == '-' || *s == '+') ? s + 1 : s;
        int base = 10;
        if (strncmp(p, "0o", 2) == 0) {
            base = 8;
            p += 2;
        } else if (strncmp(p, "0x", 2) == 0) {
            base = 16;
            p += 2;
        }
        double v = (double)strtoull(p, NULL, base);
        return neg ? -v : v;
    }
    const char *p = (*s == '-' || *s == '+') ? s + 1 : s;
    if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 ||
        strcmp(p, ".INF") == 0)
        return *s == '-' ? -HUGE_VAL : HUGE_VAL;
    if (p[0] == '.' && (p[1] == 'n' || p[1] == 'N'))
        return 0; /* .nan: no use in an API description */
    return strtod(s, NULL);
}

static cJSON *convert(const ytree_node *n);

static cJSON *convert_scalar(const ytree_node *n)
{
    ytree_scalar_type t = ytree_resolve(n);
    switch (t) {
    case YTREE_NULL:
        return cJSON_CreateNull();
    case YTREE_BOOL:
        return cJSON_CreateBool(n->text[0] == 't' || n->text[0] == 'T');
    case YTREE_INT:
    case YTREE_FLOAT: {
        cJSON *num = cJSON_CreateNumber(yaml_number(n->text, t));
        if (num) {
            /* cJSON_Delete frees valuestring of any node. */
            num->valuestring = malloc(n->len + 1);
            if (!num->valuestring) {
                cJSON_Delete(num);
                return NULL;
            }
            memcpy(num->valuestring, n->text, n->len + 1);
        }
        return num;
    }
    case YTREE_STR:
        break;
    }
    return cJSON_CreateString(n->text);
}

static cJSON *convert(const ytree_node *n)
{
    if (n->kind == YTREE_SCALAR)
        return convert_scalar(n);
    cJSON *out = n->kind == YTREE_MAP ? cJSON_CreateObject()
                                      : cJSON_CreateArray();
    if (!out)
        return NULL;
    size_t count = n->kind == YTREE_MAP ? n->npairs : n->nitems;
    cJSON *last = NULL;
    for (size_t i = 0; i < count; i++) {
        const ytree_node *v =
            n->kind == YTREE_MAP ? n->pairs[i].value : n->items[i];
        cJSON *c = convert(v);
        if (c && n->kind == YTREE_MAP) {
            c->string = malloc(n->pairs[i].key->len + 1);
            if (c->string)
                memcpy(c->string, n->pairs[i].key->text,
                       n->pairs[i].key->len + 1);
        }
        if (!c || (n->kind == YTREE_MAP && !c->string)) {
            cJSON_Delete(c);
            cJSON_Delete(out);
            return NULL;
        }
        /* Linked by hand: cJSON_AddItemToArray walks the list to its end
         * on every call, quadratic for a long mapping. */
        if (last) {
            last->next = c;
            c->prev = last;
        } else {
            out->child = c;
        }
        out->child->prev = c;
        last = c;
    }
    return out;
}

static cJSON *parse_yaml(const char *path, const char *text, size_t len,
                         struct diag *d)
{
    size_t before = d->errors;
    ytree_node *root = ytree_parse(path, text, len, d);
    if (!root || d->errors > before) {
        ytree_free(root);
        return NULL;
    }
    cJSON *out = convert(root);
    ytree_free(root);
    if (!out)
        diag_error(d, path, 0, 0, "out of memory");
    return out;
}

cJSON *imp_doc_parse(const char *path, const char *text, size_t len,
                     struct diag *d)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' ||
                       text[i] == '\r' || text[i] == '\n'))
        i++;
    /* A UTF-8 byte order mark before JSON. */
    if (i + 3 <= len && memcmp(text + i, "\xEF\xBB\xBF", 3) == 0 &&
        i + 3 < len && (text[i + 3] == '{' || text[i + 3] == '['))
        return parse_json(path, text + i + 3, len - i - 3, d);
    if (i < len && (text[i] == '{' || text[i] == '['))
        return parse_json(path, text, len, d);
    if (len > YTREE_MAX_BYTES) {
        diag_error(d, path, 0, 0, "a YAML document larger than %u bytes "
                                  "is not read (JSON may be larger)",
                   YTREE_MAX_BYTES);
        return NULL;
    }
    return parse_yaml(path, text, len, d);
}

cJSON *imp_doc_load(const char *path, struct diag *d)
{
    size_t len = 0;
    char *text = file_read_diag(path, IMP_DOC_MAX_BYTES, &len, d);
    if (!text)
        return NULL;
    cJSON *root = imp_doc_parse(path, text, len, d);
    free(text);
    return root;
}

const char *imp_scalar_text(const cJSON *n, char *tmp, size_t tmpsize)
{
    if (!n)
        return NULL;
    if (cJSON_IsString(n))
        return n->valuestring;
    if (cJSON_IsBool(n))
        return cJSON_IsTrue(n) ? "true" : "false";
    if (cJSON_IsNumber(n)) {
        if (n->valuestring)
            return n->valuestring;
        double v = n->valuedouble;
        if (v == floor(v) && fabs(v) < 1e15) {
            snprintf(tmp, tmpsize, "%.0f", v);
        } else {
            /* The shortest of 15 or 17 digits that reads back. */
            snprintf(tmp, tmpsize, "%.15g", v);
            if (strtod(tmp, NULL) != v)
                snprintf(tmp, tmpsize, "%.17g", v);
        }
        return tmp;
    }
    return NULL;
}

const char *imp_get_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int imp_get_bool(const cJSON *obj, const char *key)
{
    return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obj, key));
}
