/*
 * The apicc program's verbs.  Each takes argv with argv[0] = the verb and
 * returns the exit status: 0 ok, 1 check found differences, 2 bad input
 * or usage.
 */
#ifndef APICC_GEN_CLI_H
#define APICC_GEN_CLI_H

enum { CLI_OK = 0, CLI_DIFFERENT = 1, CLI_BAD_INPUT = 2 };

int cli_generate_main(int argc, char **argv); /* generate and check */
int cli_validate_main(int argc, char **argv);
int cli_render_main(int argc, char **argv);
int cli_import_main(int argc, char **argv); /* cli_import.c */
int cli_view_main(int argc, char **argv);   /* cli_view.c */

/* Whether argv[i] is --help or -h. */
int cli_is_help(const char *arg);

#endif
