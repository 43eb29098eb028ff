/*
 * The tables and joins of global_names.h.
 */
#include "base/global_names.h"

#include <stdlib.h>
#include <string.h>

#define FORMS(name, ...)                                                     \
    static const gname_form name##_v[] = {__VA_ARGS__};                     \
    const gname_forms name = {name##_v, sizeof name##_v / sizeof name##_v[0]}

FORMS(gname_provider, {"client_new_fn", "_client_new"},
      {"server_url_fn", "_server_url"},
      {"server_url_with_fn", "_server_url_with"});
FORMS(gname_object, {"c_type", ""}, {"free_fn", "_free"},
      {"from_json_fn", "_from_json"}, {"to_json_fn", "_to_json"});
FORMS(gname_enum, {"c_type", ""}, {"from_string_fn", "_from_string"},
      {"to_string_fn", "_to_string"});
FORMS(gname_union, {"c_type", ""}, {"free_fn", "_free"},
      {"from_json_fn", "_from_json"}, {"to_json_fn", "_to_json"},
      {"kind_type", "_kind"});
FORMS(gname_endpoint, {"fn", ""});
FORMS(gname_endpoint_params, {"params_type", "_params"});
FORMS(gname_endpoint_pages, {"pages_fn", "_pages"},
      {"next_page_fn", "_next_page"}, {"each_fn", "_each"},
      {"item_fn_type", "_item_fn"});
FORMS(gname_endpoint_stream, {"event_fn_type", "_event_fn"});
FORMS(gname_endpoint_start, {"start_fn", "_start"},
      {"done_fn_type", "_done_fn"});
FORMS(gname_event, {"handler_type", "_handler"});

char *gname_join(const char *a, const char *b, const char *c)
{
    size_t na = strlen(a), nb = strlen(b), nc = strlen(c);
    char *s = malloc(na + nb + nc + 1);
    if (!s)
        return NULL;
    memcpy(s, a, na);
    memcpy(s + na, b, nb);
    memcpy(s + na + nb, c, nc + 1);
    return s;
}

char *gname_stem(const char *prefix, const char *c_name)
{
    return gname_join(prefix, "_", c_name);
}

char *gname_setter(const char *prefix, const char *auth_c_name)
{
    return gname_join(prefix, GNAME_SETTER_INFIX, auth_c_name);
}

char *gname_event_on(const char *prefix, const char *event_c_name)
{
    return gname_join(prefix, GNAME_EVENT_ON_INFIX, event_c_name);
}

char *gname_enum_constant(const char *upper_type, const char *upper_value)
{
    return gname_join(upper_type, "_", upper_value);
}

char *gname_union_accessor(const char *union_type, const char *alt_c_name)
{
    return gname_join(union_type, GNAME_UNION_ACCESSOR_INFIX, alt_c_name);
}

char *gname_list_model(const char *endpoint)
{
    return gname_join(endpoint, GNAME_LIST_MODEL_SUFFIX, "");
}
