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
#include "load/spec.h"
#include "output/generate.h"
#include "view/view.h"

static const char view_usage[] =
    "usage: apicc view SPEC [-o FILE]\n"
    "\n"
    "Prints the view of SPEC: the JSON data every template is rendered\n"
    "with (keys in docs/templates.md), exactly as `apicc generate` builds\n"
    "it.  With -o it goes to FILE (written atomically) instead.\n";

/* Loads, validates and views a spec; NULL after reporting in d. */
static char *view_text(const char *path, diag *d)
{
    char *shown = gen_display_path(path);
    spec *s = shown ? spec_load(path, d) : NULL;
    if (s && spec_validate(s, d) != 0) {
        spec_free(s);
        s = NULL;
    }
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

int cli_view_main(int argc, char **argv)
{
    const char *spec_path = NULL, *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (cli_is_help(arg)) {
            fputs(view_usage, stdout);
            return CLI_OK;
        }
        if (strcmp(arg, "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (arg[0] == '-' && arg[1] != '\0') {
            fprintf(stderr, "apicc view: unknown option %s\n%s", arg,
                    view_usage);
            return CLI_BAD_INPUT;
        } else if (spec_path) {
            fprintf(stderr, "apicc view: one spec at a time\n%s",
                    view_usage);
            return CLI_BAD_INPUT;
        } else {
            spec_path = arg;
        }
    }
    if (!spec_path) {
        fprintf(stderr, "apicc view: no spec given\n%s", view_usage);
        return CLI_BAD_INPUT;
    }
    diag d;
    diag_init(&d);
    char *text = view_text(spec_path, &d);
    int rc = text ? CLI_OK : CLI_BAD_INPUT;
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
    return rc;
}
