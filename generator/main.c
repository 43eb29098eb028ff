/*
 * apicc: turns API specs into C clients.  This file only dispatches to
 * the verbs (cli_*.c).
 */
#include <stdio.h>
#include <string.h>

#include "apicc/version.h"
#include "cli/cli.h"
#include "cli/cli_sign.h"

static const char usage[] =
    "usage: apicc <command> [options]\n"
    "\n"
    "commands:\n"
    "  generate [-t DIR] [-o DIR] [--only SEL] SPEC... write the clients\n"
    "  check    [-t DIR] [-o DIR] [--only SEL] SPEC... fail when stale\n"
    "  validate SPEC...                                report spec problems\n"
    "  render   TEMPLATE --data FILE.json [--partials DIR] [--escape E]\n"
    "  view     SPEC [-o FILE]                         the data templates read\n"
    "  sign     ...                                    compute a signature\n"
    "  import   openapi|markdown FILE... [-o OUT.yaml] a spec from API docs\n"
    "\n"
    "Options take their value as --opt VALUE or --opt=VALUE; -- ends the\n"
    "options; - stands for standard input (a SPEC, an openapi FILE) or\n"
    "output (-o of view and import).  `apicc <command> --help` tells more.\n"
    "Exit status: 0 ok, 1 check found differences, 2 bad input or usage.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("apicc: no command given\ntry 'apicc --help'\n", stderr);
        return CLI_BAD_INPUT;
    }
    const char *verb = argv[1];
    if (cli_is_help(verb)) {
        fputs(usage, stdout);
        return CLI_OK;
    }
    if (strcmp(verb, "--version") == 0) {
        printf("apicc %s\n", APICC_VERSION_STRING);
        return CLI_OK;
    }
    if (strcmp(verb, "generate") == 0 || strcmp(verb, "check") == 0)
        return cli_generate_main(argc - 1, argv + 1);
    if (strcmp(verb, "validate") == 0)
        return cli_validate_main(argc - 1, argv + 1);
    if (strcmp(verb, "view") == 0)
        return cli_view_main(argc - 1, argv + 1);
    if (strcmp(verb, "render") == 0)
        return cli_render_main(argc - 1, argv + 1);
    if (strcmp(verb, "sign") == 0)
        return cli_sign_main(argc - 1, argv + 1);
    if (strcmp(verb, "import") == 0)
        return cli_import_main(argc - 1, argv + 1);
    fprintf(stderr, "apicc: unknown command \"%s\"\ntry 'apicc --help'\n",
            verb);
    return CLI_BAD_INPUT;
}
