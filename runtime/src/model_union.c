/*
 * Union models (apicc_union_desc): which alternative a JSON value is,
 * and the value parsed as that alternative; printing and freeing by the
 * tag.  Every provider's oneOf/anyOf goes through here, so the choosing
 * rule lives in one place:
 *
 *   1. null: the null tag when the union is nullable;
 *   2. a discriminator member holding a string: the alternative its
 *      mapping names, or UNKNOWN for a value not mapped (providers add
 *      kinds);
 *   3. otherwise the first alternative, in order, that the value fits
 *      strictly: its JSON type, required members, member types, enum
 *      values and consts;
 *   4. none fits: UNKNOWN, keeping the JSON, or an error when the union
 *      says so.  With APICC_UNION_AMBIGUOUS_ERROR a value that two
 *      alternatives fit is an error too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_internal.h"
#include "model_internal.h"

static int *tag_of(const apicc_union_desc *u, void *v)
{
    return (int *)APICC__AT(v, u->tag_offset);
}

/* The alternative a discriminator value names, or SIZE_MAX. */
static size_t mapped(const apicc_union_desc *u, const char *value)
{
    for (size_t i = 0; i < u->nmapping; i++)
        if (strcmp(u->mapping[i].value, value) == 0 &&
            u->mapping[i].alt < u->nalts)
            return u->mapping[i].alt;
    return SIZE_MAX;
}

/* Parses j as alternative k into v, tag first, so a failure part-way is
 * freed by the tag. */
static apicc_status parse_alt(apicc__parse_ctx *p, const apicc_union_desc *u,
                              size_t k, const cJSON *j, void *v,
                              const apicc__field_ops *ops)
{
    *tag_of(u, v) = (int)k + 1;
    return ops->parse_into(p, &u->alts[k], j, v);
}

/* Empties v after a failed alternative, for the next try. */
static void reset(const apicc_model_desc *d, void *v,
                  const apicc__field_ops *ops)
{
    apicc__free_union(d, v, ops);
    memset(v, 0, d->size);
}

/* Tries the alternatives in order, quietly and strictly; the first that
 * fits stays in v.  Returns APICC_OK with *chosen = SIZE_MAX when none
 * fits. */
static apicc_status first_fit(apicc__parse_ctx *p, const apicc_model_desc *d,
                              const cJSON *j, void *v, size_t *chosen,
                              const apicc__field_ops *ops)
{
    const apicc_union_desc *u = d->union_of;
    int probing = p->probing, lenient = p->lenient;
    apicc_status st = APICC_OK;
    *chosen = SIZE_MAX;
    p->probing = 1;
    p->lenient = 0;
    for (size_t k = 0; k < u->nalts; k++) {
        st = parse_alt(p, u, k, j, v, ops);
        if (st == APICC_OK) {
            *chosen = k;
            break;
        }
        reset(d, v, ops);
        if (st != APICC_ERR_RESPONSE)
            break;
        st = APICC_OK;
    }
    /* Another fit after the first: ambiguous, when the union minds. */
    size_t also = SIZE_MAX;
    if (st == APICC_OK && *chosen != SIZE_MAX &&
        (u->flags & APICC_UNION_AMBIGUOUS_ERROR)) {
        void *w = calloc(1, d->size);
        if (!w)
            st = APICC_ERR_NOMEM;
        for (size_t k = *chosen + 1; w && k < u->nalts; k++) {
            apicc_status s2 = parse_alt(p, u, k, j, w, ops);
            reset(d, w, ops);
            if (s2 == APICC_OK) {
                also = k;
                break;
            }
            if (s2 != APICC_ERR_RESPONSE) {
                st = s2;
                break;
            }
        }
        free(w);
    }
    p->probing = probing;
    p->lenient = lenient;
    if (st == APICC_ERR_NOMEM)
        return apicc__nomem(p);
    if (also != SIZE_MAX)
        return apicc__shape_error(p, "fits both alternatives %s and %s of "
                                     "%s", u->alts[*chosen].json_name,
                                  u->alts[also].json_name, d->name);
    return st;
}

/* Keeps j as the raw JSON of an UNKNOWN value. */
static apicc_status keep_unknown(apicc__parse_ctx *p, const apicc_union_desc *u,
                                 const cJSON *j, void *v)
{
    cJSON *copy = cJSON_Duplicate(j, 1);
    if (!copy)
        return apicc__nomem(p);
    *tag_of(u, v) = 0;
    *(cJSON **)APICC__AT(v, u->raw_offset) = copy;
    return APICC_OK;
}

static apicc_status choose(apicc__parse_ctx *p, const apicc_model_desc *d,
                           const cJSON *j, void *v,
                           const apicc__field_ops *ops)
{
    const apicc_union_desc *u = d->union_of;
    if (cJSON_IsNull(j)) {
        if (u->flags & APICC_UNION_NULLABLE) {
            *tag_of(u, v) = (int)u->nalts + 1;
            return APICC_OK;
        }
        return apicc__shape_error(p, "must not be null");
    }
    const cJSON *disc =
        u->discriminator && cJSON_IsObject(j)
            ? cJSON_GetObjectItemCaseSensitive(j, u->discriminator)
            : NULL;
    if (cJSON_IsString(disc)) {
        size_t k = mapped(u, disc->valuestring);
        if (k != SIZE_MAX)
            return parse_alt(p, u, k, j, v, ops);
        if (u->flags & APICC_UNION_UNMATCHED_ERROR)
            return apicc__shape_error(p, "%s \"%.60s\" names no alternative "
                                         "of %s", u->discriminator,
                                      disc->valuestring, d->name);
        return keep_unknown(p, u, j, v);
    }
    size_t k;
    apicc_status st = first_fit(p, d, j, v, &k, ops);
    if (st != APICC_OK || k != SIZE_MAX)
        return st;
    if (u->flags & APICC_UNION_UNMATCHED_ERROR)
        return apicc__shape_error(p, "%s fits none of the %zu alternatives "
                                     "of %s", apicc__json_kind(j), u->nalts,
                                  d->name);
    return keep_unknown(p, u, j, v);
}

apicc_status apicc__parse_union(apicc__parse_ctx *p, const apicc_model_desc *d,
                                const cJSON *j, void **out,
                                const apicc__field_ops *ops)
{
    void *v = calloc(1, d->size ? d->size : 1);
    if (!v)
        return apicc__nomem(p);
    apicc_status st = choose(p, d, j, v, ops);
    if (st != APICC_OK) {
        apicc__free_union(d, v, ops);
        free(v);
        return st;
    }
    *out = v;
    return APICC_OK;
}

/* The discriminator value that names alternative k first, or NULL. */
static const char *value_of(const apicc_union_desc *u, size_t k)
{
    for (size_t i = 0; i < u->nmapping; i++)
        if (u->mapping[i].alt == k)
            return u->mapping[i].value;
    return NULL;
}

cJSON *apicc__print_union(const apicc_model_desc *d, const void *v,
                          const apicc__field_ops *ops)
{
    const apicc_union_desc *u = d->union_of;
    int tag = *(const int *)APICC__CAT(v, u->tag_offset);
    if (tag <= 0 || (size_t)tag > u->nalts) {
        const cJSON *raw = *(cJSON *const *)APICC__CAT(v, u->raw_offset);
        /* the null tag, or an UNKNOWN value with nothing kept */
        return raw && tag == 0 ? cJSON_Duplicate(raw, 1) : cJSON_CreateNull();
    }
    size_t k = (size_t)tag - 1;
    cJSON *out = ops->print_field(&u->alts[k], v);
    /* A caller who filled the struct by hand need not repeat the
     * discriminator the tag already says: an absent or null member gets
     * the tag's value. */
    const char *value = u->discriminator ? value_of(u, k) : NULL;
    if (!out || !value || !cJSON_IsObject(out))
        return out;
    cJSON *cur = cJSON_GetObjectItemCaseSensitive(out, u->discriminator);
    if (cur && !cJSON_IsNull(cur))
        return out;
    cJSON *s = cJSON_CreateString(value);
    if (!s) {
        cJSON_Delete(out);
        return NULL;
    }
    if (cur ? !cJSON_ReplaceItemInObjectCaseSensitive(out, u->discriminator,
                                                      s)
            : !cJSON_AddItemToObject(out, u->discriminator, s)) {
        cJSON_Delete(s);
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

void apicc__free_union(const apicc_model_desc *d, void *v,
                       const apicc__field_ops *ops)
{
    const apicc_union_desc *u = d->union_of;
    int tag = *tag_of(u, v);
    if (tag > 0 && (size_t)tag <= u->nalts)
        ops->free_field(&u->alts[(size_t)tag - 1], v);
    cJSON_Delete(*(cJSON **)APICC__AT(v, u->raw_offset));
}
