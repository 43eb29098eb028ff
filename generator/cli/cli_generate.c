/*
 * `apicc generate`, `apicc check` and `apicc validate`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "base/diag.h"
#include "output/emit.h"
#include "output/generate.h"
#include "load/spec.h"
#include "output/templates.h"

#include <limits.h>

static const char generate_usage[] =
    "usage: apicc generate [--templates DIR] [--out DIR] SPEC...\n"
    "       apicc check    [--templates DIR] [--out DIR] SPEC...\n"
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
    "  --templates DIR  templates to use (default: the installed ones, or\n"
    "                   templates/c of the source tree)\n"
    "  --out DIR        output folder (default: generated)\n";

int cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int cli_generate_main(int argc, char **argv)
{
    int check = strcmp(argv[0], "check") == 0;
    const char *templates_dir = NULL;
    const char *out_dir = "generated";
    char **specs = calloc((size_t)argc, sizeof(char *));
    size_t nspecs = 0;
    if (!specs)
        return CLI_BAD_INPUT;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(generate_usage, stdout);
            free(specs);
            return CLI_OK;
        } else if (strcmp(argv[i], "--templates") == 0 && i + 1 < argc) {
            templates_dir = argv[++i];
        } else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
            out_dir = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "apicc %s: unknown option %s\n%s", argv[0],
                    argv[i], generate_usage);
            free(specs);
            return CLI_BAD_INPUT;
        } else {
            specs[nspecs++] = argv[i];
        }
    }
    if (nspecs == 0) {
        fprintf(stderr, "apicc %s: no spec given\n%s", argv[0],
                generate_usage);
        free(specs);
        return CLI_BAD_INPUT;
    }
    char found[PATH_MAX];
    if (!templates_dir)
        templates_dir = tmpl_default_dir(found, sizeof found);

    diag d;
    diag_init(&d);
    tmpl_set templates;
    gen_result r;
    gen_result_init(&r);
    int rc = CLI_OK;
    size_t diffs = 0;
    if (tmpl_set_load(&templates, templates_dir, &d) != 0) {
        rc = CLI_BAD_INPUT;
    } else {
        if (gen_run(specs, nspecs, &templates, &r, &d) != 0)
            rc = CLI_BAD_INPUT; /* nothing is written */
        else if (check && emit_check(&r, out_dir, stdout, &diffs, &d) != 0)
            rc = CLI_BAD_INPUT; /* generate would refuse the folder too */
        else if (check)
            rc = diffs ? CLI_DIFFERENT : CLI_OK;
        else if (emit_write(&r, out_dir, &d) != 0)
            rc = CLI_BAD_INPUT;
        tmpl_set_free(&templates);
    }
    diag_print(&d, stderr);
    if (check && rc == CLI_DIFFERENT)
        fprintf(stderr, "apicc check: %s is out of date: run apicc generate\n",
                out_dir);
    diag_free(&d);
    gen_result_free(&r);
    free(specs);
    return rc;
}

static const char validate_usage[] =
    "usage: apicc validate SPEC...\n"
    "\n"
    "Reports every problem of each spec as FILE:LINE:COL: error: ...\n"
    "and writes nothing.  Exit 0 when all are valid, 2 otherwise.\n";

int cli_validate_main(int argc, char **argv)
{
    int nspecs = 0;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(validate_usage, stdout);
            return CLI_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "apicc validate: unknown option %s\n%s", argv[i],
                    validate_usage);
            return CLI_BAD_INPUT;
        }
        nspecs++;
    }
    if (nspecs == 0) {
        fprintf(stderr, "apicc validate: no spec given\n%s", validate_usage);
        return CLI_BAD_INPUT;
    }
    diag d;
    diag_init(&d);
    for (int i = 1; i < argc; i++) {
        spec *s = spec_load(argv[i], &d);
        if (s)
            spec_validate(s, &d);
        spec_free(s);
    }
    diag_print(&d, stderr);
    int rc = d.errors ? CLI_BAD_INPUT : CLI_OK;
    diag_free(&d);
    return rc;
}
