/*
 * The one rule for putting text from a spec (or any untrusted text) inside
 * a C block comment.  String literals are the other C context: the
 * mustache engine's C escaping writes those.  Identifiers are the third:
 * cname.h derives them and the validator refuses what is not one.
 *
 * A comment is only safe while its text cannot end it or reach past it.
 * C reads a source file in phases: trigraphs first (under -std=c11 "??/"
 * is a backslash), then backslash-newline splices lines, and only then
 * are comments found.  So the text must hold no "* /" pair that closes
 * the comment, no "/ *" (gcc -Wcomment warns, and -Werror breaks the
 * build), no "??" that could start a trigraph, no line break of any kind,
 * and must not end in a backslash (it would splice the line that
 * follows).  Control characters and invalid UTF-8 are written as \xNN,
 * and invisible Unicode format characters (bidirectional overrides, line
 * separators) as <U+XXXX>, so the comment reads as what it holds.
 * Those format characters also break a -Werror build inside a string
 * literal (gcc -Wbidi-chars), so the engine's C escaping writes them as
 * octal escapes, asking c_text_invisible which they are.
 */
#ifndef APICC_GEN_C_TEXT_H
#define APICC_GEN_C_TEXT_H

#include <stddef.h>

#include "base/buf.h"

/* The length of the UTF-8 encoded invisible format character at s (n
 * bytes: a C1 control, a bidirectional embedding, override, isolate or
 * mark, a zero-width character, a line or paragraph separator), or 0. */
size_t c_text_invisible(const char *s, size_t n);

/* Appends s (n bytes, one line: a line break is written as \x0A) made safe
 * as the text of a C block comment.  Trailing blanks are dropped. */
void c_comment_append(buf *out, const char *s, size_t n);

/* The same as a new string; NULL when out of memory.  Caller frees. */
char *c_comment_text(const char *s, size_t n);

#endif
