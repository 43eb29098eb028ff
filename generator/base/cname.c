/*
 * C names derived from spec names; see cname.h for the rules.
 */
#include "base/cname.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static int is_up(char c) { return c >= 'A' && c <= 'Z'; }
static int is_low(char c) { return c >= 'a' && c <= 'z'; }
static int is_dig(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(char c) { return is_up(c) || is_low(c) || is_dig(c); }

/* Whether an upper-case letter at s[i] starts a new word. */
static int starts_word(const char *s, size_t i)
{
    char prev, next;

    if (i == 0)
        return 0;
    prev = s[i - 1];
    next = s[i + 1];
    if (is_low(prev))
        return 1;
    if (is_up(prev) && is_low(next))
        return 1; /* the last capital of an acronym: "HTTPServer" */
    if (is_dig(prev) && is_low(next))
        return 1; /* "sha256Hex", but not "2FA" */
    return 0;
}

char *cname_snake(const char *name)
{
    size_t n = strlen(name), o = 0, i;
    /* At most one '_' is added per input character. */
    char *out = malloc(2 * n + 1);

    if (!out)
        return NULL;
    for (i = 0; i < n; i++) {
        char ch = name[i];

        if (!is_alnum(ch)) {
            if (o > 0 && out[o - 1] != '_')
                out[o++] = '_';
            continue;
        }
        if (is_up(ch) && starts_word(name, i) && o > 0 && out[o - 1] != '_')
            out[o++] = '_';
        out[o++] = (char)tolower((unsigned char)ch);
    }
    while (o > 0 && out[o - 1] == '_')
        o--;
    out[o] = '\0';
    return out;
}

char *cname_upper(const char *name)
{
    char *s = cname_snake(name);
    char *p;

    if (!s)
        return NULL;
    for (p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return s;
}

char *cname_derive(const char *explicit_c_name, const char *name)
{
    if (explicit_c_name) {
        size_t n = strlen(explicit_c_name) + 1;
        char *s = malloc(n);

        if (s)
            memcpy(s, explicit_c_name, n);
        return s;
    }
    return cname_snake(name ? name : "");
}

int cname_is_identifier(const char *s)
{
    if (!s || !(is_up(*s) || is_low(*s) || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!is_alnum(*s) && *s != '_')
            return 0;
    return 1;
}

/* C11 keywords, and names that standard headers the generated code
 * includes define as macros or types. */
static const char *const reserved_words[] = {
    "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic",
    "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "auto",
    "bool", "break", "case", "char", "const", "continue", "default", "do",
    "double", "else", "enum", "errno", "extern", "false", "float", "for",
    "goto", "if", "inline", "int", "long", "NULL", "register", "restrict",
    "return", "short", "signed", "sizeof", "static", "struct", "switch",
    "true", "typedef", "union", "unsigned", "void", "volatile", "while",
};

int cname_is_keyword(const char *s)
{
    size_t i;

    if (!s)
        return 0;
    if (s[0] == '_' && (s[1] == '_' || is_up(s[1])))
        return 1;
    for (i = 0; i < sizeof reserved_words / sizeof reserved_words[0]; i++)
        if (strcmp(s, reserved_words[i]) == 0)
            return 1;
    return 0;
}
