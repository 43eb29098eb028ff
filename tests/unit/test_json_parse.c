/*
 * The runtime's bounded JSON parser (runtime/src/json_parse.c): the same
 * trees as cJSON for valid JSON, strict RFC 8259 syntax, exact integer
 * text kept where a double cannot hold it, and a value budget that
 * refuses "[0,0,0,...]" long before its nodes cost 40 times its size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "json_parse.h"

static cJSON *parse(const char *s)
{
    return apicc__json_parse_bounded(s, strlen(s));
}

/* Parses with both parsers and compares the printed trees. */
static void same_as_cjson(const char *s)
{
    cJSON *a = parse(s), *b = cJSON_Parse(s);
    char *ta = a ? cJSON_PrintUnformatted(a) : NULL;
    char *tb = b ? cJSON_PrintUnformatted(b) : NULL;
    if (!ta || !tb || strcmp(ta, tb) != 0)
        FAIL("%s: ours %s, cJSON %s", s, ta ? ta : "(null)",
             tb ? tb : "(null)");
    free(ta);
    free(tb);
    cJSON_Delete(a);
    cJSON_Delete(b);
}

TEST(valid_documents_match_cjson)
{
    same_as_cjson("{}");
    same_as_cjson("[]");
    same_as_cjson(" {\"a\" : [1, -2.5, 3e2, 0.001, true, false, null],"
                  "\"b\":{\"c\":\"d\"}, \"a\":2} ");
    same_as_cjson("\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\n\\t\"");
    same_as_cjson("-0");
    same_as_cjson("[[[[[]]]]]");
    same_as_cjson("{\"k\":\"\\u20ac\"}");
}

TEST(bad_syntax_refused)
{
    static const char *const bad[] = {
        "",       " ",      "[1,]",  "[1 2]",   "{\"a\"}",   "{\"a\":}",
        "{a:1}",  "01",     "+1",    ".5",      "1.",        "1e",
        "-",      "tru",    "nul",   "[",       "{\"a\":1",  "\"abc",
        "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\nb\"", "1 2",
        "[1]x",   "\"\\u12g4\"", "{\"a\":1,}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *j = parse(bad[i]);
        if (j)
            FAIL("accepted \"%s\"", bad[i]);
        cJSON_Delete(j);
    }
    /* no NUL needed, and nothing past len is read */
    const char text[] = {'[', '1', ']', 'x'};
    cJSON *j = apicc__json_parse_bounded(text, 3);
    CHECK(cJSON_IsArray(j));
    cJSON_Delete(j);
}

TEST(long_integers_keep_their_text)
{
    cJSON *j = parse("[9007199254740993,123456789012345,1.5,"
                     "12345678901234567890123]");
    CHECK(j != NULL);
    const cJSON *a = cJSON_GetArrayItem(j, 0), *b = cJSON_GetArrayItem(j, 1),
                *c = cJSON_GetArrayItem(j, 2), *d = cJSON_GetArrayItem(j, 3);
    CHECK(cJSON_IsNumber(a) && a->valuestring &&
          strcmp(a->valuestring, "9007199254740993") == 0);
    CHECK(cJSON_IsNumber(b) && b->valuestring == NULL);
    CHECK(cJSON_IsNumber(c) && c->valuestring == NULL);
    CHECK(d->valuestring && strcmp(d->valuestring,
                                   "12345678901234567890123") == 0);
    /* a copy keeps it too */
    cJSON *copy = cJSON_Duplicate(j, 1);
    CHECK(cJSON_GetArrayItem(copy, 0)->valuestring != NULL);
    cJSON_Delete(copy);
    cJSON_Delete(j);
}

/* "abc\u0000def" decodes to a C string "abc": the node says so, for
 * callers that must not take a cut value (credentials). */
TEST(strings_holding_nul_are_marked)
{
    cJSON *j = parse("[\"abc\\u0000def\", \"abc\", \"\\u0000\"]");
    CHECK(j != NULL);
    const cJSON *cut = cJSON_GetArrayItem(j, 0);
    CHECK(cJSON_IsString(cut) && strcmp(cut->valuestring, "abc") == 0);
    CHECK(apicc__json_string_has_nul(cut));
    CHECK(!apicc__json_string_has_nul(cJSON_GetArrayItem(j, 1)));
    CHECK(apicc__json_string_has_nul(cJSON_GetArrayItem(j, 2)));
    CHECK(!apicc__json_string_has_nul(j));
    cJSON *copy = cJSON_Duplicate(j, 1);
    CHECK(apicc__json_string_has_nul(cJSON_GetArrayItem(copy, 0)));
    char *text = cJSON_PrintUnformatted(copy);
    CHECK_STR(text ? text : "(null)", "[\"abc\",\"abc\",\"\"]");
    free(text);
    cJSON_Delete(copy);
    cJSON_Delete(j);
}

TEST(value_budget)
{
    /* 1 MiB of "0," is 512 Ki values: over 65536 + 1 MiB / 16 */
    size_t n = 1 << 20;
    char *big = malloc(n + 2);
    if (!big) {
        FAIL("out of memory");
        return;
    }
    big[0] = '[';
    for (size_t i = 1; i < n; i += 2) {
        big[i] = '0';
        big[i + 1] = ',';
    }
    big[n - 1] = '0';
    big[n] = ']';
    cJSON *j = apicc__json_parse_bounded(big, n + 1);
    CHECK(j == NULL);
    cJSON_Delete(j);
    /* the same values padded to 16 bytes each fit */
    size_t values = 4096, each = 16;
    char *padded = malloc(values * each + 2);
    if (padded) {
        char *p = padded;
        *p++ = '[';
        for (size_t i = 0; i < values; i++) {
            memset(p, ' ', each);
            p[0] = '0';
            p[each - 1] = i + 1 < values ? ',' : ']';
            p += each;
        }
        j = apicc__json_parse_bounded(padded, (size_t)(p - padded));
        CHECK(cJSON_GetArraySize(j) == (int)values);
        cJSON_Delete(j);
    }
    free(padded);
    free(big);
    /* nesting deeper than the limit is refused, without a crash */
    size_t depth = APICC__JSON_MAX_DEPTH + 1;
    char *deep = malloc(2 * depth);
    if (deep) {
        memset(deep, '[', depth);
        memset(deep + depth, ']', depth);
        j = apicc__json_parse_bounded(deep, 2 * depth);
        CHECK(j == NULL);
        cJSON_Delete(j);
        j = apicc__json_parse_bounded(deep + 1, 2 * depth - 2);
        CHECK(cJSON_IsArray(j));
        cJSON_Delete(j);
    }
    free(deep);
}

int main(void)
{
    RUN(valid_documents_match_cjson);
    RUN(bad_syntax_refused);
    RUN(long_integers_keep_their_text);
    RUN(strings_holding_nul_are_marked);
    RUN(value_budget);
    return harness_report();
}
