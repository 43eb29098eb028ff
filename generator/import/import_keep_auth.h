/*
 * Keeping hand-written auth schemes over a re-import (--keep-auth).
 */
#ifndef APICC_GEN_IMPORT_KEEP_AUTH_H
#define APICC_GEN_IMPORT_KEEP_AUTH_H

#include "base/diag.h"

/* `text` (a spec the importer wrote) with the `auth:` schemes of the spec
 * at kept_path put in as written there: each replaces the imported scheme
 * of its name or is added; its `default_auth:`, when it has one,
 * replaces the imported one.  A malloc'd string, or NULL after an error
 * in d. */
char *imp_keep_auth(const char *text, const char *kept_path, diag *d);

#endif
