/*
 * The shared command-line scanner: see cli_args.h.
 */
#include "cli/cli_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

void cli_args_init(cli_args *a, const char *verb, int argc, char **argv,
                   int first)
{
    memset(a, 0, sizeof *a);
    a->verb = verb;
    a->argc = argc;
    a->argv = argv;
    a->i = first;
}

int cli_usage_error(const char *verb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "apicc %s: ", verb);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    /* the first word: "import openapi" has its help under "import" */
    size_t n = strcspn(verb, " ");
    fprintf(stderr, "\ntry 'apicc %.*s --help'\n", (int)n, verb);
    return CLI_BAD_INPUT;
}

/* The table row whose long name is arg[0..len), or whose short name is
 * the letter of "-x"; -1 when none. */
static int find(const cli_opt *opts, const char *arg, size_t len)
{
    for (int k = 0; opts[k].name; k++) {
        if (len == 2 && arg[0] == '-' && arg[1] == opts[k].short_name &&
            opts[k].short_name)
            return k;
        if (strlen(opts[k].name) == len && strncmp(opts[k].name, arg, len) == 0)
            return k;
    }
    return -1;
}

int cli_next(cli_args *a, const cli_opt *opts)
{
    if (a->i >= a->argc)
        return CLI_ARG_END;
    const char *arg = a->argv[a->i++];
    a->value = NULL;
    /* "-" alone is an operand: standard input or output */
    if (a->operands_only || arg[0] != '-' || arg[1] == '\0') {
        a->value = arg;
        return CLI_ARG_OPERAND;
    }
    if (strcmp(arg, "--") == 0) {
        a->operands_only = 1;
        return cli_next(a, opts);
    }
    if (cli_is_help(arg))
        return CLI_ARG_HELP;
    /* "-oDIR": a short option that takes a value may carry it attached,
     * as getopt allows */
    if (arg[1] != '-' && arg[2] != '\0') {
        int k = find(opts, arg, 2);
        if (k >= 0 && opts[k].takes_value) {
            a->value = arg + 2;
            return k;
        }
    }
    /* "--opt=value"; a short option takes its value as the next word */
    const char *eq = arg[1] == '-' ? strchr(arg, '=') : NULL;
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    int k = find(opts, arg, len);
    if (k < 0)
        return cli_usage_error(a->verb, "unknown option %.*s", (int)len,
                               arg),
               CLI_ARG_ERROR;
    if (!opts[k].takes_value) {
        if (eq)
            return cli_usage_error(a->verb, "%s takes no value",
                                   opts[k].name),
                   CLI_ARG_ERROR;
        return k;
    }
    if (eq) {
        a->value = eq + 1;
    } else if (a->i < a->argc) {
        a->value = a->argv[a->i++];
    } else {
        return cli_usage_error(a->verb, "%.*s needs a value", (int)len, arg),
               CLI_ARG_ERROR;
    }
    return k;
}
