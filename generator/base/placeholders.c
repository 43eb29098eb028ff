/*
 * The scanner of placeholders.h.
 */
#include "base/placeholders.h"

#include <string.h>

int placeholder_next(const char **at, placeholder *ph)
{
    const char *open = *at ? strchr(*at, '{') : NULL;
    if (!open)
        return 0;
    size_t len = strcspn(open + 1, "{}");
    if (open[1 + len] != '}')
        return -1;
    ph->name = open + 1;
    ph->len = len;
    *at = open + 1 + len + 1;
    return 1;
}

int placeholder_has(const char *path, const char *name)
{
    size_t n = strlen(name);
    placeholder ph;
    for (const char *at = path; placeholder_next(&at, &ph) == 1;)
        if (ph.len == n && strncmp(ph.name, name, n) == 0)
            return 1;
    return 0;
}
