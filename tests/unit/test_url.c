/*
 * Request building without a network: path templates with RFC 3986
 * percent-encoded params, query strings with arrays, the full URL, and
 * the refusal of header and cookie values that could inject more.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "http_internal.h"

#define ARG_S(n, where, v) {.name = (n), .in = (where), .type = APICC_T_STRING, .s = (v)}
#define PATH_S(n, v) ARG_S(n, APICC_IN_PATH, v)
#define QUERY_S(n, v) ARG_S(n, APICC_IN_QUERY, v)

/* The path "/p/{v}" expands to, or NULL when it fails. */
static char pathbuf[512];
static const char *expand_one(const char *value)
{
    apicc_arg a = PATH_S("v", value);
    apicc__request r;
    apicc__req_init(&r, "GET");
    apicc_status st = apicc__req_path(&r, "http://h", "/p/{v}", &a, 1);
    const char *out = NULL;
    if (st == APICC_OK) {
        snprintf(pathbuf, sizeof pathbuf, "%s", r.path.data);
        out = pathbuf;
    }
    apicc__req_free(&r);
    return out;
}

/* RFC 3986 section 2: unreserved characters stay, everything else is
 * "%XX" with upper-case hex, one per UTF-8 byte. */
TEST(path_params_rfc3986)
{
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"abcXYZ019", "/p/abcXYZ019"},
        {"-._~", "/p/-._~"},
        {"a b", "/p/a%20b"},
        {"a/b", "/p/a%2Fb"},
        {"a?b#c", "/p/a%3Fb%23c"},
        {"100%", "/p/100%25"},
        {"a+b", "/p/a%2Bb"},
        {":/?#[]@", "/p/%3A%2F%3F%23%5B%5D%40"},
        {"!$&'()*+,;=", "/p/%21%24%26%27%28%29%2A%2B%2C%3B%3D"},
        {"\"<>\\^`{|}", "/p/%22%3C%3E%5C%5E%60%7B%7C%7D"},
        {"\xc3\xa9", "/p/%C3%A9"},             /* é */
        {"\xe2\x82\xac", "/p/%E2%82%AC"},      /* € */
        {"\xf0\x9f\x98\x80", "/p/%F0%9F%98%80"}, /* an emoji, 4 bytes */
        {"\r\n", "/p/%0D%0A"},
        {".", "/p/%2E"},   /* never a dot segment */
        {"..", "/p/%2E%2E"},
        {"...", "/p/..."}, /* not a dot segment: kept */
        {"a.b", "/p/a.b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = expand_one(cases[i].in);
        char why[256];
        snprintf(why, sizeof why, "got \"%s\", want \"%s\"",
                 got ? got : "(failure)", cases[i].want);
        harness_count(cases[i].want, got && strcmp(got, cases[i].want) == 0,
                      why);
    }
}

TEST(empty_path_param_refused)
{
    CHECK(expand_one("") == NULL);
}

TEST(base_path_is_kept)
{
    apicc_arg a = {.name = "id", .in = APICC_IN_PATH, .type = APICC_T_INT,
                   .i = 42};
    static const struct {
        const char *base, *tmpl, *want;
    } cases[] = {
        {"http://h:8080/v1", "/users/{id}", "/v1/users/42"},
        {"http://h:8080/v1/", "/users/{id}", "/v1/users/42"},
        {"https://h", "/users/{id}", "/users/42"},
        {"https://h", "users/{id}", "/users/42"},
        {"https://h/api?x=1", "/u/{id}", "/api/u/42"},
        {"https://h/a/b", "/{id}.json", "/a/b/42.json"},
        {"https://h/a", NULL, "/a/"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        apicc__request r;
        apicc__req_init(&r, "GET");
        apicc_status st = apicc__req_path(&r, cases[i].base, cases[i].tmpl,
                                          &a, 1);
        CHECK_INT(st, APICC_OK);
        CHECK_STR(r.path.data, cases[i].want);
        apicc__req_free(&r);
    }
}

TEST(path_param_types_and_arrays)
{
    apicc_arg args[] = {
        {.name = "n", .in = APICC_IN_PATH, .type = APICC_T_INT, .i = -5},
        {.name = "d", .in = APICC_IN_PATH, .type = APICC_T_NUMBER, .d = 0.1},
        {.name = "b", .in = APICC_IN_PATH, .type = APICC_T_BOOL, .b = 1},
        {.name = "l", .in = APICC_IN_PATH, .type = APICC_T_STRING, .s = "x y",
         .array = 1},
        {.name = "l", .in = APICC_IN_PATH, .type = APICC_T_STRING, .s = "z",
         .array = 1},
    };
    apicc__request r;
    apicc__req_init(&r, "GET");
    CHECK_INT(apicc__req_path(&r, "http://h", "/{n}/{d}/{b}/{l}/{n}", args,
                              5),
              APICC_OK);
    CHECK_STR(r.path.data, "/-5/0.1/true/x%20y,z/-5");
    apicc__req_free(&r);
}

TEST(bad_templates_refused)
{
    apicc_arg a = PATH_S("id", "1");
    static const char *const bad[] = {"/u/{id", "/u/{}", "/u/{other}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        apicc__request r;
        apicc__req_init(&r, "GET");
        CHECK_INT(apicc__req_path(&r, "http://h", bad[i], &a, 1),
                  APICC_ERR_INVALID_ARG);
        CHECK(r.err[0] != '\0');
        apicc__req_free(&r);
    }
    /* The message names the missing param, never a value. */
    apicc__request r;
    apicc__req_init(&r, "GET");
    apicc__req_path(&r, "http://h", "/u/{other}", &a, 1);
    CHECK(strstr(r.err, "other") != NULL);
    apicc__req_free(&r);
}

/* Query strings: names and values percent-encoded, arrays repeat the key,
 * APICC_IN_PARAM joins the query. */
TEST(query_strings)
{
    apicc_endpoint ep = {.name = "q", .method = "GET", .path = "/q"};
    apicc_arg args[] = {
        QUERY_S("symbol", "BTCUSDT"),
        QUERY_S("q", "a b&c=d+e"),
        {.name = "ids", .in = APICC_IN_QUERY, .type = APICC_T_INT, .i = 1,
         .array = 1},
        {.name = "ids", .in = APICC_IN_QUERY, .type = APICC_T_INT, .i = 2,
         .array = 1},
        {.name = "ids", .in = APICC_IN_QUERY, .type = APICC_T_INT, .i = 3,
         .array = 1},
        {.name = "px", .in = APICC_IN_QUERY, .type = APICC_T_NUMBER,
         .d = 6000.5},
        {.name = "big", .in = APICC_IN_QUERY, .type = APICC_T_NUMBER,
         .d = 1e21},
        {.name = "flag", .in = APICC_IN_QUERY, .type = APICC_T_BOOL, .b = 0},
        ARG_S("sp ace", APICC_IN_PARAM, "\xc3\xa9"),
        ARG_S("empty", APICC_IN_QUERY, ""),
    };
    apicc__request r;
    apicc__req_init(&r, "GET");
    CHECK_INT(apicc__req_args(&r, "http://h", &ep, args,
                              sizeof args / sizeof args[0]),
              APICC_OK);
    CHECK_STR(r.query.data,
              "symbol=BTCUSDT&q=a%20b%26c%3Dd%2Be&ids=1&ids=2&ids=3"
              "&px=6000.5&big=1e%2B21&flag=false&sp%20ace=%C3%A9&empty=");
    apicc__buf url = {0};
    CHECK_INT(apicc__req_url(&r, "http://h:9/v2", &url), APICC_OK);
    CHECK_STR(url.data,
              "http://h:9/q?symbol=BTCUSDT&q=a%20b%26c%3Dd%2Be&ids=1&ids=2"
              "&ids=3&px=6000.5&big=1e%2B21&flag=false&sp%20ace=%C3%A9"
              "&empty=");
    apicc__buf_free(&url);
    apicc__req_free(&r);
}

TEST(url_without_query)
{
    apicc_endpoint ep = {.name = "x", .method = "GET", .path = "/x/{id}"};
    apicc_arg a = PATH_S("id", "a b");
    apicc__request r;
    apicc__req_init(&r, "GET");
    CHECK_INT(apicc__req_args(&r, "https://api.example.com/v1/", &ep, &a, 1),
              APICC_OK);
    apicc__buf url = {0};
    CHECK_INT(apicc__req_url(&r, "https://api.example.com/v1/", &url),
              APICC_OK);
    CHECK_STR(url.data, "https://api.example.com/v1/x/a%20b");
    apicc__buf_free(&url);
    apicc__req_free(&r);
}

TEST(bad_values_refused)
{
    apicc_endpoint ep = {.name = "x", .method = "GET", .path = "/x"};
    apicc_arg nan_arg = {.name = "v", .in = APICC_IN_QUERY,
                         .type = APICC_T_NUMBER, .d = NAN};
    apicc_arg null_arg = {.name = "v", .in = APICC_IN_QUERY,
                          .type = APICC_T_STRING, .s = NULL};
    apicc_arg unnamed = {.name = NULL, .in = APICC_IN_QUERY,
                         .type = APICC_T_STRING, .s = "x"};
    apicc_arg nowhere = {.name = "v", .in = APICC_IN_NONE,
                         .type = APICC_T_STRING, .s = "x"};
    const apicc_arg *bad[] = {&nan_arg, &null_arg, &unnamed, &nowhere};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        apicc__request r;
        apicc__req_init(&r, "GET");
        CHECK_INT(apicc__req_args(&r, "http://h", &ep, bad[i], 1),
                  APICC_ERR_INVALID_ARG);
        apicc__req_free(&r);
    }
}

/* Header values can't be percent-encoded, so anything that could end
 * the header line is refused: the classic header injection. */
TEST(header_injection_refused)
{
    static const char *const bad[] = {"a\r\nX-Evil: 1", "a\nb", "a\rb",
                                      "a\x01", "a\x7f"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        apicc__request r;
        apicc__req_init(&r, "GET");
        CHECK_INT(apicc__req_header(&r, "X-Ok", NULL, bad[i]),
                  APICC_ERR_INVALID_ARG);
        CHECK_INT(r.nheaders, 0);
        apicc__req_free(&r);
    }
    static const char *const bad_names[] = {"", "X Bad", "X:Bad", "X\r\nY",
                                            "\xc3\xa9"};
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        apicc__request r;
        apicc__req_init(&r, "GET");
        CHECK_INT(apicc__req_header(&r, bad_names[i], NULL, "v"),
                  APICC_ERR_INVALID_ARG);
        apicc__req_free(&r);
    }
    CHECK(apicc__header_value_ok("tab\tis fine"));
    CHECK(!apicc__header_value_ok(NULL));
}

TEST(header_args_and_replacement)
{
    apicc_endpoint ep = {.name = "h", .method = "GET", .path = "/h"};
    apicc_arg args[] = {
        ARG_S("X-Ids", APICC_IN_HEADER, "a"),
        {.name = "X-List", .in = APICC_IN_HEADER, .type = APICC_T_STRING,
         .s = "1", .array = 1},
        {.name = "X-List", .in = APICC_IN_HEADER, .type = APICC_T_STRING,
         .s = "2", .array = 1},
        ARG_S("x-ids", APICC_IN_HEADER, "b"), /* replaces X-Ids */
        {.name = "X-Num", .in = APICC_IN_HEADER, .type = APICC_T_NUMBER,
         .d = 2.5},
    };
    apicc__request r;
    apicc__req_init(&r, "GET");
    CHECK_INT(apicc__req_args(&r, "http://h", &ep, args, 5), APICC_OK);
    CHECK_INT(r.nheaders, 3);
    if (r.nheaders == 3) {
        CHECK_STR(apicc__req_header_line(&r, 0), "x-ids: b");
        CHECK_STR(apicc__req_header_line(&r, 1), "X-List: 1,2"); /* OpenAPI simple style */
        CHECK_STR(apicc__req_header_line(&r, 2), "X-Num: 2.5");
    }
    CHECK_INT(apicc__req_header(&r, "Authorization", "Bearer", "t"),
              APICC_OK);
    CHECK_STR(apicc__req_header_line(&r, 3), "Authorization: Bearer t");
    /* A reset request is empty and takes new lines. */
    apicc__req_reset(&r, "POST");
    CHECK_INT(r.nheaders, 0);
    CHECK_INT(r.query.len, 0);
    CHECK_INT(apicc__req_header(&r, "X-A", NULL, "1"), APICC_OK);
    CHECK_STR(apicc__req_header_line(&r, 0), "X-A: 1");
    apicc_arg evil = ARG_S("X-Evil", APICC_IN_HEADER, "v\r\nHost: evil");
    CHECK_INT(apicc__req_args(&r, "http://h", &ep, &evil, 1),
              APICC_ERR_INVALID_ARG);
    apicc__req_free(&r);
}

TEST(cookies)
{
    apicc_endpoint ep = {.name = "c", .method = "GET", .path = "/c"};
    apicc_arg args[] = {
        ARG_S("a", APICC_IN_COOKIE, "1"),
        {.name = "b", .in = APICC_IN_COOKIE, .type = APICC_T_INT, .i = 2},
    };
    apicc__request r;
    apicc__req_init(&r, "GET");
    CHECK_INT(apicc__req_args(&r, "http://h", &ep, args, 2), APICC_OK);
    CHECK_STR(r.cookies.data, "a=1; b=2");
    CHECK_INT(apicc__req_cookie(&r, "c", "x; admin=1"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc__req_cookie(&r, "c", "x\r\nX-Evil: 1"),
              APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc__req_cookie(&r, "c", "a,b"), APICC_ERR_INVALID_ARG);
    CHECK_INT(apicc__req_cookie(&r, "bad name", "v"), APICC_ERR_INVALID_ARG);
    CHECK_STR(r.cookies.data, "a=1; b=2");
    apicc__req_free(&r);
}

TEST(buffers_grow)
{
    apicc__buf b = {0};
    for (int i = 0; i < 1000; i++)
        apicc__buf_puts(&b, "0123456789");
    CHECK_INT(b.len, 10000);
    CHECK(!b.failed);
    CHECK(b.data[9999] == '9' && b.data[10000] == '\0');
    apicc__buf_reset(&b);
    CHECK_INT(b.len, 0);
    CHECK_STR(b.data, "");
    apicc__buf_free(&b);
    CHECK(b.data == NULL);
}

int main(void)
{
    RUN(path_params_rfc3986);
    RUN(empty_path_param_refused);
    RUN(base_path_is_kept);
    RUN(path_param_types_and_arrays);
    RUN(bad_templates_refused);
    RUN(query_strings);
    RUN(url_without_query);
    RUN(bad_values_refused);
    RUN(header_injection_refused);
    RUN(header_args_and_replacement);
    RUN(cookies);
    RUN(buffers_grow);
    return harness_report();
}
