/*
 * `apicc view`: the JSON that templates read for a spec (view/view.h),
 * for template authors: look at it, or render one template with it
 * through `apicc render TEMPLATE --data view.json`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/file_io.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "cli/cli_select.h"
#include "load/spec.h"
#include "output/spec_input.h"
#include "view/view.h"

static const char view_usage[] =
    "usage: apicc view SPEC [OPTIONS]\n"
    "\n"
    "Prints the view of SPEC (a file, or - for standard input): the JSON\n"
    "data every template is rendered with (keys in docs/templates.md),\n"
    "exactly as `apicc generate` builds it, selection and renames\n"
    "included.\n"
    "\n"
    "  -o, --out FILE      write it to FILE (atomically); - is standard\n"
    "                      output, the default\n"
    CLI_SELECT_HELP
    "\n"
    "Exit status: 0 ok, 2 bad input or usage.\n";

enum { OPT_OUT, CLI_SELECT_FIRST };

static const cli_opt view_opts[] = {
    {"--out", 'o', 1}, CLI_SELECT_OPTIONS, {NULL, 0, 0},
};

/* Loads, validates and views a spec; NULL after reporting in d. */
static char *view_text(const char *path, const spec_select *sel, diag *d)
{
    char *shown = spec_input_display_name(path);
    spec *s = shown ? spec_input_load(path, sel, d) : NULL;
    char *text = NULL;
    if (s) {
        cJSON *view = view_build(s, shown);
        /* printed into the view's arena: copied out before view_free */
        char *printed = view ? cJSON_Print(view) : NULL;
        text = printed ? str_dup(printed) : NULL;
        view_free(view);
        if (!text)
            diag_error(d, path, 0, 0, "out of memory");
    }
    spec_free(s);
    free(shown);
    return text;
}

/* Returns -1 when all is well, else the exit status. */
static int parse_args(int argc, char **argv, const char **spec_path,
                      const char **out, cli_select *cs)
{
    cli_args a;
    cli_args_init(&a, "view", argc, argv, 1);
    for (int k; (k = cli_next(&a, view_opts)) != CLI_ARG_END;) {
        if (k == CLI_ARG_HELP) {
            fputs(view_usage, stdout);
            return CLI_OK;
        } else if (k == CLI_ARG_ERROR) {
            return CLI_BAD_INPUT;
        } else if (k == CLI_ARG_OPERAND) {
            if (*spec_path)
                return cli_usage_error("view", "one spec at a time");
            *spec_path = a.value;
        } else if (k == OPT_OUT) {
            *out = strcmp(a.value, "-") == 0 ? NULL : a.value;
        } else if (cli_select_take(cs, k - CLI_SELECT_FIRST, "view",
                                   a.value) != 0) {
            return CLI_BAD_INPUT;
        }
    }
    if (!*spec_path)
        return cli_usage_error("view", "no spec given");
    return -1;
}

int cli_view_main(int argc, char **argv)
{
    const char *spec_path = NULL, *out = NULL;
    cli_select cs;
    int rc = cli_select_init(&cs, argc) == 0
                 ? parse_args(argc, argv, &spec_path, &out, &cs)
                 : CLI_BAD_INPUT;
    if (rc >= 0) {
        cli_select_free(&cs);
        return rc;
    }
    diag d;
    diag_init(&d);
    char *text = view_text(spec_path, &cs.sel, &d);
    rc = text ? CLI_OK : CLI_BAD_INPUT;
    if (text) {
        /* cJSON_Print ends without a newline; a file should end with one */
        size_t n = strlen(text);
        char *line = malloc(n + 2);
        if (line) {
            memcpy(line, text, n);
            memcpy(line + n, "\n", 2);
        }
        if (!line) {
            diag_error(&d, spec_path, 0, 0, "out of memory");
            rc = CLI_BAD_INPUT;
        } else if (out && file_write_atomic(out, line, n + 1) != 0) {
            diag_error(&d, out, 0, 0, "cannot write: %s", strerror(errno));
            rc = CLI_BAD_INPUT;
        } else if (!out && fputs(line, stdout) == EOF) {
            rc = CLI_BAD_INPUT;
        }
        free(line);
        free(text);
    }
    diag_print(&d, stderr);
    diag_free(&d);
    cli_select_free(&cs);
    return rc;
}
