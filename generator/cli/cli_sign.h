/*
 * `apicc sign`: computes a request signature from the command line, either
 * of given bytes or of the payload a spec's signature scheme builds, so a
 * user can reproduce a signature a provider rejects.
 */
#ifndef APICC_GEN_CLI_SIGN_H
#define APICC_GEN_CLI_SIGN_H

/* argv[0] is "sign".  Returns the exit status: 0 ok, 2 bad input or usage
 * (see cli.h).  Errors go to stderr as "apicc sign: message"; no secret
 * is ever printed, only the signature. */
int cli_sign_main(int argc, char **argv);

#endif
