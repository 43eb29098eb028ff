/*
 * Status names and messages, expanded from the one table in
 * apicc/status.h so codes, names and messages cannot disagree.
 */
#include "apicc/status.h"

static const char *const status_messages[] = {
#define APICC__STATUS_MSG(name, msg) msg,
    APICC_STATUS_MAP(APICC__STATUS_MSG)
#undef APICC__STATUS_MSG
};

static const char *const status_names[] = {
#define APICC__STATUS_NAME(name, msg) "APICC_" #name,
    APICC_STATUS_MAP(APICC__STATUS_NAME)
#undef APICC__STATUS_NAME
};

_Static_assert(sizeof status_messages / sizeof status_messages[0] ==
                   APICC__STATUS_COUNT,
               "one message per status");

/* A value outside the table (a cast integer, a code from a newer
 * library) still gets text, never NULL: callers print it directly. */
APICC_API const char *apicc_strerror(apicc_status st)
{
    if ((unsigned)st >= (unsigned)APICC__STATUS_COUNT)
        return "unknown status";
    return status_messages[st];
}

APICC_API const char *apicc_status_name(apicc_status st)
{
    if ((unsigned)st >= (unsigned)APICC__STATUS_COUNT)
        return "APICC_UNKNOWN_STATUS";
    return status_names[st];
}
