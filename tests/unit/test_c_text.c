/*
 * The C text rules: comment text (base/c_text.h), string literals (the
 * engine's C escaping), the lexer the injection checks rely on
 * (support/c_lexer.h), and the templates' side of the contract: a key
 * that carries exact spec text appears in a C template only as {{x}}
 * between quotes.  Run from the repository root (it reads templates/).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/c_text.h"
#include "harness.h"
#include "mustache/mustache_value.h"
#include "output/templates.h"
#include "support/c_lexer.h"

static char *comment(const char *s)
{
    static char out[512];
    char *t = c_comment_text(s, strlen(s));
    snprintf(out, sizeof out, "%s", t ? t : "(null)");
    free(t);
    return out;
}

static char *literal(const char *s, size_t n)
{
    static char out[512];
    buf b;
    buf_init(&b);
    mvalue_escape(s, n, TMPL_ESCAPE_C, &b);
    char *t = buf_take(&b);
    snprintf(out, sizeof out, "%s", t ? t : "(null)");
    free(t);
    return out;
}

TEST(comment_pairs_are_broken)
{
    CHECK_STR(comment("a */ b"), "a * / b");
    CHECK_STR(comment("/* x"), "/ * x");
    CHECK_STR(comment("*/*/"), "* / * /");
    CHECK_STR(comment("?\?/"), "? ?/");
    CHECK_STR(comment("?\?\?="), "? ? ?=");
}

TEST(comment_has_no_line_break_or_final_backslash)
{
    CHECK_STR(comment("a\nb\r"), "a\\x0Ab\\x0D");
    CHECK_STR(comment("end\\"), "end\\x5C");
    CHECK_STR(comment("end\\  \t"), "end\\x5C");
    CHECK_STR(comment("a\\b"), "a\\b");
    CHECK_STR(comment("tab\there"), "tab here");
}

TEST(comment_shows_hidden_characters)
{
    CHECK_STR(comment("\x01\x7f"), "\\x01\\x7F");
    CHECK_STR(comment("bad \xff\xc3 utf8"), "bad \\xFF\\xC3 utf8");
    CHECK_STR(comment("rtl \xe2\x80\xae!"), "rtl <U+202E>!");
    CHECK_STR(comment("nel \xc2\x85."), "nel <U+0085>.");
    CHECK_STR(comment("caf\xc3\xa9"), "caf\xc3\xa9");
    char *t = c_comment_text("a\0*/", 4);
    CHECK_STR(t, "a\\x00* /");
    free(t);
}

TEST(benign_comment_text_is_unchanged)
{
    CHECK_STR(comment("GET /v1/orders/{id}"), "GET /v1/orders/{id}");
    CHECK_STR(comment("https://api.example.com/v2?x=1"),
              "https://api.example.com/v2?x=1");
}

TEST(literal_escapes)
{
    CHECK_STR(literal("a\"b\\c\n", 6), "a\\\"b\\\\c\\n");
    CHECK_STR(literal("?\?/", 3), "?\\?/");
    CHECK_STR(literal("x\0y", 3), "x\\000y");
    CHECK_STR(literal("\xe2\x80\xae", 3), "\\342\\200\\256");
    CHECK_STR(literal("caf\xc3\xa9", 5), "caf\xc3\xa9");
}

static const char *lex_why(const char *src)
{
    const char *why = NULL;
    size_t at = 0;
    char *s = c_token_stream(src, strlen(src), &why, &at);
    free(s);
    return s ? NULL : why;
}

TEST(lexer_streams)
{
    const char *why;
    size_t at;
    const char *src = "/* x */ int a = f(\"s\\\"*/\", 'c'); // y\n#x 1e+5";
    char *s = c_token_stream(src, strlen(src), &why, &at);
    CHECK_STR(s, "int\na\n=\nf\n(\n\"S\"\n,\n'C'\n)\n;\n#\nx\n1e+5\n");
    free(s);
}

TEST(lexer_refuses_what_generated_code_never_holds)
{
    CHECK(lex_why("/* open") != NULL);
    CHECK(lex_why("/* a /* b */") != NULL);
    CHECK(lex_why("\"open\n\"") != NULL);
    CHECK(lex_why("\"\\q\"") != NULL);
    CHECK(lex_why("\"\\x\"") != NULL);
    CHECK(lex_why("a ?\?/\n") != NULL);
    CHECK(lex_why("/* a \\\n */") != NULL);
    CHECK(lex_why("/* \xe2\x80\xae */") != NULL);
    CHECK(lex_why("int \xc3\xa9;") != NULL);
    CHECK(lex_why("\"?\\?/\" /* ? ?/ */") == NULL);
}

/* Keys whose value is exact spec text: only {{x}} between quotes.  The
 * names of servers, endpoints and auth schemes are spec text too, but the
 * validator holds them to identifiers, so comments may show them. */
static const char *const exact_keys[] = {
    "path", "method", "server_url", "default_url", "param_name", "name",
    "scheme_param", "scheme_prefix", "json_name", "value", "literal", "from",
    "key_name", "sig_name", "ts_name", "error_code_path",
    "error_message_path", "literal_doc", "description",
    "endpoint_description", "when_path", "when_equals", "payload_path",
    "event_description", NULL,
};

static int is_exact(const char *k, size_t n)
{
    for (size_t i = 0; exact_keys[i]; i++)
        if (strlen(exact_keys[i]) == n && memcmp(exact_keys[i], k, n) == 0)
            return 1;
    return 0;
}

/* Checks every tag of one C template (both delimiters it uses). */
static void lint(const char *path, const char *t)
{
    static const char *const open[] = {"{{", "<%"}, *const close[] = {"}}",
                                                                    "%>"};
    for (int d = 0; d < 2; d++) {
        for (const char *p = strstr(t, open[d]); p;
             p = strstr(p + 2, open[d])) {
            const char *k = p + 2;
            int raw = *k == '{' || *k == '&';
            if (raw)
                k++;
            if (strchr("#^/!>=", *k))
                continue;
            while (*k == ' ')
                k++;
            const char *e = strstr(k, close[d]);
            if (!e)
                break;
            size_t n = (size_t)(e - k);
            while (n && (k[n - 1] == ' ' || k[n - 1] == '}'))
                n--;
            if (!is_exact(k, n))
                continue;
            const char *after = e + 2 + (raw && d == 0 && e[2] == '}');
            int quoted = p > t && p[-1] == '"' && *after == '"';
            if (raw || !quoted) {
                char why[768];
                snprintf(why, sizeof why, "%s: '%.*s' is exact spec text "
                                          "outside a string literal",
                         path, (int)n, k);
                harness_count("template contexts", 0, why);
            }
        }
    }
}

TEST(templates_print_spec_text_only_where_it_is_safe)
{
    const char *dirs[] = {"templates/c", "templates/fuzz"};
    int seen = 0;
    for (int i = 0; i < 2; i++) {
        DIR *dir = opendir(dirs[i]);
        CHECK(dir != NULL);
        struct dirent *de;
        while (dir && (de = readdir(dir))) {
            const char *n = de->d_name;
            size_t len = strlen(n);
            if (len < 11 || strcmp(n + len - 9, ".mustache") != 0 ||
                (n[len - 11] != '.' ||
                 (n[len - 10] != 'c' && n[len - 10] != 'h')))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dirs[i], n);
            size_t size;
            char *t = tmpl_read_file(path, &size);
            CHECK(t != NULL);
            if (t)
                lint(path, t);
            free(t);
            seen++;
        }
        if (dir)
            closedir(dir);
    }
    CHECK(seen >= 3);
}

int main(void)
{
    RUN(comment_pairs_are_broken);
    RUN(comment_has_no_line_break_or_final_backslash);
    RUN(comment_shows_hidden_characters);
    RUN(benign_comment_text_is_unchanged);
    RUN(literal_escapes);
    RUN(lexer_streams);
    RUN(lexer_refuses_what_generated_code_never_holds);
    RUN(templates_print_spec_text_only_where_it_is_safe);
    return harness_report();
}
