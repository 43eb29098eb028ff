/*
 * The selection options generate, check and view share: --only SEL,
 * --rename OLD=NEW and --rename-file FILE (load/spec_select.h does the
 * work).
 */
#ifndef APICC_GEN_CLI_SELECT_H
#define APICC_GEN_CLI_SELECT_H

#include "cli/cli_args.h"
#include "load/spec_select.h"

/* Rows for a verb's option table, in this order, at CLI_SELECT_FIRST. */
#define CLI_SELECT_OPTIONS                                                  \
    {"--only", 0, 1}, {"--rename", 0, 1}, {"--rename-file", 0, 1}

/* The help text of those rows. */
#define CLI_SELECT_HELP                                                     \
    "  --only SEL          keep only the endpoints SEL picks, and the\n"    \
    "                      models they reach; SEL is an endpoint name\n"    \
    "                      (a glob: repos_*) or path:/PREFIX; repeatable\n" \
    "  --rename OLD=NEW    another C name for an endpoint or a model\n"     \
    "                      (its spec or C name); repeatable\n"              \
    "  --rename-file FILE  OLD=NEW lines (# starts a comment)\n"

typedef struct cli_select {
    spec_select sel;
    char **texts; /* rename files read, kept while sel points into them */
    size_t ntexts;
} cli_select;

/* argc bounds how many selectors and renames there can be. */
int cli_select_init(cli_select *cs, int argc);
void cli_select_free(cli_select *cs);

/* Takes option `row` (0, 1 or 2: the rows above) with its value.
 * Returns 0, or CLI_BAD_INPUT after reporting. */
int cli_select_take(cli_select *cs, int row, const char *verb,
                    const char *value);

#endif
