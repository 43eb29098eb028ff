/*
 * The command-line conventions every verb shares, in one place: long
 * options as "--opt VALUE" or "--opt=VALUE", a one-letter alias where a
 * verb declares one ("-o FILE"), "--" ending the options, "-" as an
 * operand (standard input or output), and a usage error as one short
 * line plus "try 'apicc VERB --help'" rather than the whole usage.
 */
#ifndef APICC_GEN_CLI_ARGS_H
#define APICC_GEN_CLI_ARGS_H

typedef struct cli_opt {
    const char *name; /* "--out" */
    char short_name;  /* 'o', or 0 */
    int takes_value;
} cli_opt;

/* What cli_next found, besides an index into the option table. */
enum {
    CLI_ARG_END = -1,     /* no more arguments */
    CLI_ARG_OPERAND = -2, /* a.value is the operand ("-" included) */
    CLI_ARG_HELP = -3,    /* --help or -h */
    CLI_ARG_ERROR = -4    /* reported already: exit CLI_BAD_INPUT */
};

typedef struct cli_args {
    const char *verb; /* for messages: "generate", "import openapi" */
    int argc;
    char **argv;
    int i;            /* next argument to look at */
    int operands_only; /* after "--" */
    const char *value; /* the option's value or the operand */
} cli_args;

/* Starts scanning argv[first..argc). */
void cli_args_init(cli_args *a, const char *verb, int argc, char **argv,
                   int first);

/* The next option (its index in opts, a table ended by a NULL name) or
 * one of the CLI_ARG_ values.  An unknown option or a missing value is
 * reported as a usage error. */
int cli_next(cli_args *a, const cli_opt *opts);

/* Prints "apicc VERB: message" and "try 'apicc VERB --help'" on stderr
 * and returns CLI_BAD_INPUT. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
int cli_usage_error(const char *verb, const char *fmt, ...);

#endif
