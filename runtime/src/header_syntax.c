/*
 * Header and cookie syntax (header_syntax_internal.h): values that could
 * end a header or a cookie and start another are refused, since they
 * cannot be encoded the way path and query values are.
 */
#include <string.h>

#include "header_syntax_internal.h"

int apicc__header_name_ok(const char *name)
{
    if (!name || !*name)
        return 0;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
            (ch >= '0' && ch <= '9'))
            continue;
        if (!strchr("!#$%&'*+-.^_`|~", ch))
            return 0;
    }
    return 1;
}

int apicc__header_value_ok(const char *value)
{
    if (!value)
        return 0;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
            return 0;
    return 1;
}

int apicc__credential_ok(const char *value)
{
    if (!value || !*value)
        return 0;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (*p < 0x20 || *p > 0x7e)
            return 0;
    return 1;
}

int apicc__cookie_value_ok(const char *value)
{
    if (!value)
        return 0;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if (*p < 0x20 || *p == 0x7f || *p == ';' || *p == ',')
            return 0;
    return 1;
}
