/*
 * Reading parsed JSON: a member by dotted path (where an error shape or a
 * credential update says a field is) and a value's kind for messages.
 */
#include <stdlib.h>
#include <string.h>

#include "json_internal.h"

const char *apicc__json_kind(const cJSON *j)
{
    if (!j)
        return "an empty body";
    if (cJSON_IsString(j))
        return "a string";
    if (cJSON_IsNumber(j))
        return "a number";
    if (cJSON_IsBool(j))
        return "a boolean";
    if (cJSON_IsNull(j))
        return "null";
    if (cJSON_IsArray(j))
        return "an array";
    if (cJSON_IsObject(j))
        return "an object";
    return "invalid JSON";
}

const cJSON *apicc__json_at(const cJSON *root, const char *path)
{
    if (!root || !path || !*path)
        return NULL;
    const cJSON *node = root;
    const char *p = path;
    while (node && *p) {
        size_t n = strcspn(p, ".");
        char key[128];
        if (n == 0 || n >= sizeof key)
            return NULL;
        memcpy(key, p, n);
        key[n] = '\0';
        if (cJSON_IsArray(node)) {
            char *end = NULL;
            long idx = strtol(key, &end, 10);
            node = (*end || idx < 0) ? NULL
                                     : cJSON_GetArrayItem(node, (int)idx);
        } else {
            node = cJSON_GetObjectItemCaseSensitive(node, key);
        }
        p += n;
        if (*p == '.')
            p++;
    }
    return node;
}
