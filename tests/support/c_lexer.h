/*
 * A small C lexer for checking generated code: it reads a source file the
 * way a C compiler's first phases do and gives its token stream with the
 * text of comments and the contents of literals left out, so two files
 * that differ only in documentation and literal contents give the same
 * stream.  The spec-injection test and fuzz target compare the stream of
 * a file generated from hostile spec text with the stream of one from a
 * benign value: any difference is code the spec text made.
 */
#ifndef APICC_TESTS_C_LEXER_H
#define APICC_TESTS_C_LEXER_H

#include <stddef.h>

/*
 * The tokens of src (n bytes), one per line: comments dropped, each string
 * literal written "S" and each character literal 'C'.  Returns NULL (or
 * NULL when out of memory, with *why NULL) on the first thing a generated
 * file must never hold, with *why saying what and *at its byte offset:
 * an unclosed comment, "/" "*" inside a comment, an unclosed literal or
 * one that runs to a line end, an escape sequence C does not know, a
 * trigraph, a backslash-newline, a bidirectional control character, a
 * control or non-ASCII byte outside comments and literals.  Caller frees.
 */
char *c_token_stream(const char *src, size_t n, const char **why, size_t *at);

#endif
