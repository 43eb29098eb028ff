/*
 * The runtime's bounded JSON parser (runtime/src/json_parse.c): the same
 * trees as cJSON for valid JSON, strict RFC 8259 syntax, exact integer
 * text kept where a double cannot hold it, and a value budget that
 * refuses "[0,0,0,...]" long before its nodes cost 40 times its size;
 * and parsing into an arena (json_arena.c): the same trees, one at a
 * time, wiped when given back.
 */
#include <math.h>
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

/* A refused text says which rule it broke, for the caller's message. */
TEST(refusals_say_why)
{
    const char *why = NULL;
    CHECK(apicc__json_parse_why("[1,]", 4, &why) == NULL);
    CHECK_STR(why ? why : "(null)", "a body that is not JSON");
    size_t n = 1 << 20;
    char *zeros = malloc(n + 1);
    if (zeros) {
        zeros[0] = '[';
        for (size_t i = 1; i < n; i += 2) {
            zeros[i] = '0';
            zeros[i + 1] = ',';
        }
        zeros[n - 1] = '0';
        zeros[n] = ']';
        why = NULL;
        CHECK(apicc__json_parse_why(zeros, n + 1, &why) == NULL);
        CHECK_STR(why ? why : "(null)",
                  "JSON with more values than its size allows");
    }
    free(zeros);
    size_t depth = APICC__JSON_MAX_DEPTH + 1;
    char *deep = malloc(2 * depth);
    if (deep) {
        memset(deep, '[', depth);
        memset(deep + depth, ']', depth);
        why = NULL;
        CHECK(apicc__json_parse_why(deep, 2 * depth, &why) == NULL);
        CHECK_STR(why ? why : "(null)", "JSON nested more than 512 levels deep");
    }
    free(deep);
    cJSON *ok = apicc__json_parse_why("{\"a\":1}", 7, &why);
    CHECK(cJSON_IsObject(ok));
    cJSON_Delete(ok);
}


/* Integers of up to 15 digits are read without strtod: the same doubles,
 * and cJSON's saturated valueint. */
TEST(short_integers_exact)
{
    static const char *const nums[] = {
        "0", "-0", "7", "-7", "2147483647", "2147483648", "-2147483648",
        "-2147483649", "999999999999999", "-999999999999999",
        "123456789012345", "100000000000000", "1.5", "-0.0", "1e3", "1E-3",
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        cJSON *j = parse(nums[i]);
        double want = strtod(nums[i], NULL);
        if (!cJSON_IsNumber(j) || j->valuedouble != want ||
            signbit(j->valuedouble) != signbit(want))
            FAIL("%s read as %.17g", nums[i], j ? j->valuedouble : 0.0);
        int wint = want >= 2147483647.0    ? 2147483647
                   : want <= -2147483648.0 ? (-2147483647 - 1)
                                           : (int)want;
        if (j && j->valueint != wint)
            FAIL("%s: valueint %d, want %d", nums[i], j->valueint, wint);
        cJSON_Delete(j);
    }
}

/* Every node of a and b alike, numbers to the bit and the marks json_parse.h
 * promises (long integer text, strings holding NUL). */
static int same_tree(const cJSON *a, const cJSON *b)
{
    if (!a || !b)
        return a == b;
    if (a->type != b->type || a->valueint != b->valueint ||
        memcmp(&a->valuedouble, &b->valuedouble, sizeof a->valuedouble) != 0)
        return 0;
    if ((a->valuestring == NULL) != (b->valuestring == NULL) ||
        (a->valuestring && strcmp(a->valuestring, b->valuestring) != 0))
        return 0;
    if ((a->string == NULL) != (b->string == NULL) ||
        (a->string && strcmp(a->string, b->string) != 0))
        return 0;
    const cJSON *x = a->child, *y = b->child;
    for (; x && y; x = x->next, y = y->next)
        if (!same_tree(x, y))
            return 0;
    /* cJSON's list invariant: the first child's prev is the last */
    if (a->child && a->child->prev != cJSON_GetArrayItem(
                                          a, cJSON_GetArraySize(a) - 1))
        return 0;
    return x == NULL && y == NULL;
}

static const char *const documents[] = {
    "{}", "[]", "-0", "\"\"", "[[[[[]]]]]",
    " {\"a\" : [1, -2.5, 3e2, 0.001, true, false, null],"
    "\"b\":{\"c\":\"d\"}, \"a\":2} ",
    "\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\ \\/ \\n\\t\"",
    "[9007199254740993,123456789012345,-12345678901234567890123,1e400]",
    "[\"abc\\u0000def\", \"abc\", \"\\u0000\"]",
    "{\"event\":{\"e\":\"trade\",\"E\":1700000000000,\"s\":\"BTCUSDT\","
    "\"t\":12345,\"p\":\"0.001\",\"q\":\"100\",\"m\":true}}",
};

TEST(arena_trees_match)
{
    apicc__json_arena a = {0};
    /* twice over, so the second round reuses what the first left */
    for (int round = 0; round < 2; round++)
        for (size_t i = 0; i < sizeof documents / sizeof documents[0]; i++) {
            const char *d = documents[i];
            cJSON *ours = apicc__json_arena_parse(&a, d, strlen(d));
            cJSON *plain = parse(d);
            if (!ours || !same_tree(ours, plain))
                FAIL("arena tree of %s differs", d);
            apicc__json_arena_release(&a, ours);
            cJSON_Delete(plain);
        }
    /* what the ordinary parser refuses, the arena refuses, and the arena
     * is fine after */
    static const char *const bad[] = {"[1,]", "{\"a\":1", "\"\\ud800\"",
                                      "[1]x", "{\"a\":[1,2,{\"b\":}]}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cJSON *j = apicc__json_arena_parse(&a, bad[i], strlen(bad[i]));
        if (j)
            FAIL("arena accepted %s", bad[i]);
        CHECK(a.root == NULL);
    }
    cJSON *j = apicc__json_arena_parse(&a, "[1]", 3);
    CHECK(cJSON_GetArraySize(j) == 1);
    apicc__json_arena_release(&a, j);
    apicc__json_arena_free(&a);
}

TEST(arena_one_tree_at_a_time)
{
    apicc__json_arena a = {0};
    const char *d = documents[5];
    cJSON *first = apicc__json_arena_parse(&a, d, strlen(d));
    CHECK(first != NULL && a.root == first);
    /* a handler parsing again while the first is read: an ordinary tree,
     * which release frees with cJSON_Delete (ASan and valgrind would
     * see it otherwise) */
    cJSON *second = apicc__json_arena_parse(&a, "{\"x\":[1,2]}", 11);
    CHECK(second != NULL && a.root == first);
    apicc__json_arena_release(&a, second);
    cJSON *plain = parse(d);
    CHECK(same_tree(first, plain));
    /* keep: an ordinary copy that outlives the arena's tree */
    cJSON *kept = apicc__json_arena_keep(&a, first);
    CHECK(kept != NULL && kept != first && a.root == NULL);
    CHECK(same_tree(kept, plain));
    cJSON *third = apicc__json_arena_parse(&a, "[true]", 6);
    CHECK(a.root == third);
    CHECK(same_tree(kept, plain)); /* not touched by the reuse */
    apicc__json_arena_release(&a, third);
    /* keep of an ordinary tree returns it as it is */
    cJSON *own = parse("[1]");
    CHECK(apicc__json_arena_keep(&a, own) == own);
    cJSON_Delete(own);
    cJSON_Delete(kept);
    cJSON_Delete(plain);
    apicc__json_arena_free(&a);
}

/* What a tree held is gone once it is given back: its bytes are zero in
 * the chunk the arena keeps for the next tree. */
TEST(arena_wipes_what_it_gives_back)
{
    apicc__json_arena a = {0};
    const char *d = "{\"token\":\"s3cr3t-s3cr3t-s3cr3t\",\"n\":42}";
    cJSON *j = apicc__json_arena_parse(&a, d, strlen(d));
    const cJSON *token = cJSON_GetObjectItemCaseSensitive(j, "token");
    CHECK(cJSON_IsString(token));
    const unsigned char *bytes = (const unsigned char *)token->valuestring;
    size_t n = strlen(token->valuestring);
    apicc__json_arena_release(&a, j);
    size_t nonzero = 0;
    for (size_t i = 0; i < n; i++)
        nonzero += bytes[i] != 0;
    CHECK(nonzero == 0);
    apicc__json_arena_free(&a);
}

/* A document larger than any chunk, many chunks, the value budget; then
 * small ones again. */
TEST(arena_large_documents)
{
    apicc__json_arena a = {0};
    size_t values = 50000;
    char *big = malloc(values * 12 + 2);
    if (!big) {
        FAIL("out of memory");
        return;
    }
    char *p = big;
    *p++ = '[';
    for (size_t i = 0; i < values; i++)
        p += sprintf(p, "\"v%07zu\"%s", i, i + 1 < values ? "," : "]");
    for (int round = 0; round < 2; round++) {
        cJSON *j = apicc__json_arena_parse(&a, big, (size_t)(p - big));
        CHECK(cJSON_GetArraySize(j) == (int)values);
        const cJSON *last = cJSON_GetArrayItem(j, (int)values - 1);
        CHECK(cJSON_IsString(last) &&
              strcmp(last->valuestring, "v0049999") == 0);
        apicc__json_arena_release(&a, j);
        j = apicc__json_arena_parse(&a, "{\"a\":1}", 7);
        CHECK(cJSON_GetObjectItemCaseSensitive(j, "a") != NULL);
        apicc__json_arena_release(&a, j);
    }
    /* the budget holds in an arena too: 1 MiB of "0," */
    size_t n = 1 << 20;
    char *zeros = malloc(n + 1);
    if (zeros) {
        zeros[0] = '[';
        for (size_t i = 1; i < n; i += 2) {
            zeros[i] = '0';
            zeros[i + 1] = ',';
        }
        zeros[n - 1] = '0';
        zeros[n] = ']';
        CHECK(apicc__json_arena_parse(&a, zeros, n + 1) == NULL);
        CHECK(a.root == NULL);
    }
    free(zeros);
    free(big);
    apicc__json_arena_free(&a);
}

int main(void)
{
    RUN(valid_documents_match_cjson);
    RUN(bad_syntax_refused);
    RUN(long_integers_keep_their_text);
    RUN(strings_holding_nul_are_marked);
    RUN(value_budget);
    RUN(refusals_say_why);
    RUN(short_integers_exact);
    RUN(arena_trees_match);
    RUN(arena_one_tree_at_a_time);
    RUN(arena_wipes_what_it_gives_back);
    RUN(arena_large_documents);
    return harness_report();
}
