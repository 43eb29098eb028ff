/*
 * `apicc generate`, `apicc check` and `apicc validate`.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "cli/cli.h"
#include "cli/cli_args.h"
#include "cli/cli_select.h"
#include "load/spec.h"
#include "output/depfile.h"
#include "output/emit.h"
#include "output/generate.h"
#include "output/spec_input.h"
#include "output/templates.h"

static const char generate_usage[] =
    "usage: apicc generate [OPTIONS] SPEC...\n"
    "       apicc check    [OPTIONS] SPEC...\n"
    "\n"
    "generate writes each provider's files into its own folder under the\n"
    "output folder (default: generated).  Nothing is written when any spec\n"
    "or template has an error; files a spec no longer produces are removed.\n"
    "apicc touches only the files it generated (listed in each folder's\n"
    ".apicc-manifest): a provider folder holding anything else, or a\n"
    "symbolic link, is refused (exit 2) and nothing is written.\n"
    "check regenerates in memory and compares: exit 0 when up to date, 1\n"
    "listing every stale, missing or extra file, 2 when generate would\n"
    "refuse the folder.\n"
    "\n"
    "SPEC is an apicc spec file, or - for standard input.  An OpenAPI or\n"
    "Swagger document is refused with the `apicc import openapi` command\n"
    "that makes a spec of it: the import guesses where the document is\n"
    "silent (comments in the spec mark where), and a client's C names\n"
    "should come from a spec kept and reviewed beside the code, so that a\n"
    "new version of the document changes them only when re-imported.\n"
    "\n"
    "  -t, --templates DIR  templates to use (default: $APICC_TEMPLATES,\n"
    "                       the installed ones, or templates/c of the\n"
    "                       source tree)\n"
    "  -o, --out DIR        output folder (default: generated)\n"
    "  --depfile FILE       generate: also write a Make/Ninja depfile (the\n"
    "                       generated files depend on the specs and the\n"
    "                       templates)\n"
    CLI_SELECT_HELP
    "\n"
    "Exit status: 0 ok, 1 check found differences, 2 bad input or usage.\n";

enum { OPT_TEMPLATES, OPT_OUT, OPT_DEPFILE, CLI_SELECT_FIRST };

static const cli_opt generate_opts[] = {
    {"--templates", 't', 1}, {"--out", 'o', 1}, {"--depfile", 0, 1},
    CLI_SELECT_OPTIONS,      {NULL, 0, 0},
};

int cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

typedef struct generate_args {
    int check;
    const char *templates_dir, *out_dir, *depfile;
    char **specs;
    size_t nspecs;
    cli_select select;
} generate_args;

/* Returns -1 when all is well, else the exit status. */
static int parse_args(int argc, char **argv, generate_args *a)
{
    cli_args s;
    cli_args_init(&s, argv[0], argc, argv, 1);
    for (int k; (k = cli_next(&s, generate_opts)) != CLI_ARG_END;) {
        if (k == CLI_ARG_HELP) {
            fputs(generate_usage, stdout);
            return CLI_OK;
        } else if (k == CLI_ARG_ERROR) {
            return CLI_BAD_INPUT;
        } else if (k == CLI_ARG_OPERAND) {
            a->specs[a->nspecs++] = (char *)s.value;
        } else if (k == OPT_TEMPLATES) {
            a->templates_dir = s.value;
        } else if (k == OPT_OUT) {
            a->out_dir = s.value;
        } else if (k == OPT_DEPFILE) {
            if (a->check)
                return cli_usage_error(argv[0], "--depfile is for generate");
            a->depfile = s.value;
        } else if (cli_select_take(&a->select, k - CLI_SELECT_FIRST, argv[0],
                                   s.value) != 0) {
            return CLI_BAD_INPUT;
        }
    }
    if (a->nspecs == 0)
        return cli_usage_error(argv[0], "no spec given");
    return -1;
}

static int run(generate_args *a)
{
    char found[PATH_MAX];
    if (!a->templates_dir)
        a->templates_dir = tmpl_default_dir(found, sizeof found);
    diag d;
    diag_init(&d);
    tmpl_set templates;
    gen_result r;
    gen_result_init(&r);
    int rc = CLI_OK;
    size_t diffs = 0;
    if (tmpl_set_load(&templates, a->templates_dir, &d) != 0) {
        rc = CLI_BAD_INPUT;
    } else {
        if (gen_run(a->specs, a->nspecs, &a->select.sel, &templates, &r,
                    &d) != 0)
            rc = CLI_BAD_INPUT; /* nothing is written */
        else if (a->check &&
                 emit_check(&r, a->out_dir, stdout, &diffs, &d) != 0)
            rc = CLI_BAD_INPUT; /* generate would refuse the folder too */
        else if (a->check)
            rc = diffs ? CLI_DIFFERENT : CLI_OK;
        else if (emit_write(&r, a->out_dir, &d) != 0)
            rc = CLI_BAD_INPUT;
        else if (a->depfile &&
                 depfile_write(a->depfile, a->out_dir, &r, a->specs,
                               a->nspecs, &templates, &d) != 0)
            rc = CLI_BAD_INPUT;
        tmpl_set_free(&templates);
    }
    diag_print(&d, stderr);
    if (a->check && rc == CLI_DIFFERENT)
        fprintf(stderr, "apicc check: %s is out of date: run apicc generate\n",
                a->out_dir);
    diag_free(&d);
    gen_result_free(&r);
    return rc;
}

int cli_generate_main(int argc, char **argv)
{
    generate_args a;
    memset(&a, 0, sizeof a);
    a.check = strcmp(argv[0], "check") == 0;
    a.out_dir = "generated";
    a.specs = calloc((size_t)argc, sizeof(char *));
    int rc = CLI_BAD_INPUT;
    if (a.specs && cli_select_init(&a.select, argc) == 0) {
        rc = parse_args(argc, argv, &a);
        if (rc < 0)
            rc = run(&a);
    }
    cli_select_free(&a.select);
    free(a.specs);
    return rc;
}

static const char validate_usage[] =
    "usage: apicc validate SPEC...\n"
    "\n"
    "Reports every problem of each spec (a file, or - for standard input)\n"
    "as FILE:LINE:COL: error: ... and writes nothing.  Exit status: 0 when\n"
    "all are valid, 2 otherwise.\n";

int cli_validate_main(int argc, char **argv)
{
    static const cli_opt none[] = {{NULL, 0, 0}};
    char **specs = calloc((size_t)argc, sizeof *specs);
    if (!specs)
        return CLI_BAD_INPUT;
    size_t nspecs = 0;
    cli_args s;
    cli_args_init(&s, "validate", argc, argv, 1);
    for (int k; (k = cli_next(&s, none)) != CLI_ARG_END;) {
        if (k == CLI_ARG_HELP || k == CLI_ARG_ERROR) {
            if (k == CLI_ARG_HELP)
                fputs(validate_usage, stdout);
            free(specs);
            return k == CLI_ARG_HELP ? CLI_OK : CLI_BAD_INPUT;
        }
        specs[nspecs++] = (char *)s.value;
    }
    if (nspecs == 0) {
        free(specs);
        return cli_usage_error("validate", "no spec given");
    }
    diag d;
    diag_init(&d);
    for (size_t i = 0; i < nspecs; i++)
        spec_free(spec_input_load(specs[i], NULL, &d));
    diag_print(&d, stderr);
    int rc = d.errors ? CLI_BAD_INPUT : CLI_OK;
    diag_free(&d);
    free(specs);
    return rc;
}
