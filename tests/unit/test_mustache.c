/*
 * The engine beyond the spec suite: the escapings apicc chooses per
 * render, and broken templates reported with name, line and column.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "base/diag.h"
#include "harness.h"
#include "mustache/mustache.h"

static const char *partials_ctx[][2] = {
    {"item", "<{{.}}>"},
    {"self", "{{>self}}"},
    {"broken", "line one\n  {{#open}}\n"},
};

static const char *lookup_partial(void *ctx, const char *name, size_t *len)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof partials_ctx / sizeof partials_ctx[0]; i++)
        if (strcmp(partials_ctx[i][0], name) == 0) {
            *len = strlen(partials_ctx[i][1]);
            return partials_ctx[i][1];
        }
    return NULL;
}

/* Renders `tmpl` with JSON `data`; returns the output or, on failure, the
 * diagnostics joined by '|', in a static buffer. */
static const char *render(const char *tmpl, const char *data,
                          tmpl_escape esc, int strict, size_t max_output)
{
    static char result[4096];
    cJSON *root = cJSON_Parse(data);
    diag d;
    diag_init(&d);
    tmpl_options opt = {.escape = esc,
                        .partial = lookup_partial,
                        .strict_partials = strict,
                        .name = "t.mustache",
                        .max_output = max_output};
    size_t len = 0;
    char *out = tmpl_render(tmpl, strlen(tmpl), root, &opt, &d, &len);
    if (out) {
        snprintf(result, sizeof result, "%s", out);
        CHECK(d.errors == 0);
    } else {
        result[0] = '\0';
        for (size_t i = 0; i < d.count; i++) {
            char *m = diag_format(&d, i);
            size_t used = strlen(result);
            snprintf(result + used, sizeof result - used, "%s%s",
                     i ? "|" : "", m ? m : "?");
            free(m);
        }
    }
    free(out);
    diag_free(&d);
    cJSON_Delete(root);
    return result;
}

TEST(c_escaping_makes_valid_literals)
{
    CHECK_STR(render("\"{{s}}\"", "{\"s\":\"a\\\"b\\\\c\\nd\\te\"}",
                     TMPL_ESCAPE_C, 1, 0),
              "\"a\\\"b\\\\c\\nd\\te\"");
    /* control bytes as 3-digit octal, no trigraphs, UTF-8 kept */
    CHECK_STR(render("{{s}}", "{\"s\":\"\\u0001x?\?=\\u00e9<&>\"}",
                     TMPL_ESCAPE_C, 1, 0),
              "\\001x?\\?=\xc3\xa9<&>");
}

TEST(html_and_none_escaping)
{
    CHECK_STR(render("{{s}}", "{\"s\":\"<a href=\\\"x\\\">&</a>\"}",
                     TMPL_ESCAPE_HTML, 1, 0),
              "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
    CHECK_STR(render("{{s}}", "{\"s\":\"<&>\\\"\"}", TMPL_ESCAPE_NONE, 1, 0),
              "<&>\"");
    CHECK_STR(render("{{{s}}}{{&s}}", "{\"s\":\"\\\"\"}", TMPL_ESCAPE_C, 1,
                     0),
              "\"\"");
}

TEST(values_render_in_their_shortest_form)
{
    CHECK_STR(render("{{a}} {{b}} {{c}} {{d}} {{e}}[{{f}}]",
                     "{\"a\":9007199254740991,\"b\":0.1,\"c\":-2,"
                     "\"d\":true,\"e\":false,\"f\":null}",
                     TMPL_ESCAPE_NONE, 1, 0),
              "9007199254740991 0.1 -2 true false[]");
}

TEST(partials_in_sections)
{
    CHECK_STR(render("{{#xs}}{{>item}}{{/xs}}", "{\"xs\":[1,2]}",
                     TMPL_ESCAPE_NONE, 1, 0),
              "<1><2>");
}

TEST(unclosed_section_is_reported_where_it_opens)
{
    CHECK_STR(render("a\n  {{#x}}\nb\n", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:2:3: error: section \"x\" is never closed");
}

TEST(mismatched_close_is_reported)
{
    CHECK_STR(render("{{#a}}\n{{/b}}\n{{/a}}", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:2:1: error: closing tag \"b\" does not match \"a\" "
              "opened at 1:1");
    CHECK_STR(render("x {{/a}}", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:1:3: error: closing tag \"a\" has no open section");
}

TEST(every_problem_is_reported)
{
    CHECK_STR(render("{{#a}}{{/b}}\n{{c d}}\n{{}}\n{{#e}}", "{}",
                     TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:1:7: error: closing tag \"b\" does not match \"a\" "
              "opened at 1:1|"
              "t.mustache:2:1: error: invalid tag name \"c d\"|"
              "t.mustache:3:1: error: tag has no name|"
              "t.mustache:1:1: error: section \"a\" is never closed|"
              "t.mustache:4:1: error: section \"e\" is never closed");
}

TEST(unclosed_tag_and_bad_delimiters)
{
    CHECK_STR(render("ok\nthen {{name", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:2:6: error: unclosed tag: no \"}}\" after \"{{\"");
    CHECK_STR(render("{{{name}}", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:1:1: error: unclosed tag: no \"}}}\" after \"{{{\"");
    CHECK_STR(render("{{=<%=}}", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:1:1: error: invalid delimiter tag: expected two "
              "delimiters without '=' or whitespace, each at most 32 bytes");
}

TEST(unknown_partial_strict_and_lenient)
{
    CHECK_STR(render("a\n {{>nope}}", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:2:2: error: unknown partial \"nope\"");
    CHECK_STR(render("a{{>nope}}b", "{}", TMPL_ESCAPE_NONE, 0, 0), "ab");
    CHECK_STR(render("{{>*n}}", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:1:1: error: dynamic partial name \"n\" is not a "
              "string in the data");
}

TEST(errors_in_a_partial_name_the_partial)
{
    CHECK_STR(render("{{>broken}}", "{}", TMPL_ESCAPE_NONE, 1, 0),
              "broken:2:3: error: section \"open\" is never closed");
}

TEST(recursion_and_output_are_bounded)
{
    const char *r = render("{{>self}}", "{}", TMPL_ESCAPE_NONE, 1, 0);
    CHECK(strstr(r, "error: templates nested deeper than 256") != NULL);
    CHECK_STR(render("{{#xs}}0123456789{{/xs}}", "{\"xs\":[1,2,3]}",
                     TMPL_ESCAPE_NONE, 1, 25),
              "t.mustache: error: output larger than 25 bytes");
}

static char *repeat(const char *a, int na, const char *b, int nb)
{
    size_t la = strlen(a), lb = strlen(b);
    char *t = malloc(la * (size_t)na + lb * (size_t)nb + 1);
    size_t n = 0;
    for (int i = 0; t && i < na; i++, n += la)
        memcpy(t + n, a, la);
    for (int i = 0; t && i < nb; i++, n += lb)
        memcpy(t + n, b, lb);
    if (t)
        t[n] = '\0';
    return t;
}

static int count_errors(const char *r)
{
    int n = *r ? 1 : 0;
    for (; *r; r++)
        n += *r == '|';
    return n;
}

TEST(deep_section_nesting_is_refused)
{
    /* Closed properly: the one problem is the depth, not the closes of the
     * sections dropped past the limit. */
    char *t = repeat("{{#a}}", 300, "{{/a}}", 300);
    CHECK_STR(render(t, "{}", TMPL_ESCAPE_NONE, 1, 0),
              "t.mustache:1:1537: error: sections nested deeper than 256");
    free(t);
    /* Never closed: the depth, ten sections by name and a count. */
    t = repeat("{{#a}}", 300, "", 0);
    const char *r = render(t, "{}", TMPL_ESCAPE_NONE, 1, 0);
    CHECK(strstr(r, "t.mustache:1:1537: error: sections nested deeper than "
                    "256") != NULL);
    CHECK(strstr(r, "t.mustache:1:55: error: section \"a\" is never closed|"
                    "t.mustache:1:61: error: 246 more sections from here on "
                    "are never closed") != NULL);
    CHECK_INT(count_errors(r), 12);
    free(t);
}

int main(void)
{
    RUN(c_escaping_makes_valid_literals);
    RUN(html_and_none_escaping);
    RUN(values_render_in_their_shortest_form);
    RUN(partials_in_sections);
    RUN(unclosed_section_is_reported_where_it_opens);
    RUN(mismatched_close_is_reported);
    RUN(every_problem_is_reported);
    RUN(unclosed_tag_and_bad_delimiters);
    RUN(unknown_partial_strict_and_lenient);
    RUN(errors_in_a_partial_name_the_partial);
    RUN(recursion_and_output_are_bounded);
    RUN(deep_section_nesting_is_refused);
    return harness_report();
}
